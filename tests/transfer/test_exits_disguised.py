"""Issue 14: every exit stops a disguised name, with a finding that names the
participant (web, API and CLI; outputs, the process report, translations, the
joint text, an idea's transfer, the Chatham House note).

The disguises are those the issue lists; each exit gets several of them (all
of them would be minutes of database set-up for nothing more: every exit calls
the same gate, and tests/gate/test_gate_disguise.py covers every disguise
of every roster name on the engine).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from backchannel.core.errors import GateBlocked, ValidationFailed
from backchannel.processes.services import objective_update
from backchannel.records.services import note_record
from backchannel.reports.services import ReportRefused, process_report
from backchannel.transfer.services import gate_outgoing
from tests.records.factories import chatham
from tests.transfer.factories import NAME, named_seat
from tests.transfer.test_exits import PATHS
from tests.world import World

# Zofia Dvořáková, as a reader would still read her name
DISGUISES = {
    "cyrillic": "Zofia Dv\u043e\u0159\u00e1kov\u00e1",
    "greek": "Zofia Dvo\u0159\u00e1k\u03bfv\u00e1",
    "zero-width": "Zo\u200bfia Dvo\u2060\u0159\u00e1kov\u00e1",
    "joiner": "Zofia Dvo\u200d\u0159\u00e1\u200dkov\u00e1",
    "markdown": "**Zo**fia **Dvo**\u0159\u00e1kov\u00e1",
    "html": "Zo<b></b>fia Dvo<span></span>\u0159\u00e1kov\u00e1",
    "entity": "&#90;ofia Dvo&#345;&#225;kov&#225;",
    "spaced": "Z o f i a   D v o \u0159 \u00e1 k o v \u00e1",
    "digits": "Z0fia Dv0\u0159\u00e1k0v\u00e1",
    "bidi": "\u202e\u00e1vok\u00e1\u0159ovD aifoZ\u202c",
    "slug": "[her page](https://example.org/people/zofia-dvorakova)",
}
NAMES = list(DISGUISES)


def _quotes_only_what_was_typed(message: str, typed: str) -> None:
    """The refusal quotes each span as typed, with its kind, and nothing else:
    never the roster's name when it was not what was typed."""
    spans = re.findall(r"“([^”]+)” \(([^)]+)\)", message)
    assert spans, message
    flat = " ".join(typed.split())
    for span, _kind in spans:
        assert " ".join(span.split()) in flat, (span, typed)


def _text(disguise: str) -> str:
    return f"{DISGUISES[disguise]} proposed a joint gauge station at the border."


@pytest.mark.parametrize("path", PATHS, ids=list(PATHS))
def test_every_exit_stops_a_disguised_name(
    world: World, tmp_path: Path, path: str
) -> None:
    named_seat(world)
    # a different pair of disguises for each exit, so that all are exercised
    k = list(PATHS).index(path)
    for disguise in (NAMES[k % len(NAMES)], NAMES[(k + 5) % len(NAMES)]):
        outcome = PATHS[path](world, _text(disguise), tmp_path)
        assert not outcome.passed, disguise
        assert "a participant" in outcome.shown, disguise


@pytest.mark.parametrize("disguise", NAMES)
def test_the_one_egress_function_names_the_participant(
    world: World, disguise: str
) -> None:
    seat = named_seat(world)
    text = _text(disguise)
    with pytest.raises(GateBlocked) as blocked:
        gate_outgoing(world.process, text)
    [finding] = [f for f in blocked.value.report.findings if f.kind == "name"]
    assert finding.participant == NAME
    assert finding.participant_key == str(seat.pk)
    # the span is in the source: the highlight and the redaction work on it
    assert text[finding.start : finding.end] == finding.text
    assert DISGUISES[disguise].strip("[]") and finding.start < len(DISGUISES[disguise])
    redacted = blocked.value.report.redacted()
    assert gate_outgoing(world.process, redacted).clean, redacted


@pytest.mark.parametrize("disguise", ["cyrillic", "zero-width", "spaced", "bidi"])
def test_the_process_report_stops_a_disguised_name(world: World, disguise: str) -> None:
    named_seat(world)
    access = world.access("facilitator")
    objective_update(
        access=access,
        objective=world.objective,
        text=f"Ask {DISGUISES[disguise]} to brief the ministry on gauge data.",
    )
    with pytest.raises(ReportRefused) as refused:
        process_report(access, fmt="html")
    # the refusal quotes the span as typed and its kind, never whose it is
    assert any(
        DISGUISES[disguise] in m and "a person's name" in m
        for m in refused.value.errors["report"]
    )


