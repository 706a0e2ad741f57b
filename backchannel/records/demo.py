"""The demo's records and airtime, for the past meetings of the Kessa Basin Dialogue.

Called by ``backchannel.demo`` while it builds the workspace, through the
services only. It shows every rule at work: a speaker named on the record,
Chatham House notes labelled "a participant from Varnia" where enough of that
side attended and "a participant" where Ostrel had a single participant, an
off-record segment kept as a marker, one closed record corrected afterwards
(so its note has a history), and airtime in which Ostrel speaks well below its
share at the second exploratory round.
"""

from __future__ import annotations

from typing import Any

from backchannel.accounts.models import User
from backchannel.meetings.models import Meeting
from backchannel.participants.models import Seat
from backchannel.processes.access import access_process_by_id
from backchannel.processes.models import Process
from backchannel.records.services import (
    airtime_record,
    note_record,
    note_update,
    record_close,
)

# meeting title → [(segment title, text, "varnia" | "ostrel" | speaker key | None)]
# fmt: off
NOTES: dict[str, list[tuple[str, str, str | None]]] = {
    "Exploratory round I": [
        ("Opening remarks by the convener",
         "The Institute welcomed participants and recalled the ground rules: the "
         "second segment is held under the Chatham House Rule, and nothing said over "
         "dinner is written down.", "amira"),
        ("Perspectives from both banks",
         "Filling the Upper Kessa reservoir was described as a matter of energy "
         "security after two winters of power cuts.", "varnia"),
        ("Perspectives from both banks",
         "Farmers on the Dolen Plain lost a second harvest in 2024, and fishing "
         "communities reported their lowest catch in memory.", "ostrel"),
        ("Perspectives from both banks",
         "Both sides said that distrust of the other's gauge readings, more than the "
         "water itself, is what blocks the formal talks.", None),
    ],
    "Exploratory round II: the flow data": [
        ("Technical briefing",
         "Gauge records from 2019 to 2024 were compared station by station: eleven "
         "of the fourteen stations agree within five percent.", "anselm"),
        ("Contested readings",
         "Readings at the border station understate dry-season losses, because the "
         "station sits above the reservoir outlet.", "ostrel"),
    ],
    "Pre-negotiation round I: data-exchange options": [
        ("Stocktaking",
         "Participants reviewed what the exploration phase achieved: a shared picture "
         "of flows at eleven of fourteen stations.", None),
        ("Options workshop",
         "Real-time data sharing was called premature; a monthly exchange through a "
         "neutral host was seen as a first step.", "varnia"),
    ],
    # Ostrel had a single participant here: the label stays "a participant".
    "Working group on sharing principles": [
        ("Expert input",
         "Principles from three other basins were presented: prior notification, "
         "shared drought triggers and a joint technical body.", "anselm"),
        ("Reading of draft sections",
         "The section on drought triggers should say who declares a drought, not "
         "only how.", "ostrel"),
        ("Reading of draft sections",
         "The non-paper must not read as an allocation of water.", "varnia"),
    ],
}
# fmt: on

CLOSED = "Exploratory round II: the flow data"
CORRECTION = (
    "Contested readings",
    "Readings at the border station understate dry-season losses, because the "
    "station sits above the largest irrigation off-take (corrected after the "
    "meeting: the off-take, not the reservoir outlet).",
)

# meeting title → [(side key or None, gender or "", seconds)]
# fmt: off
AIRTIME: dict[str, list[tuple[str | None, str, int]]] = {
    "Exploratory round I": [
        ("varnia", "woman", 800), ("varnia", "man", 700),
        ("ostrel", "woman", 750), ("ostrel", "man", 650), (None, "", 400),
    ],
    # Seats 6 : 5, but Ostrel held the floor under a quarter of the time.
    "Exploratory round II: the flow data": [
        ("varnia", "man", 1500), ("varnia", "woman", 900),
        ("ostrel", "woman", 420), ("ostrel", "man", 300), (None, "", 300),
    ],
    "Pre-negotiation round I: data-exchange options": [
        ("varnia", "man", 1100), ("varnia", "woman", 700),
        ("ostrel", "man", 800), ("ostrel", "woman", 700), (None, "", 350),
    ],
    "Working group on sharing principles": [
        ("varnia", "", 2000), ("ostrel", "", 500), (None, "", 250),
    ],
}
# fmt: on


def load_records(
    process: Process, seats: dict[str, Seat], rapporteur: User, facilitator: User
) -> None:
    """Write the demo's notes and airtime (the meetings exist already)."""
    writer = access_process_by_id(rapporteur, process.pk)
    timer = access_process_by_id(facilitator, process.pk)
    sides = dict(
        zip(["varnia", "ostrel"], process.sides.order_by("position"), strict=True)
    )
    meetings = {str(m.title): m for m in Meeting.objects.filter(process=process)}
    for title, notes in NOTES.items():
        meeting = meetings[title]
        segments = {str(s.title): s for s in meeting.segments.all()}
        written = {}
        for segment_title, text, said in notes:
            attribution: dict[str, Any] = {}
            if said in sides:
                attribution["side"] = sides[said]
            elif said is not None:
                attribution["speaker"] = seats[said]
            written[text] = note_record(
                access=writer, segment=segments[segment_title], text=text, **attribution
            )
        if title == CLOSED:
            record_close(access=writer, meeting=meeting)
            segment_title, corrected = CORRECTION
            note = next(
                n
                for n in written.values()
                if n.segment_id == segments[segment_title].pk
            )
            note_update(access=writer, note=note, text=corrected)
    for title, ticks in AIRTIME.items():
        for side, gender, seconds in ticks:
            airtime_record(
                access=timer,
                meeting=meetings[title],
                seconds=seconds,
                side=sides[side] if side else None,
                gender=gender,
            )
