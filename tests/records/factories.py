"""Records in the test world, built through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from backchannel.meetings.models import Meeting, Segment
from backchannel.meetings.services import attendance_set, meeting_create
from backchannel.participants.models import Seat
from backchannel.participants.services import person_create, seat_create
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.records.models import Note
from backchannel.records.services import airtime_record, note_record
from tests.world import World

# The world's meeting: "Opening" is on the record, "Options" under Chatham House.


def segment(meeting: Meeting, rule: str) -> Segment:
    return meeting.segments.get(record_rule=rule)


def chatham(world: World) -> Segment:
    return segment(world.meeting, "chatham_house")


def on_record(world: World) -> Segment:
    return segment(world.meeting, "on_record")


def sample_note(world: World, text: str = "Options were mapped.") -> Note:
    return note_record(access=world.access(), segment=chatham(world), text=text)


def seat_people(
    world: World, side_position: int, count: int, *, prefix: str
) -> list[Seat]:
    """``count`` new participants on the side at ``side_position``."""
    access = world.access()
    side = world.process.sides.order_by("position")[side_position]
    seats = []
    for n in range(count):
        person = person_create(
            actor=world.users["org_convener"],
            organisation=world.org,
            name=f"{prefix} Verrin {n}",
            gender="woman" if n % 2 else "man",
            capacity="expert",
            level="broader",
        )
        seats.append(
            seat_create(access=access, person=person, role="participant", side=side)
        )
    return seats


def meeting_with(
    world: World,
    *,
    north: int,
    south: int,
    segments: list[tuple[str, str]] | None = None,
    extra: list[Seat] | None = None,
) -> tuple[Meeting, dict[str, list[Seat]]]:
    """A meeting attended by ``north`` and ``south`` new participants."""
    access = world.access()
    seats = {
        "north": seat_people(world, 0, north, prefix="Norda"),
        "south": seat_people(world, 1, south, prefix="Sudra"),
    }
    meeting = meeting_create(
        access=access,
        title="Working round",
        date=dt.date(2026, 4, 2),
        segments=[
            {"title": title, "record_rule": rule}
            for title, rule in segments
            or [
                ("Plenary", "on_record"),
                ("Frank talk", "chatham_house"),
                ("Dinner", "off_record"),
            ]
        ],
    )
    attendance_set(
        access=access,
        meeting=meeting,
        seat_ids=[s.pk for s in [*seats["north"], *seats["south"], *(extra or [])]],
    )
    return meeting, seats


def rival_note(world: World) -> tuple[Segment, Note]:
    """A Chatham House segment and a note in a meeting of the rival organisation."""
    access = access_process_by_id(world.users["outsider"], world.rival_process.pk)
    return _noted_meeting(access, "Rival talk", "Rival note.")


def _noted_meeting(
    access: ProcessAccess, title: str, text: str
) -> tuple[Segment, Note]:
    meeting = meeting_create(
        access=access,
        title=title,
        date=dt.date(2026, 3, 20),
        segments=[{"title": title, "record_rule": "chatham_house"}],
    )
    seg = meeting.segments.get()
    return seg, note_record(access=access, segment=seg, text=text)


def ids(**objects: Any) -> dict[str, Any]:
    return {name: obj.pk for name, obj in objects.items()}


def records_objects(world: World, *, own_meeting: bool = True) -> dict[str, Any]:
    """For the role matrices: a Chatham House segment and a note in it.

    In a meeting of their own by default, so that tests which edit the world's
    meeting may still remove its segments; else in the world's meeting (for
    worlds whose meeting list other tests pin)."""
    if not own_meeting:
        return {"segment": chatham(world), "note": sample_note(world)}
    seg, note = _noted_meeting(world.access(), "Record round", "Options were mapped.")
    return {"segment": seg, "note": note}


def rival_records_objects(world: World) -> dict[str, Any]:
    seg, note = rival_note(world)
    return {"segment": seg, "note": note}


def rival_airtime(world: World, segment: Segment) -> Any:
    """An interval at the rival organisation's meeting."""
    access = access_process_by_id(world.users["outsider"], world.rival_process.pk)
    return airtime_record(access=access, meeting=segment.meeting, seconds=60)


def records_factories(
    world: World, access: ProcessAccess, tag: str
) -> dict[str, Callable[[], Any]]:
    """Fresh objects for API operations that consume one (``new_*`` names)."""
    return {
        "new_note": lambda: note_record(
            access=access,
            segment=world.extra["records"]["segment"],
            text=f"Draft note {tag}.",
        ),
        "new_airtime": lambda: airtime_record(
            access=access, meeting=world.meeting, seconds=75
        ),
    }
