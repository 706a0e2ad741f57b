"""Stale Chatham House labels: a side label follows today's attendance.

The attack: a note written when three North participants attended reads "a
participant from North". Attendance is then corrected to one North
participant: on the old code the stored label still showed, and now pointed
at that one person. Every read (web, API, CLI: the same selectors) now
re-evaluates the label against the current attendance and seats.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from backchannel.accounts.services import api_token_create
from backchannel.meetings.services import attendance_set
from backchannel.participants.services import seat_update
from backchannel.processes.access import ProcessAccess
from backchannel.processes.services import side_rename
from backchannel.records.selectors import (
    note_history_read,
    record_read,
    segment_notes_read,
)
from backchannel.records.services import note_record, note_update, record_close
from tests.records.factories import meeting_with, segment
from tests.world import World

FROM_NORTH = "a participant from North"


def _labels(world: World, meeting: object, note: object) -> list[str]:
    access = world.access("participant")
    record = record_read(access, meeting)  # type: ignore[arg-type]
    system = record_read(ProcessAccess.operator(meeting.process), meeting)  # type: ignore[arg-type]
    chatham = segment(meeting, "chatham_house")  # type: ignore[arg-type]
    _, versions = note_history_read(world.access(), note)  # type: ignore[arg-type]
    return [
        *(n.attribution for s in record.segments for n in s.notes),
        *(n.attribution for s in system.segments for n in s.notes),
        *(n.attribution for n in segment_notes_read(access, chatham)),
        *(v.attribution for v in versions),
    ]


def _setup(world: World) -> tuple[object, object, dict[str, list[object]]]:
    meeting, seats = meeting_with(world, north=3, south=3)
    attendance_set(
        access=world.access(),
        meeting=meeting,
        seat_ids=[*meeting.attendance, world.seats["participant"].pk],
    )
    north = world.process.sides.order_by("position")[0]
    writer = world.access("rapporteur")
    note = note_record(
        access=writer,
        segment=segment(meeting, "chatham_house"),
        text="Flows must be measured jointly.",
        side=north,
    )
    record_close(access=world.access(), meeting=meeting)
    # An edit after closing keeps the earlier version, label included.
    note_update(access=writer, note=note, text="Flows must be measured jointly!")
    return meeting, note, seats


def test_a_side_label_is_dropped_when_attendance_is_corrected_below_three(
    world: World,
) -> None:
    meeting, note, seats = _setup(world)
    assert set(_labels(world, meeting, note)) == {FROM_NORTH}
    attendance_set(
        access=world.access(),
        meeting=meeting,
        seat_ids=[seats["north"][0].pk, *[s.pk for s in seats["south"]]],
    )
    assert set(_labels(world, meeting, note)) == {"a participant"}
    # Web and API show the same.
    client = Client()
    client.force_login(world.users["participant"])
    page = client.get(reverse("records:meeting-record", args=[meeting.pk]))  # type: ignore[attr-defined]
    assert page.status_code == 200
    assert "from North" not in page.content.decode()
    _, token = api_token_create(user=world.users["participant"])
    body = client.get(
        f"/api/meetings/{meeting.pk}/record",  # type: ignore[attr-defined]
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).content.decode()
    assert "from North" not in body and "a participant" in body
    # Corrected back: three attended after all, and the label returns.
    attendance_set(
        access=world.access(),
        meeting=meeting,
        seat_ids=[*[s.pk for s in seats["north"]], *[s.pk for s in seats["south"]]],
    )
    assert set(_labels(world, meeting, note)) == {FROM_NORTH}


def test_a_side_label_is_dropped_when_a_seat_moves_away_or_the_side_is_renamed(
    world: World,
) -> None:
    meeting, note, seats = _setup(world)
    # Four of North attended (the world's participant too): two move to South.
    north, south = world.process.sides.order_by("position")
    for seat in seats["north"][:2]:
        seat_update(access=world.access(), seat=seat, side=south)
    assert set(_labels(world, meeting, note)) == {"a participant"}
    seat_update(access=world.access(), seat=seats["north"][0], side=north)
    assert set(_labels(world, meeting, note)) == {FROM_NORTH}
    side_rename(access=world.access(), side=north, name="Upstream")
    assert set(_labels(world, meeting, note)) == {"a participant"}
