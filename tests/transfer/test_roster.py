"""Rosters: the CSV reader (line and column in every error) and the roster
built from a process's seats."""

from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.gate import build_gate
from backchannel.participants.services import (
    affiliation_add,
    person_create,
    seat_create,
)
from backchannel.processes.access import access_process_by_id
from backchannel.transfer.roster import (
    RosterError,
    parse_roster_csv,
    read_roster_csv,
    roster_for_process,
)
from backchannel.transfer.services import gate_report
from tests.world import World

HEADER = "name,aliases,title,affiliation,side,email\n"


def test_a_roster_is_read_with_aliases_split_on_semicolons() -> None:
    [p] = parse_roster_csv(
        HEADER + "José Núñez,Pepe; José Nunes ,Professor,University of Ostrel,"
        "Ostrel,jose@uni.example\n"
    )
    assert p.name == "José Núñez"
    assert p.aliases == ("Pepe", "José Nunes")
    assert p.titles == ("Professor",)
    assert p.affiliations == ("University of Ostrel",)
    assert p.side == "Ostrel"
    assert p.emails == ("jose@uni.example",)
    assert p.key == "line 2"


def test_columns_may_come_in_any_order_with_optional_ones() -> None:
    [p] = parse_roster_csv(
        "email,side,affiliation,title,aliases,name,gender,phones,handles\n"
        "a@b.example,V,,,,Ann Kovar,woman,+41 22 123 45 67;022 555 66 77,@ann\n"
    )
    assert (p.name, p.gender, p.phones, p.handles) == (
        "Ann Kovar",
        "woman",
        ("+41 22 123 45 67", "022 555 66 77"),
        ("@ann",),
    )


def test_a_byte_order_mark_and_blank_lines_are_fine() -> None:
    people = parse_roster_csv("\ufeff" + HEADER + "\nAnn Kovar,,,,,\n\n")
    assert [p.name for p in people] == ["Ann Kovar"]


@pytest.mark.parametrize(
    ("csv", "line", "column", "message"),
    [
        ("", 1, None, "empty"),
        ("name,aliases,title\nAnn,,\n", 1, "affiliation", "missing column"),
        (HEADER.replace("email", "mail"), 1, "mail", "unknown column"),
        ("name,name,aliases,title,affiliation,side,email\n", 1, "name", "twice"),
        (HEADER, 2, None, "no participants"),
        (HEADER + "Ann Kovar,,,,,\n,Pepe,,,,\n", 3, "name", "name is empty"),
        (HEADER + "1234,,,,,\n", 2, "name", "no letters"),
        (HEADER + "Ann Kovar,,,,,ann@\n", 2, "email", "not an email"),
        (HEADER + "Ann Kovar,,,,\n", 2, None, "expected 6 fields"),
        (HEADER + "Ann Kovar,,,,,,extra\n", 2, None, "found 7"),
        (HEADER + 'Ann Kovar,"a\nb",,,,\nBen, x,,,,,\n', 4, None, "found 7"),
        (HEADER + 'Ann Kovar,"unclosed,,,,\n', 2, None, "unreadable"),
        (HEADER[:-1] + ",gender\nAnn Kovar,,,,,,female\n", 2, "gender", "woman, man"),
        (HEADER[:-1] + ",phones\nAnn Kovar,,,,,,call me\n", 2, "phones", "phone"),
    ],
)
def test_a_bad_roster_is_refused_naming_the_line_and_column(
    csv: str, line: int, column: str | None, message: str
) -> None:
    with pytest.raises(RosterError, match=message) as caught:
        parse_roster_csv(csv)
    assert caught.value.line == line
    assert caught.value.column == column
    assert str(caught.value).startswith(f"line {line}")


def test_a_roster_file_that_is_not_utf8_is_refused_with_its_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(
        HEADER.encode() + "Ann Kovar,,,,,\nJos\xe9 N,,,,,\n".encode("latin-1")
    )
    with pytest.raises(RosterError, match="not UTF-8") as caught:
        read_roster_csv(path)
    assert caught.value.line == 3


