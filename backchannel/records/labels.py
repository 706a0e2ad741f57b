"""The side labels of the record, evaluated against the current attendance.

A note without a named speaker may say which side spoke: "a participant from
<side>", only while at least ``SIDE_LABEL_MIN`` participants of that side
attended the meeting (with fewer, the label would point at one or two people).
The label is stored as the service computed it when the note was written, but
attendance is corrected afterwards, seats move and sides are renamed; so every
read re-evaluates it here: a side label whose side no longer has enough
participants present, or that names no current side of the process, reads
"a participant".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from backchannel.meetings.models import Meeting
from backchannel.participants.models import Seat, SeatRole
from backchannel.processes.models import Side

SIDE_LABEL_MIN = 3
PARTICIPANT = "a participant"
_FROM = f"{PARTICIPANT} from "


def present_by_side(meeting: Meeting) -> Counter[str]:
    """How many participants of each side (by id) attended ``meeting``."""
    present = set(meeting.attendance)
    seats = Seat.objects.filter(
        process_id=meeting.process_id,
        role=SeatRole.PARTICIPANT,
        side__isnull=False,
    ).values_list("pk", "side_id")
    return Counter(str(side) for pk, side in seats if str(pk) in present)


def side_participants_present(meeting: Meeting, side: Side) -> int:
    """How many participants of ``side`` attended ``meeting``."""
    return present_by_side(meeting)[str(side.pk)]


def side_label(meeting: Meeting, side: Side) -> str:
    """ "a participant from <side>" when enough of that side attended, else "a participant"."""
    if side_participants_present(meeting, side) >= SIDE_LABEL_MIN:
        return f"{_FROM}{side.name}"
    return PARTICIPANT


def labels_now(meeting: Meeting) -> Callable[[str], str]:
    """Stored label → the label to show today (one query for the meeting)."""
    counts = present_by_side(meeting)
    allowed = {
        f"{_FROM}{side.name}"
        for side in Side.objects.filter(process_id=meeting.process_id)
        if counts[str(side.pk)] >= SIDE_LABEL_MIN
    }

    def now(stored: str) -> str:
        if stored.startswith(_FROM) and stored not in allowed:
            return PARTICIPANT
        return stored

    return now
