"""The shape of what reads answer, and what writes answer back."""

from __future__ import annotations

from tests.api.conftest import Api


def test_the_process_detail_holds_the_whole_plan(api: Api) -> None:
    w = api.world
    reply = api.get("observer", f"/api/processes/{w.process.pk}")
    assert reply.status == 200
    body = reply.body
    assert body["role"] == "observer"
    assert body["can_manage"] is False
    assert [s["name"] for s in body["sides"]] == ["North", "South"]
    [phase] = body["phases"]
    assert phase["title"] == "Exploration"
    [objective] = phase["objectives"]
    assert objective["expectation"].startswith("This phase cannot deliver")
    [indicator] = objective["indicators"]
    assert indicator["latest"] == 2
    assert indicator["progress"] == 2 / 6
    assert [m["value"] for m in indicator["measurements"]] == [2]


def test_a_created_process_answers_with_its_sides_and_the_creator_s_role(
    api: Api,
) -> None:
    reply = api.call(
        "org_convener",
        "POST",
        "/api/processes",
        {
            "organisation_id": str(api.world.org.pk),
            "title": "  Delta Salinity Track Two ",
            "track": "2",
            "stage": "post_conflict",
            "approach": "outcome_driven",
            "sides": ["Upstream", "Downstream"],
        },
    )
    assert reply.status == 201
    assert reply.body["title"] == "Delta Salinity Track Two"
    assert reply.body["role"] == "org_convener"
    assert reply.body["status"] == "planning"
    assert [s["name"] for s in reply.body["sides"]] == ["Upstream", "Downstream"]
    again = api.get("org_convener", f"/api/processes/{reply.body['id']}")
    assert again.body == reply.body


def test_a_measurement_moves_the_indicator_s_progress(api: Api) -> None:
    w = api.world
    reply = api.call(
        "facilitator",
        "POST",
        f"/api/indicators/{w.indicator.pk}/measurements",
        {"measured_on": "2026-06-01", "value": 9},
    )
    assert reply.status == 201
    assert reply.body["latest"] == 9
    assert reply.body["progress"] == 1.0
    assert api.get("rapporteur", f"/api/indicators/{w.indicator.pk}").body == reply.body


def test_an_objective_moves_to_another_phase_of_its_process(api: Api) -> None:
    w = api.world
    created = api.call(
        "convener",
        "POST",
        f"/api/processes/{w.process.pk}/phases",
        {"title": "Drafting", "stage": "negotiation"},
    )
    moved = api.call(
        "convener",
        "PATCH",
        f"/api/objectives/{w.objective.pk}",
        {"phase_id": created.body["id"]},
    )
    assert moved.status == 200
    assert moved.body["phase_id"] == created.body["id"]
    phases = api.get("participant", f"/api/processes/{w.process.pk}/phases").body
    assert [len(p["objectives"]) for p in phases] == [0, 1]
    cleared = api.call(
        "convener", "PATCH", f"/api/objectives/{w.objective.pk}", {"phase_id": None}
    )
    assert cleared.status == 422
    assert list(cleared.errors) == ["phase_id"]


def test_meetings_are_listed_by_date_and_detailed_with_segments(api: Api) -> None:
    w = api.world
    for date in ["2027-01-10", "2025-05-05"]:
        api.call(
            "org_convener",
            "POST",
            f"/api/processes/{w.process.pk}/meetings",
            {"title": f"Round of {date}", "date": date},
        )
    listed = api.get("interpreter", f"/api/processes/{w.process.pk}/meetings").body
    assert [m["date"] for m in listed] == ["2025-05-05", "2026-02-10", "2027-01-10"]
    assert "venue" not in listed[0]
    detail = api.get("interpreter", f"/api/meetings/{w.meeting.pk}").body
    assert detail["segments"] == [
        {"position": 0, "title": "Opening", "record_rule": "on_record"},
        {"position": 1, "title": "Options", "record_rule": "chatham_house"},
    ]


def test_withholding_the_venue_drops_it(api: Api) -> None:
    w = api.world
    reply = api.call(
        "facilitator",
        "PATCH",
        f"/api/meetings/{w.meeting.pk}",
        {"venue_withheld": True},
    )
    assert reply.body["venue"] == ""
    assert reply.body["venue_withheld"] is True


def test_a_seat_without_a_pseudonym_gets_a_code_of_its_side(api: Api) -> None:
    w = api.world
    south = w.process.sides.order_by("position").last()
    reply = api.call(
        "org_convener",
        "POST",
        f"/api/processes/{w.process.pk}/seats",
        {
            "person_id": str(api.new_person().pk),
            "role": "participant",
            "side_id": str(south.pk),
        },
    )
    assert reply.status == 201
    assert reply.body["pseudonym"] == "B-01"
    assert reply.body["person"]["contact"]["emails"] == ["ilse@example.org"]


def test_list_reads_make_a_bounded_number_of_queries(
    api: Api, django_assert_max_num_queries: object
) -> None:
    w = api.world
    for _ in range(5):
        api.make("new_seat")
    # Counts stay flat however many seats, people or processes there are.
    for role, path, most in [
        ("facilitator", f"/api/processes/{w.process.pk}/seats", 6),
        ("participant", f"/api/processes/{w.process.pk}", 9),
        ("org_convener", "/api/processes", 4),
        ("org_convener", f"/api/organisations/{w.org.pk}/people", 5),
    ]:
        with django_assert_max_num_queries(most):  # type: ignore[operator]
            assert api.get(role, path).status == 200
