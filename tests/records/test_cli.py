"""`backchannel record` and `backchannel airtime`, called as the operator would."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backchannel.core.models import AuditEvent
from backchannel.records.services import airtime_record, note_record
from tests.records.factories import meeting_with, segment
from tests.world import World


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _record(world: World) -> object:
    meeting, seats = meeting_with(world, north=3, south=1)
    access = world.access("rapporteur")
    north, south = world.process.sides.order_by("position")
    note_record(
        access=access,
        segment=segment(meeting, "on_record"),
        text="The chair opened the round.",
        speaker=seats["north"][0],
    )
    note_record(
        access=access,
        segment=segment(meeting, "chatham_house"),
        text="Upstream storage should be published.",
        side=north,
    )
    note_record(
        access=access,
        segment=segment(meeting, "chatham_house"),
        text="Fishing suffered most.",
        side=south,
    )
    return meeting


def test_the_record_prints_as_markdown_without_any_speaker(world: World) -> None:
    meeting = _record(world)
    before = AuditEvent.objects.count()
    out, err = run("record", str(meeting.pk)[:8])
    assert "# Record: Working round" in out
    assert "## 1. Plenary (On the record)" in out
    assert "- The chair opened the round.\n" in out
    assert "Norda Verrin" not in out and "A-0" not in out
    assert "- Upstream storage should be published. — a participant from North" in out
    assert "- Fishing suffered most. — a participant\n" in out
    assert "## 3. Dinner (Off the record)" in out
    assert "_Off the record: no notes are kept (agenda marker only)._" in out
    assert "3 notes in 3 segments" in err
    event = AuditEvent.objects.get(seq=before + 1)
    assert (event.verb, event.actor_label, event.target_id) == (
        "notes.read",
        "system",
        str(meeting.pk),
    )


def test_the_record_prints_as_json_with_no_speaker_key(world: World) -> None:
    meeting = _record(world)
    out, _ = run("record", str(meeting.pk), "--format", "json")
    document = json.loads(out)
    assert document["meeting_id"] == str(meeting.pk)
    assert document["attributions_shown"] is False
    notes = [n for s in document["segments"] for n in s["notes"]]
    assert len(notes) == 3
    assert all("speaker" not in n for n in notes)
    assert [s["keeps_notes"] for s in document["segments"]] == [True, True, False]


def test_the_record_command_names_the_fix_for_a_bad_id(world: World) -> None:
    with pytest.raises(CommandError, match="not a meeting id"):
        run("record", "xyz")
    with pytest.raises(CommandError, match="No meeting has the id"):
        run("record", "000000")


def test_airtime_prints_the_shares_and_warnings_for_a_meeting(world: World) -> None:
    meeting, _ = meeting_with(world, north=3, south=3)
    north, south = world.process.sides.order_by("position")
    access = world.access()
    airtime_record(access=access, meeting=meeting, seconds=600, side=north)
    airtime_record(
        access=access, meeting=meeting, seconds=200, side=south, gender="woman"
    )
    out, _ = run("airtime", str(meeting.pk))
    assert "Airtime at “Working round” (02 Apr 2026)" in out
    lines = out.splitlines()
    assert any(
        line.split() == ["North", "10", "min", "00", "s", "75%", "3", "50%"]
        for line in lines
    ), out
    assert any(
        line.split()[:8] == ["South", "3", "min", "20", "s", "25%", "3", "50%"]
        and line.endswith("! well below")
        for line in lines
    ), out
    assert "Gender" in out and "Woman" in out
    assert "South held the floor 25% of the time" in out
    assert out.rstrip().endswith("1 warning.")


def test_airtime_prints_a_process_against_its_seats(world: World) -> None:
    out, _ = run("airtime", str(world.process.pk))
    assert "Airtime across the meetings of “Lakeshore Water Dialogue”" in out
    assert "Seat shares: seats." in out and "No airtime recorded." in out
    assert out.rstrip().endswith("0 warnings.")
    with pytest.raises(CommandError, match="No meeting or process"):
        run("airtime", "abcdef")
