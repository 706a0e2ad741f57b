"""Bad input answers 422 naming the field (or JSON path) and the fix, and a
failing request writes nothing."""

from __future__ import annotations

import uuid

from backchannel.core.models import AuditEvent
from backchannel.meetings.models import AgendaItem, Meeting, Segment
from backchannel.participants.models import Seat
from backchannel.processes.models import Phase, Process, Side
from tests.api.conftest import Api


def _process_body(api: Api, **changes: object) -> dict[str, object]:
    return {
        "organisation_id": api.world.org.pk,
        "title": "Highland Grazing Dialogue",
        "track": "1.5",
        "stage": "preventive",
        "approach": "problem_solving",
        "sides": ["Varnia", "Ostrel"],
        **changes,
    }


def test_a_process_with_one_side_is_refused_on_the_sides_field(api: Api) -> None:
    before = Process.objects.count()
    reply = api.call(
        "org_convener", "POST", "/api/processes", _process_body(api, sides=["Varnia"])
    )
    assert reply.status == 422
    assert reply.errors["sides"] == ["A process needs at least two named sides."]
    assert "sides" in reply.body["detail"]
    assert Process.objects.count() == before


def test_an_unknown_enum_value_names_the_allowed_values(api: Api) -> None:
    reply = api.call(
        "org_convener", "POST", "/api/processes", _process_body(api, track="3")
    )
    assert reply.status == 422
    assert reply.errors == {"track": ["Input should be '1.5' or '2'."]}


def test_missing_and_unknown_fields_are_named(api: Api) -> None:
    body = _process_body(api, colour="blue")
    del body["title"]
    reply = api.call("org_convener", "POST", "/api/processes", body)
    assert reply.status == 422
    assert reply.errors["title"] == ["This field is required."]
    assert reply.errors["colour"][0].startswith("Unknown field: remove it")


def test_an_organisation_not_yours_answers_like_a_random_one(api: Api) -> None:
    rival = api.call(
        "org_convener",
        "POST",
        "/api/processes",
        _process_body(api, organisation_id=api.world.rival.pk),
    )
    random = api.call(
        "org_convener",
        "POST",
        "/api/processes",
        _process_body(api, organisation_id=uuid.uuid4()),
    )
    assert rival.status == 422
    assert rival == random
    assert "GET /api/me" in rival.errors["organisation_id"][0]


def test_a_phase_ending_before_it_starts_is_refused_on_ends_on(api: Api) -> None:
    w = api.world
    before = Phase.objects.count()
    reply = api.call(
        "facilitator",
        "POST",
        f"/api/processes/{w.process.pk}/phases",
        {
            "title": "Backwards",
            "stage": "negotiation",
            "starts_on": "2027-03-01",
            "ends_on": "2027-02-01",
        },
    )
    assert reply.status == 422
    assert "cannot end before it starts" in reply.errors["ends_on"][0]
    assert Phase.objects.count() == before

    # Moving only the start past the existing end is the same mistake.
    reply = api.call(
        "facilitator", "PATCH", f"/api/phases/{w.phase.pk}", {"starts_on": "2027-01-01"}
    )
    assert reply.status == 422
    assert list(reply.errors) == ["ends_on"]
    w.phase.refresh_from_db()
    assert str(w.phase.starts_on) == "2026-01-01"


def test_malformed_dates_numbers_and_ids_in_the_body_are_named(api: Api) -> None:
    w = api.world
    reply = api.call(
        "convener",
        "POST",
        f"/api/indicators/{w.indicator.pk}/measurements",
        {"measured_on": "1 March", "value": "many"},
    )
    assert reply.status == 422
    assert set(reply.errors) == {"measured_on", "value"}
    reply = api.call(
        "convener",
        "PUT",
        f"/api/meetings/{w.meeting.pk}/attendance",
        {"attendance": ["not-an-id"]},
    )
    assert reply.status == 422
    assert "UUID" in reply.errors["attendance[0]"][0]


