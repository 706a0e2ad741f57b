"""What each role reads: contacts, attendance, composition and other processes'
names stay with those who may see them."""

from __future__ import annotations

import json

from backchannel.participants.services import affiliation_add, person_update
from backchannel.processes.access import access_process_by_id
from backchannel.processes.services import ecosystem_link_create
from tests.api.conftest import Api
from tests.world import ALL_ROLES, MANAGING_ROLES, VIEWING_ROLES

CONTACT = "ada.kessler@example.org"


def _give_contacts(api: Api) -> None:
    person = api.world.people["participant"]
    actor = api.world.users["org_convener"]
    person_update(actor=actor, person=person, contact={"emails": [CONTACT]})
    affiliation_add(actor=actor, person=person, organisation_name="Varnian Water Board")


def test_contacts_reach_only_managers_through_seats(api: Api) -> None:
    _give_contacts(api)
    w = api.world
    seat = w.seats["participant"]
    # Interpreters see no roster at all (tests/api/test_roles.py).
    for role in VIEWING_ROLES - {"interpreter"}:
        listed = api.get(role, f"/api/processes/{w.process.pk}/seats")
        single = api.get(role, f"/api/seats/{seat.pk}")
        mine = next(s for s in listed.body if s["id"] == str(seat.pk))
        assert mine == single.body, role
        assert mine["person_name"] == "Person Participant"
        text = json.dumps(listed.body) + json.dumps(single.body)
        if role in MANAGING_ROLES:
            assert mine["person"]["contact"]["emails"] == [CONTACT], role
            assert "Varnian Water Board" in text, role
        else:
            assert "person" not in mine, role
            assert CONTACT not in text, role
            assert "Varnian Water Board" not in text, role
            assert "capacity" not in text, role


def test_the_registry_is_closed_to_everyone_but_its_keepers(api: Api) -> None:
    _give_contacts(api)
    w = api.world
    person = w.people["participant"]
    for role in ALL_ROLES:
        reply = api.get(role, f"/api/people/{person.pk}")
        if role in MANAGING_ROLES:
            assert reply.body["contact"]["emails"] == [CONTACT], role
        else:
            assert reply.status == 404, role
            assert CONTACT not in json.dumps(reply.body)


def test_attendance_reaches_only_managers(api: Api) -> None:
    w = api.world
    for role in VIEWING_ROLES:
        reply = api.get(role, f"/api/meetings/{w.meeting.pk}")
        assert reply.status == 200, role
        assert reply.body["agenda"] == ["Welcome", "Ground rules"]
        if role in MANAGING_ROLES:
            assert reply.body["attendance"] == [str(w.seats["participant"].pk)], role
        else:
            assert "attendance" not in reply.body, role


def test_the_composition_is_for_managers_only(api: Api) -> None:
    w = api.world
    for role in VIEWING_ROLES - MANAGING_ROLES:
        reply = api.get(role, f"/api/processes/{w.process.pk}/composition")
        assert reply.status == 404, role  # the 404 of a random id
        assert "composition" not in reply.body["detail"]
    reply = api.get("facilitator", f"/api/processes/{w.process.pk}/composition")
    assert reply.body["total"] == 1
    assert [s["seats"] for s in reply.body["sides"]] == [1, 0]
    assert {"side_under_share", "no_civil_society"} <= {
        warning["code"] for warning in reply.body["warnings"]
    }


def test_an_incoming_link_from_a_hidden_process_shows_neither_name_nor_note(
    api: Api,
) -> None:
    w = api.world
    other = access_process_by_id(w.users["org_convener"], w.other_process.pk)
    ecosystem_link_create(
        access=other,
        relation="feeds_into",
        target_process=w.process,
        note="Our informant in the ministry",
    )
    seen = api.get("participant", f"/api/processes/{w.process.pk}/ecosystem")
    incoming = [link for link in seen.body if link["direction"] == "incoming"]
    assert len(incoming) == 1
    assert incoming[0]["source"] == "A process you do not see"
    assert "note" not in incoming[0]
    assert "Border Trade" not in json.dumps(seen.body)
    assert "informant" not in json.dumps(seen.body)
    # The organisation's convener sees both processes, and the note stays
    # with the process that wrote it.
    by_convener = api.get("org_convener", f"/api/processes/{w.process.pk}/ecosystem")
    assert by_convener.body[0]["source"] == "Border Trade Track Two"
    assert "note" not in by_convener.body[0]


def test_the_process_list_names_each_role_and_hides_the_rest(api: Api) -> None:
    w = api.world
    for role in ALL_ROLES:
        reply = api.get(role, "/api/processes")
        roles = {p["id"]: p["role"] for p in reply.body}
        if role in VIEWING_ROLES:
            assert roles[str(w.process.pk)] == role, role
        else:
            assert str(w.process.pk) not in roles, role
        assert (str(w.rival_process.pk) in roles) == (role == "outsider"), role


def test_a_user_reads_their_own_organisations(api: Api) -> None:
    reply = api.get("org_convener", "/api/me")
    assert reply.body == {
        "username": "org-convener",
        "language": "",
        "languages": ["en", "fr", "es", "ar", "ru", "zh-hans"],
        "organisations": [
            {
                "id": str(api.world.org.pk),
                "name": "Institute for Quiet Diplomacy",
                "slug": "institute-for-quiet-diplomacy",
                "role": "convener",
            }
        ],
    }
    assert api.get("outsider", "/api/me").body["organisations"][0]["name"] == (
        "Other Convening Centre"
    )


def test_a_deactivated_user_s_token_stops_working(api: Api) -> None:
    user = api.world.users["facilitator"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert api.get("facilitator", "/api/me").status == 401


def test_the_roster_shows_others_only_who_joined_and_no_codes(api: Api) -> None:
    from backchannel.participants.services import seat_create

    w = api.world
    access = access_process_by_id(w.users["org_convener"], w.process.pk)
    offered = seat_create(
        access=access,
        person=api.new_person(),
        role="participant",
        side=w.process.sides.order_by("position")[0],
    )
    joined = w.seats["participant"]
    for role in VIEWING_ROLES - {"interpreter"}:
        listed = api.get(role, f"/api/processes/{w.process.pk}/seats")
        ids = {s["id"] for s in listed.body}
        single = api.get(role, f"/api/seats/{offered.pk}")
        if role in MANAGING_ROLES:
            assert str(offered.pk) in ids, role
            assert all(s["pseudonym"] for s in listed.body), role
            assert single.status == 200, role
        else:
            # who is in the dialogue (names, sides), not who was only offered
            # a seat, and never the code that decodes the record
            assert str(offered.pk) not in ids, role
            assert str(joined.pk) in ids, role
            assert all("pseudonym" not in s for s in listed.body), role
            assert str(joined.pseudonym) not in json.dumps(listed.body), role
            assert single.status == 404, role