def test_the_roster_of_a_process_has_every_seated_person(world: World) -> None:
    access = world.access()
    actor = world.users["org_convener"]
    person = person_create(
        actor=actor,
        organisation=world.org,
        name="Ines Lindqvist",
        aliases=["Ines L."],
        contact={
            "emails": ["ines@kelc.example"],
            "phones": ["+41 22 123 45 67"],
            "handles": ["@ines_l"],
        },
        gender="woman",
        capacity="expert",
        level="key_person",
    )
    affiliation_add(
        actor=actor,
        person=person,
        organisation_name="Kessa Environmental Law Clinic",
        title="Senior Lawyer",
    )
    south = world.process.sides.order_by("position")[1]
    seat = seat_create(access=access, person=person, role="participant", side=south)

    roster = roster_for_process(world.process)

    seated = {str(s.person.name) for s in world.process.seats.all()}
    assert {p.name for p in roster if p.rank == 0} == seated | {"Ines Lindqvist"}
    # the seated come first
    assert [p.rank for p in roster] == sorted(p.rank for p in roster)
    [ines] = [p for p in roster if p.name == "Ines Lindqvist"]
    assert ines.key == str(seat.pk)
    assert ines.aliases == ("Ines L.",)
    assert ines.titles == ("Senior Lawyer",)
    assert ines.affiliations == ("Kessa Environmental Law Clinic",)
    assert ines.side == "South"
    assert ines.gender == "woman"
    assert ines.emails == ("ines@kelc.example",)
    assert ines.phones == ("+41 22 123 45 67",)
    assert ines.handles == ("@ines_l",)
    # another process of the organisation has her too, second-ranked
    [elsewhere] = [
        p for p in roster_for_process(world.other_process) if p.name == "Ines Lindqvist"
    ]
    assert (elsewhere.rank, elsewhere.key, elsewhere.side) == (
        1,
        f"person-{person.pk}",
        "",
    )
    assert elsewhere.emails == ("ines@kelc.example",)
    # ...but no other organisation
    assert all(
        p.name != "Ines Lindqvist" for p in roster_for_process(world.rival_process)
    )

    gate = build_gate(roster)
    report = gate.check("Lindqvist (+41 22 123 45 67, @ines_l) spoke.")
    assert {(f.kind, f.participant_key) for f in report.findings} == {
        ("name", str(seat.pk)),
        ("phone", str(seat.pk)),
        ("handle", str(seat.pk)),
    }


def test_someone_seated_in_another_process_is_caught_with_their_contacts(
    world: World,
) -> None:
    """Issue 14, point 4: the roster is the organisation's whole registry."""
    actor = world.users["org_convener"]
    person = person_create(
        actor=actor,
        organisation=world.org,
        name="Sabina Orlet",
        contact={"emails": ["s.orlet@belmark.example"], "phones": ["+32 2 555 01 23"]},
        gender="woman",
        capacity="expert",
        level="key_person",
    )
    north = world.other_process.sides.order_by("position")[0]
    other_access = access_process_by_id(
        world.users["org_convener"], world.other_process.pk
    )
    seat_create(access=other_access, person=person, role="participant", side=north)
    text = "Sabina Orlet (s.orlet@belmark.example, +32 2 555 01 23) agreed."
    report = gate_report(world.process, text)
    assert {(f.kind, f.participant) for f in report.findings} == {
        ("name", "Sabina Orlet"),
        ("email", "Sabina Orlet"),
        ("phone", "Sabina Orlet"),
    }
    assert {f.participant_key for f in report.findings} == {f"person-{person.pk}"}


def test_the_process_own_person_is_first_ranked_on_a_shared_surname(
    world: World,
) -> None:
    actor = world.users["org_convener"]
    here = person_create(
        actor=actor,
        organisation=world.org,
        name="Tomas Orlet",
        gender="man",
        capacity="expert",
        level="key_person",
    )
    person_create(
        actor=actor,
        organisation=world.org,
        name="Sabina Orlet",
        gender="woman",
        capacity="expert",
        level="key_person",
    )
    north = world.process.sides.order_by("position")[0]
    seat_create(access=world.access(), person=here, role="participant", side=north)
    report = gate_report(world.process, "The proposal from Orlet was discussed.")
    assert [f.participant for f in report.findings] == ["Tomas Orlet"]
