"""Adversary (round 4): the same disguises through the Chatham House safety net,
the process report and a meeting's calendar file.

Issue 14, "Done when": "Every disguise ..., in an output, a report, a
translation export and a Chatham House note, is stopped ... with a finding
that names the participant". README, "What the gate reads": one pipeline, and
"the one check every exit makes (... the process report)"; the Chatham House
note check calls the same gate ("the same engine, normalisation and roster as
every exit", ``records.services.identifying``).

Attack: the disguises of ``test_adv4_gate_disguise.py`` that ``backchannel
gate`` reports clean (a Markdown reference link glued to the rest of a name, a
Latin letter with a hook or a stroke, the other grammatical gender of a Slavic
surname after an honorific), written by a rapporteur into a note of a Chatham
House segment, and by a facilitator into an objective that the process report
prints. Severity: high for the note (the Chatham House Rule's whole promise is
that the record names nobody), high for the report (it leaves the workspace).
Controls: the plain spellings are refused on the same paths.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from backchannel.accounts.services import api_token_create
from backchannel.core.errors import ValidationFailed
from backchannel.meetings.services import meeting_create
from backchannel.participants.services import person_create, seat_create
from backchannel.processes.services import objective_update
from backchannel.records.services import note_record
from tests.records.factories import chatham
from tests.world import World

DISGUISES = {
    # "[Xx][r]yyy" with "[r]: https://…" renders as the name, linked
    "reference_link": "[{head}][r]{tail} proposed the gauge station.\n\n[r]: https://x.org",
    # the name's first letter with a hook or stroke (no decomposition)
    "letter_with_hook": "{hooked} proposed the gauge station.",
}
HOOKS = {
    # Latin capitals a reader reads as the plain letter
    "A": "\u023a",
    "B": "\u0181",
    "C": "\u0187",
    "D": "\u018a",
    "E": "\u0246",
    "G": "\u0193",
    "J": "\u0248",
    "K": "\u0198",
    "L": "\u023d",
    "M": "\u2c6e",
    "P": "\u01a4",
    "R": "\u024c",
    "T": "\u01ac",
    "Y": "\u024e",
}


def _disguise(case: str, surname: str) -> str:
    cut = len(surname) // 2
    if case == "reference_link":
        return DISGUISES[case].format(head=surname[:cut], tail=surname[cut:])
    first = HOOKS.get(surname[0].upper(), surname[0])
    assert first != surname[0], f"no hooked capital for {surname[0]}"
    return DISGUISES[case].format(hooked=first + surname[1:])


def _surname(world: World) -> str:
    """A participant seated in the process (so on the roster of both checks)."""
    north = world.process.sides.order_by("position")[0]
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Žofia Dvořáková",
        gender="woman",
        capacity="expert",
        level="broader",
    )
    seat_create(access=world.access(), person=person, role="participant", side=north)
    return "Dvořáková"


def _report(world: World, tmp_path: Path) -> str | None:
    """The process report's PDF through the CLI: None when written, the
    refusal's message when the gate stops it."""
    target = tmp_path / "r.pdf"
    try:
        call_command(
            "report",
            "Lakeshore Water Dialogue",
            "-o",
            str(target),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    except CommandError as exc:
        assert not target.exists()
        return str(exc)
    assert target.exists()
    return None


@pytest.mark.parametrize("case", sorted(DISGUISES))
def test_a_chatham_house_note_refuses_a_disguised_participant(
    world: World, case: str
) -> None:
    text = _disguise(case, _surname(world))
    try:
        note_record(
            access=world.access("rapporteur"), segment=chatham(world), text=text
        )
    except ValidationFailed as refused:
        assert "text" in refused.errors
        return
    raise AssertionError(f"{case}: {text!r} recorded under the Chatham House Rule")


def test_a_chatham_house_note_refuses_the_plain_surname(world: World) -> None:
    with pytest.raises(ValidationFailed) as refused:
        note_record(
            access=world.access("rapporteur"),
            segment=chatham(world),
            text=f"{_surname(world)} proposed the gauge station.",
        )
    assert "text" in refused.value.errors


@pytest.mark.parametrize("case", sorted(DISGUISES))
def test_the_process_report_refuses_a_disguised_participant(
    world: World, tmp_path: Path, case: str
) -> None:
    text = _disguise(case, _surname(world))
    objective_update(
        access=world.access("facilitator"), objective=world.objective, text=text
    )
    refused = _report(world, tmp_path)
    assert refused is not None, f"{case}: {text!r} printed in the report"
    assert "identification gate" in refused


def test_the_process_report_refuses_the_plain_surname(
    world: World, tmp_path: Path
) -> None:
    objective_update(
        access=world.access("facilitator"),
        objective=world.objective,
        text=f"{_surname(world)} proposed the gauge station.",
    )
    refused = _report(world, tmp_path)
    assert refused is not None and "identification gate" in refused


def _calendar_title(world: World, title: str) -> str:
    """The SUMMARY a seated participant's calendar file carries for a meeting
    with this title (README: "a title that names or points at someone on the
    process's roster leaves as 'Meeting <date>'")."""
    meeting = meeting_create(
        access=world.access("facilitator"),
        title=title,
        date=dt.date(2026, 5, 4),
        start_time=dt.time(18, 0),
        time_zone="Europe/Zurich",
        duration_minutes=60,
    )
    token = api_token_create(user=world.users["participant"])[1]
    response = Client().get(
        f"/api/meetings/{meeting.pk}/calendar.ics",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200
    unfolded = response.content.decode().replace("\r\n ", "")
    return next(
        line.split(":", 1)[1]
        for line in unfolded.splitlines()
        if line.startswith("SUMMARY")
    )


def test_a_calendar_file_drops_a_disguised_name(world: World) -> None:
    """A meeting titled with the hooked-letter disguise leaves in every seated
    reader's calendar (synced to outside services) with the name."""
    hooked = _disguise("letter_with_hook", _surname(world)).split(" ")[0]
    summary = _calendar_title(world, f"Side conversation with {hooked}")
    assert "ková" not in summary, f"the calendar carries {summary!r}"


def test_a_calendar_file_drops_the_plain_name(world: World) -> None:
    summary = _calendar_title(world, f"Side conversation with {_surname(world)}")
    assert "ková" not in summary and summary.startswith("Meeting")
