"""API shapes of the record and of airtime.

"Never who said it" is enforced here as well as in the model: a note's
``speaker`` is built only for notes on the record, and only for readers who
attended or keep the record (``records.access``); it is absent otherwise, and
never present for a Chatham House note. Inputs carry no attribution label: the
service computes it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema

from backchannel.core.schemas import In, Out
from backchannel.participants.models import Capacity, Gender, Seat
from backchannel.processes.models import RecordRule
from backchannel.records.models import AIRTIME_MAX_SECONDS, ON_RECORD
from backchannel.records.selectors import (
    AirtimeSummary,
    MeetingRecord,
    NoteView,
    SegmentRecord,
    ShareLine,
    VersionView,
)

SPEAKER_HELP = (
    "A seat id of someone who attended: only in segments on the record. In a "
    "Chatham House segment a speaker is refused (422 naming this field)."
)
SIDE_HELP = (
    "Say which side spoke: the record reads “a participant from <side>” when at "
    "least 3 participants of that side attended, else “a participant”."
)

# -- input


class NoteIn(In):
    text: str
    speaker_id: uuid.UUID | None = Field(None, description=SPEAKER_HELP)
    side_id: uuid.UUID | None = Field(None, description=SIDE_HELP)


class NotePatch(In):
    text: str | None = None
    speaker_id: uuid.UUID | None = Field(
        None,
        description=SPEAKER_HELP + " Sending speaker_id or side_id (even null) "
        "recomputes the attribution; leaving both out keeps it.",
    )
    side_id: uuid.UUID | None = Field(None, description=SIDE_HELP)


class AirtimeIn(In):
    seconds: int = Field(
        ge=1,
        le=AIRTIME_MAX_SECONDS,
        description="How long the side held the floor, in seconds.",
    )
    side_id: uuid.UUID | None = Field(
        None, description="The side that held the floor; null for no side."
    )
    gender: Gender | None = None
    capacity: Capacity | None = None
    segment_id: uuid.UUID | None = Field(
        None, description="A segment of this meeting, if the time belongs to one."
    )


# -- output


class SpeakerOut(Schema):
    seat_id: uuid.UUID
    pseudonym: str | None = Field(
        None, description="The seat's code: for the process's managers only."
    )
    name: str
    side: str | None


class NoteOut(Out):
    WITHHELD = frozenset({"speaker"})

    id: uuid.UUID
    segment_id: uuid.UUID
    rule: RecordRule
    position: int
    text: str
    attribution: str = Field(
        description="The only attribution a Chatham House note carries: "
        "“a participant”, “a participant from <side>” or empty."
    )
    speaker: SpeakerOut | None = Field(
        None,
        description="Who spoke: only for notes on the record, and only for "
        "readers who attended or keep the record; absent otherwise.",
    )
    version: int
    created_on: dt.date
    updated_on: dt.date | None


class SegmentRecordOut(Schema):
    id: uuid.UUID
    position: int
    title: str
    record_rule: RecordRule
    keeps_notes: bool = Field(
        description="False off the record: the segment is an agenda marker only."
    )
    notes: list[NoteOut]


class RecordOut(Schema):
    meeting_id: uuid.UUID
    title: str
    date: dt.date
    closed: bool
    closed_on: dt.date | None
    attributions_shown: bool = Field(
        description="Whether speakers of on-record notes are shown to you."
    )
    segments: list[SegmentRecordOut]


class VersionOut(Out):
    WITHHELD = frozenset({"speaker"})

    number: int
    text: str
    attribution: str
    speaker: SpeakerOut | None = None
    replaced_on: dt.date


class NoteHistoryOut(Schema):
    note: NoteOut
    versions: list[VersionOut] = Field(description="Earlier versions, latest first.")


class AirtimeOut(Schema):
    id: uuid.UUID
    seconds: int
    side_id: uuid.UUID | None
    gender: Gender | None
    capacity: Capacity | None
    segment_id: uuid.UUID | None


class ShareOut(Schema):
    key: str
    label: str
    seconds: int | None = Field(description="None when suppressed.")
    airtime_share: float | None
    seats: int | None = Field(description="None when suppressed.")
    seat_share: float | None
    below: bool = Field(description="Airtime share under two-thirds of the seat share.")
    suppressed: bool = Field(
        False,
        description="A side with one or two participants (present, or seated), "
        "for those who do not keep the record: nothing of it is shown.",
    )


class AirtimeSummaryOut(Out):
    WITHHELD = frozenset({"genders", "capacities"})

    total_seconds: int | None = Field(description="None when suppressed.")
    unsided_seconds: int | None = Field(description="None when suppressed.")
    suppressed: bool = Field(
        False,
        description="A side is suppressed: then no share, total or warning is "
        "given either (they would give it away by subtraction).",
    )
    seat_basis: str = Field(
        description="'attendance' (a meeting: participants present) or 'seats' "
        "(a process: participants seated)."
    )
    sides: list[ShareOut]
    genders: list[ShareOut] | None = Field(
        None, description="For those who keep the record only."
    )
    capacities: list[ShareOut] | None = Field(
        None, description="For those who keep the record only."
    )
    warnings: list[str]


# -- builders


def speaker_out(seat: Seat | None, code: str = "") -> SpeakerOut | None:
    """``code``: the pseudonym as the reader may see it ("" for none)."""
    if seat is None:
        return None
    return SpeakerOut(
        seat_id=seat.pk,
        pseudonym=code or None,
        name=str(seat.person.name),
        side=str(seat.side.name) if seat.side else None,
    )


def note_out(view: NoteView) -> NoteOut:
    note = view.note
    return NoteOut(
        id=note.pk,
        segment_id=note.segment_id,
        rule=RecordRule(note.rule),
        position=note.position,
        text=view.text,
        attribution=view.attribution,
        # Belt and braces: the model already refuses a speaker off the record.
        speaker=speaker_out(view.speaker, view.speaker_code)
        if note.rule == ON_RECORD
        else None,
        version=note.version,
        created_on=note.created_on,
        updated_on=note.updated_on,
    )


def segment_record_out(part: SegmentRecord) -> SegmentRecordOut:
    segment = part.segment
    return SegmentRecordOut(
        id=segment.pk,
        position=segment.position,
        title=segment.label,
        record_rule=RecordRule(segment.record_rule),
        keeps_notes=part.keeps_notes,
        notes=[note_out(v) for v in part.notes],
    )


def record_out(record: MeetingRecord) -> RecordOut:
    meeting = record.meeting
    return RecordOut(
        meeting_id=meeting.pk,
        title=str(meeting.title),
        date=meeting.date,
        closed=record.closed,
        closed_on=record.closed_on,
        attributions_shown=record.attributions,
        segments=[segment_record_out(s) for s in record.segments],
    )


def history_out(current: NoteView, versions: list[VersionView]) -> NoteHistoryOut:
    on_record = current.note.rule == ON_RECORD
    return NoteHistoryOut(
        note=note_out(current),
        versions=[
            VersionOut(
                number=v.number,
                text=v.text,
                attribution=v.attribution,
                speaker=speaker_out(v.speaker, v.speaker_code) if on_record else None,
                replaced_on=v.replaced_on,
            )
            for v in versions
        ],
    )


def _shares(lines: list[ShareLine] | None) -> list[ShareOut] | None:
    if lines is None:
        return None
    return [
        ShareOut(
            key=line.row.key,
            label=line.label,
            seconds=None if line.suppressed else line.row.seconds,
            airtime_share=line.row.airtime_share,
            seats=None if line.suppressed else line.row.seats,
            seat_share=line.row.seat_share,
            below=line.row.below,
            suppressed=line.suppressed,
        )
        for line in lines
    ]


def airtime_summary_out(summary: AirtimeSummary) -> AirtimeSummaryOut:
    return AirtimeSummaryOut(
        total_seconds=None if summary.suppressed else summary.total_seconds,
        unsided_seconds=None if summary.suppressed else summary.unsided_seconds,
        suppressed=summary.suppressed,
        seat_basis=summary.seat_basis,
        sides=_shares(summary.sides) or [],
        genders=_shares(summary.genders),
        capacities=_shares(summary.capacities),
        warnings=summary.warnings,
    )
