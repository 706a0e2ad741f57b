"""A meeting's start time, time zone and duration travel in a process export
and are checked on import like every other field (path and fix, nothing written)."""

from __future__ import annotations

import datetime as dt

import pytest

from backchannel.core.errors import ValidationFailed
from backchannel.meetings.services import meeting_update
from backchannel.portability.services import (
    process_export,
    process_import,
    validate_process_document,
)
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Process
from tests.world import World

pytestmark = pytest.mark.django_db


def test_the_start_time_round_trips(world: World) -> None:
    meeting_update(
        access=world.access(),
        meeting=world.meeting,
        start_time=dt.time(9, 30),
        time_zone="Asia/Beirut",
        duration_minutes=120,
    )
    document = process_export(access=ProcessAccess.operator(world.process))
    first = document["meetings"][0]
    assert (first["start_time"], first["time_zone"], first["duration_minutes"]) == (
        "09:30",
        "Asia/Beirut",
        120,
    )
    copied = process_import(organisation=world.org, data=document)
    assert process_export(access=ProcessAccess.operator(copied)) == document
    meeting = copied.meetings.get()
    assert meeting.starts == dt.datetime(
        2026, 2, 10, 9, 30, tzinfo=meeting.starts.tzinfo
    )


def test_a_meeting_without_a_time_exports_as_before(world: World) -> None:
    first = process_export(access=ProcessAccess.operator(world.process))["meetings"][0]
    assert not {"start_time", "time_zone", "duration_minutes"} & set(first)


@pytest.mark.parametrize(
    ("fields", "path", "words"),
    [
        ({"start_time": "9h30", "time_zone": "UTC"}, "start_time", "HH:MM"),
        ({"start_time": "09:30", "time_zone": "Beirut"}, "time_zone", "IANA"),
        ({"start_time": "09:30"}, "time_zone", "needs its time zone"),
        (
            {"start_time": "09:30", "time_zone": "UTC", "duration_minutes": 0},
            "duration_minutes",
            "whole minutes",
        ),
        ({"duration_minutes": 60}, "duration_minutes", "needs a start time"),
    ],
)
def test_a_bad_meeting_time_is_refused_with_its_path(
    world: World, fields: dict, path: str, words: str
) -> None:
    document = process_export(access=ProcessAccess.operator(world.process))
    document["meetings"][0].update(fields)
    problems = validate_process_document(document)
    assert [p.path for p in problems] == [f"$.meetings[0].{path}"]
    assert words in problems[0].message
    before = Process.objects.count()
    with pytest.raises(ValidationFailed):
        process_import(organisation=world.org, data=document)
    assert Process.objects.count() == before