def test_a_meeting_with_a_bad_segment_is_not_written_at_all(api: Api) -> None:
    w = api.world
    counts = (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Segment.objects.count(),
        AuditEvent.objects.count(),
    )
    reply = api.call(
        "org_convener",
        "POST",
        f"/api/processes/{w.process.pk}/meetings",
        {
            "title": "Third round",
            "date": "2026-09-01",
            "agenda": ["Welcome", "Water quotas"],
            "segments": [
                {"title": "Opening", "record_rule": "on_record"},
                {"title": "   ", "record_rule": "off_record"},
            ],
        },
    )
    assert reply.status == 422
    assert list(reply.errors) == ["segments[1].title"]
    assert counts == (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Segment.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_bad_record_rule_names_its_segment_and_the_allowed_rules(api: Api) -> None:
    w = api.world
    reply = api.call(
        "org_convener",
        "PATCH",
        f"/api/meetings/{w.meeting.pk}",
        {"title": "Renamed", "segments": [{"title": "All", "record_rule": "secret"}]},
    )
    assert reply.status == 422
    assert "'chatham_house'" in reply.errors["segments[0].record_rule"][0]
    w.meeting.refresh_from_db()
    assert str(w.meeting.title) == "First round"


def test_a_failing_meeting_update_keeps_the_old_agenda(api: Api) -> None:
    w = api.world
    reply = api.call(
        "org_convener",
        "PATCH",
        f"/api/meetings/{w.meeting.pk}",
        {
            "agenda": ["New item"],
            "segments": [{"title": "", "record_rule": "on_record"}],
        },
    )
    assert reply.status == 422
    assert [str(i.title) for i in w.meeting.agenda_items.order_by("position")] == [
        "Welcome",
        "Ground rules",
    ]


def test_body_ids_from_elsewhere_answer_like_random_ids(api: Api) -> None:
    w = api.world
    rival_side = api.rival_ids["side"]
    rival_person = api.rival_ids["person"]
    path = f"/api/processes/{w.process.pk}/seats"
    person = api.new_person().pk
    for body, field in [
        ({"person_id": rival_person, "role": "observer"}, "person_id"),
        (
            {"person_id": person, "role": "participant", "side_id": rival_side},
            "side_id",
        ),
    ]:
        foreign = api.call("org_convener", "POST", path, body)
        random = api.call("org_convener", "POST", path, {**body, field: uuid.uuid4()})
        assert foreign.status == 422, foreign.body
        assert foreign == random
        assert list(foreign.errors) == [field]
    assert not Seat.objects.filter(person_id=person).exists()

    # A side of the organisation's other process is just as foreign here.
    other_side = Side.objects.filter(process=w.other_process).first()
    reply = api.call(
        "org_convener",
        "PATCH",
        f"/api/seats/{w.seats['participant'].pk}",
        {"side_id": other_side.pk},
    )
    assert reply.status == 422
    assert list(reply.errors) == ["side_id"]


def test_attendance_refuses_seats_of_other_processes(api: Api) -> None:
    w = api.world
    reply = api.call(
        "facilitator",
        "PUT",
        f"/api/meetings/{w.meeting.pk}/attendance",
        {"attendance": [str(w.seats["participant"].pk), str(api.rival_ids["seat"])]},
    )
    assert reply.status == 422
    assert "not seats of this process" in reply.errors["attendance"][0]
    w.meeting.refresh_from_db()
    assert w.meeting.attendance == [str(w.seats["participant"].pk)]


def test_an_ecosystem_link_needs_exactly_one_target_it_can_see(api: Api) -> None:
    w = api.world
    path = f"/api/processes/{w.process.pk}/ecosystem-links"
    neither = api.call("org_convener", "POST", path, {"relation": "feeds_into"})
    assert neither.status == 422
    assert list(neither.errors) == ["target"]
    # The seated convener does not see the organisation's other process.
    hidden = api.call(
        "convener",
        "POST",
        path,
        {"relation": "parallel_to", "target_process_id": w.other_process.pk},
    )
    random = api.call(
        "convener",
        "POST",
        path,
        {"relation": "parallel_to", "target_process_id": uuid.uuid4()},
    )
    assert hidden.status == 422
    assert hidden == random
    visible = api.call(
        "org_convener",
        "POST",
        path,
        {"relation": "parallel_to", "target_process_id": w.other_process.pk},
    )
    assert visible.status == 201
    assert visible.body["target"] == "Border Trade Track Two"


def test_bad_contacts_and_affiliation_dates_are_named(api: Api) -> None:
    w = api.world
    person = w.people["participant"]
    reply = api.call(
        "org_convener",
        "PATCH",
        f"/api/people/{person.pk}",
        {"contact": {"emails": ["not an address"]}},
    )
    assert reply.status == 422
    assert "name@example.org" in reply.errors["contact.emails"][0]
    reply = api.call(
        "org_convener",
        "PATCH",
        f"/api/people/{person.pk}",
        {"contact": {"pigeons": ["loft 3"]}},
    )
    assert reply.status == 422
    assert list(reply.errors) == ["contact.pigeons"]
    reply = api.call(
        "org_convener",
        "POST",
        f"/api/people/{person.pk}/affiliations",
        {
            "organisation_name": "Ostrel Ministry",
            "starts_on": "2020-01-01",
            "ends_on": "2019-01-01",
        },
    )
    assert reply.status == 422
    assert list(reply.errors) == ["ends_on"]
    assert not person.affiliations.exists()


def test_a_side_rule_from_the_service_comes_back_as_422(api: Api) -> None:
    w = api.world
    north = w.process.sides.order_by("position").first()
    reply = api.call("facilitator", "DELETE", f"/api/sides/{north.pk}")
    assert reply.status == 422
    assert "at least two sides" in reply.errors["side"][0]
    reply = api.call(
        "facilitator", "POST", f"/api/processes/{w.process.pk}/sides", {"name": "north"}
    )
    assert reply.status == 422
    assert reply.errors == {"name": ["Another side has this name."]}


def test_a_body_that_is_not_json_gets_400_and_no_body_gets_422(api: Api) -> None:
    w = api.world
    response = api.client.post(
        f"/api/processes/{w.process.pk}/sides",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.tokens['facilitator']}",
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]
    reply = api.call("facilitator", "POST", f"/api/processes/{w.process.pk}/sides")
    assert reply.status == 422
    assert reply.errors == {"__all__": ["Send a JSON object as the request body."]}


def test_non_finite_numbers_are_refused(api: Api) -> None:
    w = api.world
    response = api.client.patch(
        f"/api/indicators/{w.indicator.pk}",
        '{"target": NaN}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.tokens['facilitator']}",
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["target"]


def test_service_errors_name_the_api_s_fields(api: Api) -> None:
    w = api.world
    reply = api.call(
        "org_convener",
        "POST",
        f"/api/processes/{w.process.pk}/seats",
        {"person_id": str(api.new_person().pk), "role": "participant"},
    )
    assert reply.status == 422
    assert reply.errors == {"side_id": ["A participant sits on a side: choose one."]}
    reply = api.call(
        "org_convener",
        "POST",
        f"/api/processes/{w.process.pk}/seats",
        {"person_id": str(w.people["observer"].pk), "role": "observer"},
    )
    assert reply.status == 422
    assert "already holds a seat" in reply.errors["person_id"][0]
    reply = api.call(
        "org_convener",
        "POST",
        f"/api/processes/{w.other_process.pk}/meetings",
        {"title": "Elsewhere", "date": "2026-07-01", "phase_id": str(w.phase.pk)},
    )
    assert reply.status == 422
    assert list(reply.errors) == ["phase_id"]
