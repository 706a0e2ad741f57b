"""The attribution of a note without a named speaker, stored as a code and
written in the reader's language when read.

A note may say which side spoke: "a participant from <side>", only while at
least ``SIDE_LABEL_MIN`` participants of that side attended the meeting (with
fewer, the label would point at one or two people). What is stored is no
sentence in the writer's language but a code, encrypted like the note:

- ``""``: nobody (the discussion);
- ``{"kind": "participant"}``: "a participant";
- ``{"kind": "side", "side": <side id>, "name": <its name then>}``.

The code is kept as the service computed it when the note was written, but
attendance is corrected afterwards, seats move and sides are renamed; so every
read re-evaluates it here: a side label whose side no longer has enough
participants present, or that is gone or renamed since, reads "a participant".
Labels stored as English text before codes (``"a participant from North"``)
are converted by migration ``records.0003`` and still read the same way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from backchannel.meetings.models import Meeting
from backchannel.participants.models import Seat, SeatRole
from backchannel.processes.models import Side

SIDE_LABEL_MIN = 3
NOBODY = ""
_LEGACY_PARTICIPANT = "a participant"
_LEGACY_FROM = "a participant from "


@dataclass(frozen=True)
class Attribution:
    kind: str  # "participant" | "side"
    side_id: str = ""
    side_name: str = ""  # the side's name when the note was written

    def code(self) -> str:
        data = {"kind": self.kind}
        if self.kind == "side":
            data |= {"side": self.side_id, "name": self.side_name}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


PARTICIPANT = Attribution("participant").code()


def parse(stored: str) -> Attribution | None:
    """The stored attribution, or None for nobody (legacy English read too)."""
    if not stored:
        return None
    if stored.startswith("{"):
        data = json.loads(stored)
        return Attribution(
            str(data.get("kind", "participant")),
            str(data.get("side", "")),
            str(data.get("name", "")),
        )
    if stored.startswith(_LEGACY_FROM):
        return Attribution("side", "", stored[len(_LEGACY_FROM) :])
    return Attribution("participant")


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


def side_attribution(meeting: Meeting, side: Side) -> str:
    """The code of "a participant from <side>" when enough of that side
    attended, else of "a participant"."""
    if side_participants_present(meeting, side) >= SIDE_LABEL_MIN:
        return Attribution("side", str(side.pk), str(side.name)).code()
    return PARTICIPANT


def labels_now(meeting: Meeting) -> Callable[[str], str]:
    """Stored code → the label to show today, in the active language (one
    query for the meeting's attendance, one for its sides)."""
    counts = present_by_side(meeting)
    names = {
        str(side.pk): str(side.name)
        for side in Side.objects.filter(process_id=meeting.process_id)
    }
    by_name = {name: pk for pk, name in names.items()}

    def now(stored: str) -> str:
        said = parse(stored)
        if said is None:
            return ""
        if said.kind == "side":
            side_id = said.side_id or by_name.get(said.side_name, "")
            if (
                names.get(side_id) == said.side_name
                and counts[side_id] >= SIDE_LABEL_MIN
            ):
                return _("a participant from %(side)s") % {"side": said.side_name}
        return _("a participant")

    return now