@pytest.mark.parametrize(
    "text",
    [
        "Zofia  Dvořáková asked for the data.",  # two spaces
        "Zofia\nDvořáková asked for the data.",  # a line break
        "Ms Dvořáková asked for the data.",
        "zo\u200bfia dvo\u200břáková asked for the data.",
        "Zofia Dv\u043eřáková asked for the data.",
        "Z0fia Dv0řáková asked for the data.",
        "Write to zofia dot dvorakova at kba dot example.",
    ],
)
def test_a_chatham_house_note_refuses_a_disguised_name_with_the_finding(
    world: World, text: str
) -> None:
    from backchannel.participants.services import person_update

    seat = named_seat(world)
    person_update(
        actor=world.users["org_convener"],
        person=seat.person,
        contact={"emails": ["zofia.dvorakova@kba.example"]},
    )
    with pytest.raises(ValidationFailed) as refused:
        note_record(
            access=world.access("rapporteur"), segment=chatham(world), text=text
        )
    [message] = refused.value.errors["text"]
    _quotes_only_what_was_typed(message, text)


def test_the_cli_gate_names_the_participant_in_json(tmp_path: Path, capsys) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,aliases,title,affiliation,side,email\n"
        'Sabina Orlet,,"Director, Fisheries Policy",Ministry of Fisheries of '
        "Belmark,Belmark,s.orlet@belmark.example\n"
        "Tom Weller,,Engineer,Kessa Basin Authority,Ostrel,\n"
        "Ana Ruiz,,Engineer,Kessa Basin Authority,Ostrel,\n",
        encoding="utf-8",
    )
    leaks = {
        "cyrillic.md": "S\u0430bina \u039frlet spoke first.",
        "markdown.md": "**Sa**bina Orlet spoke first.",
        "html.html": "<p>Sa<b></b>bina Orlet spoke first.</p>",
        "entity.html": "<p>&#83;abina Orlet spoke first.</p>",
        "spaced.txt": "S a b i n a   O r l e t spoke first.",
        "digits.txt": "S4bina 0rlet spoke first.",
        "bidi.txt": "\u202etelrO anibaS\u202c spoke first.",
        "contact.txt": "Write to s.orlet at belmark dot example.",
        "slug.md": "[profile](https://example.org/team/sabina-orlet)",
        "described.txt": "Belmark's fisheries policy director spoke first.",
    }
    clean = {"clean.md": "The **engineers** of the basin authority spoke first."}
    for name, text in {**leaks, **clean}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = [str(tmp_path / n) for n in (*leaks, *clean)]
    with pytest.raises(SystemExit) as exited:
        call_command("gate", "--roster", str(roster), "--format", "json", *files)
    assert exited.value.code == 1
    result = {
        Path(r["file"]).name: r["findings"] for r in json.loads(capsys.readouterr().out)
    }
    for name in leaks:
        assert {f["participant"] for f in result[name]} == {"Sabina Orlet"}, name
    assert result["clean.md"] == []


@pytest.mark.parametrize("disguise", ["cyrillic", "markdown", "spaced"])
def test_a_joint_text_comment_naming_someone_is_refused(
    world: World, disguise: str
) -> None:
    from backchannel.ideas.models import SectionComment
    from backchannel.ideas.services import joint_text_create, section_comment_create

    named_seat(world)
    joint_text = joint_text_create(
        access=world.access(),
        title="Joint statement",
        language="en",
        sections=[{"heading": "Data", "body": "Monthly gauge data."}],
    )
    section = joint_text.versions.get().sections.get()
    with pytest.raises(ValidationFailed) as refused:
        section_comment_create(
            access=world.access("participant"),
            section=section,
            text=f"As {DISGUISES[disguise]} said, monthly is too often.",
        )
    [message] = refused.value.errors["text"]
    _quotes_only_what_was_typed(
        message, f"As {DISGUISES[disguise]} said, monthly is too often."
    )
    assert not SectionComment.objects.exists()
    section_comment_create(
        access=world.access("participant"),
        section=section,
        text="Monthly is too often for the upstream side.",
    )
