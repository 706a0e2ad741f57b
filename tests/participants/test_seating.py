"""Seating in bulk (issue 16.3): a roster CSV checked, previewed, then seated."""

from __future__ import annotations

import pytest

from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.participants import services
from backchannel.participants.models import Person, Seat
from backchannel.participants.seating import (
    check_roster_text,
    read_roster_bytes,
    roster_plan,
    roster_seat,
)
from backchannel.processes.access import access_process_by_id
from tests.world import World

pytestmark = pytest.mark.django_db

GOOD = (
    "name,side,role,capacity,gender,level,email,phone,affiliation,title\n"
    "Amira Haddad,North,participant,expert,woman,key_person,amira@example.org,"
    "+41 22 123 45 67,River Institute,Director\n"
    "Boris Lenz,south,Participant,Non-governmental expert,man,broader,,,,\n"
    "Chen Wei,,observer,,,,,,,\n"
)


def _counts() -> tuple[int, int]:
    return Person.objects.count(), Seat.objects.count()


def test_a_good_roster_adds_people_and_seats_them(world: World) -> None:
    access = world.access("facilitator")
    plan = roster_plan(access=access, text=GOOD)
    assert plan.problems == []
    assert [r.action for r in plan.rows] == ["create", "create", "create"]
    people, seats = _counts()
    made = roster_seat(access=access, text=GOOD)
    assert _counts() == (people + 3, seats + 3)
    amira = made[0]
    assert amira.side.name == "North" and amira.role == "participant"
    assert amira.person.capacity == "expert" and amira.person.level == "key_person"
    assert amira.person.contact["emails"] == ["amira@example.org"]
    assert [a.organisation_name for a in amira.person.affiliations.all()] == [
        "River Institute"
    ]
    assert made[1].side.name == "South" and made[1].person.gender == "man"
    chen = made[2].person
    assert (chen.capacity, chen.gender, chen.level) == ("other", "undisclosed", "broader")


def test_a_person_already_in_the_registry_is_matched_not_duplicated(
    world: World,
) -> None:
    access = world.access("org_convener")
    known = services.person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Amira Haddad",
        gender="woman",
        capacity="quasi_official",
        level="broader",
        contact={"emails": ["amira@example.org"]},
    )
    plan = roster_plan(access=access, text=GOOD)
    assert plan.rows[0].person == known and plan.rows[0].action == "match"
    assert plan.rows[0].differs == ["capacity", "level"]
    people, _ = _counts()
    seats = roster_seat(access=access, text=GOOD)
    assert Person.objects.count() == people + 2
    assert seats[0].person == known
    known.refresh_from_db()
    assert known.capacity == "quasi_official"  # the registry's details stay


def test_a_different_email_is_a_different_person(world: World) -> None:
    services.person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Amira Haddad",
        gender="woman",
        capacity="expert",
        level="broader",
        contact={"emails": ["other@example.org"]},
    )
    plan = roster_plan(access=world.access(), text=GOOD)
    assert plan.rows[0].action == "create"


def test_bad_rows_write_nothing_and_every_problem_names_its_line(
    world: World,
) -> None:
    text = (
        "name,side,role,capacity,gender,level,email\n"
        "Amira Haddad,North,participant,expert,woman,key_person,amira@example.org\n"
        "Boris Lenz,Atlantis,participant,,,,\n"
        "=HYPERLINK(\"http://x\"),North,participant,,,,\n"
        "Dana Roe,North,chief,,,,not-an-email\n"
        "Eve Stone,,participant,,,,\n"
        "Person Participant,North,participant,,,,\n"
        "Amira  haddad,North,participant,,,,amira@example.org\n"
        "Fay,North,participant,,,\n"
    )
    before = _counts()
    plan = roster_plan(access=world.access(), text=text)
    where = {(p.line, p.column) for p in plan.problems}
    assert where == {
        (3, "side"),
        (4, "name"),
        (5, "role"),
        (5, "email"),
        (6, "side"),
        (7, "name"),  # already seated
        (8, "name"),  # the same person as line 2
        (9, ""),  # a missing field
    }, plan.problems
    formula = next(p for p in plan.problems if p.line == 4)
    assert "formula" in formula.message
    with pytest.raises(ValidationFailed) as caught:
        roster_seat(access=world.access(), text=text)
    assert "line 3, side" in caught.value.errors
    assert "line 9" in caught.value.errors
    assert _counts() == before


def test_an_escaped_formula_cell_is_text(world: World) -> None:
    text = "name,side,role\n'=Odd Name,North,participant\n"
    plan = roster_plan(access=world.access(), text=text)
    assert plan.problems == [] and plan.rows[0].name == "=Odd Name"


def test_header_problems_are_listed_before_any_row(world: World) -> None:
    plan = roster_plan(access=world.access(), text="nom,side,side\nX,North\n")
    assert {(p.line, p.column) for p in plan.problems} == {
        (1, "nom"),
        (1, "side"),
        (1, "name"),
        (1, "role"),
    }
    plan = roster_plan(access=world.access(), text="")
    assert plan.problems and "header" in plan.problems[0].message


def test_oversize_and_encoding_go_through_the_shared_checks(
    world: World, settings: object
) -> None:
    settings.BACKCHANNEL_MAX_UPLOAD_BYTES = 100  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed, match="larger than the limit"):
        read_roster_bytes(GOOD.encode())
    with pytest.raises(ValidationFailed, match="larger than the limit"):
        check_roster_text(GOOD)
    settings.BACKCHANNEL_MAX_UPLOAD_BYTES = 1 << 20  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed, match="not UTF-8"):
        read_roster_bytes("name,side,role\nJosé,North,participant\n".encode("latin-1"))
    with pytest.raises(ValidationFailed, match="UTF-16"):
        read_roster_bytes(GOOD.encode("utf-16"))
    assert read_roster_bytes(b"\xef\xbb\xbf" + GOOD.encode()) == GOOD


def test_only_managers_of_the_process_seat_in_bulk(world: World) -> None:
    before = _counts()
    for role in ("participant", "rapporteur", "observer"):
        with pytest.raises(PermissionDenied):
            roster_plan(access=world.access(role), text=GOOD)
        with pytest.raises(PermissionDenied):
            roster_seat(access=world.access(role), text=GOOD)
    # A facilitator of another process cannot reach this one at all.
    with pytest.raises(NotFound):
        access_process_by_id(
            world.users["facilitator"], world.other_process.pk, manage=True
        )
    assert _counts() == before
