"""Reads of the record and of airtime, shaped for one reader.

Every read of notes writes a ``notes.read`` audit entry (ids only), whichever
interface asks: the web pages, the API and the operator's command.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from backchannel.core import l10n
from backchannel.core.audit import audit_process
from backchannel.core.sentences import sentence
from backchannel.meetings.models import Meeting, Segment
from backchannel.participants.models import Capacity, Gender, Seat, SeatRole
from backchannel.participants.selectors import roster_shows_codes
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Process, Side
from backchannel.records.access import sees_airtime_detail, sees_attributions
from backchannel.records.labels import SIDE_LABEL_MIN, labels_now
from backchannel.records.models import (
    OFF_RECORD,
    ON_RECORD,
    Airtime,
    Note,
    NoteVersion,
    RecordClosure,
)
from backchannel.records.shares import ShareRow, share_rows

# -- the record


@dataclass
class NoteView:
    """A note as one reader may see it: ``speaker`` is None unless shown to them."""

    note: Note
    text: str
    attribution: str
    speaker: Seat | None
    # the speaker's pseudonym code: for the process's managers only (the
    # roster's rule, ``participants.selectors.roster_shows_codes``)
    speaker_code: str = ""


@dataclass
class VersionView:
    number: int
    text: str
    attribution: str
    speaker: Seat | None
    replaced_on: dt.date
    speaker_code: str = ""


@dataclass
class SegmentRecord:
    segment: Segment
    notes: list[NoteView]

    @property
    def keeps_notes(self) -> bool:
        return self.segment.record_rule != OFF_RECORD


@dataclass
class MeetingRecord:
    meeting: Meeting
    segments: list[SegmentRecord]
    closed_on: dt.date | None
    attributions: bool  # whether on-record speakers are shown to this reader

    @property
    def closed(self) -> bool:
        return self.closed_on is not None

    @property
    def note_count(self) -> int:
        return sum(len(s.notes) for s in self.segments)


def _audit_read(actor: Any, target: Any, process: Process) -> None:
    audit_process(actor, process, "notes.read", target)


def _code(speaker: Seat | None, codes: bool) -> str:
    return str(speaker.pseudonym) if speaker is not None and codes else ""


def _note_view(
    note: Note,
    attributions: bool,
    label: Callable[[str], str] | None = None,
    *,
    codes: bool = False,
) -> NoteView:
    """``label`` re-evaluates a side label against today's attendance (see
    ``records.labels``); without it, it is computed for the note's meeting.
    ``codes``: whether the reader may see pseudonym codes."""
    shown = attributions and note.rule == ON_RECORD
    label = label or labels_now(note.meeting)
    speaker = note.speaker if shown else None
    return NoteView(
        note=note,
        text=str(note.text),
        attribution=label(str(note.attribution)),
        speaker=speaker,
        speaker_code=_code(speaker, codes),
    )


def _notes(queryset: Any) -> Any:
    return queryset.select_related("speaker__person", "speaker__side").order_by(
        "position", "id"
    )


def closed_on(meeting: Meeting) -> dt.date | None:
    closure = RecordClosure.objects.filter(meeting=meeting).first()
    return closure.closed_on if closure else None


def _record(meeting: Meeting, attributions: bool, codes: bool) -> MeetingRecord:
    segments = list(Segment.objects.filter(meeting=meeting).order_by("position"))
    by_segment: dict[Any, list[NoteView]] = defaultdict(list)
    label = labels_now(meeting)
    for note in _notes(Note.objects.filter(meeting=meeting)):
        by_segment[note.segment_id].append(
            _note_view(note, attributions, label, codes=codes)
        )
    return MeetingRecord(
        meeting=meeting,
        segments=[SegmentRecord(s, by_segment.get(s.pk, [])) for s in segments],
        closed_on=closed_on(meeting),
        attributions=attributions,
    )


def record_read(access: ProcessAccess, meeting: Meeting) -> MeetingRecord:
    """The meeting's record for this reader (see ``records.access``); audited."""
    record = _record(
        meeting, sees_attributions(access, meeting), roster_shows_codes(access)
    )
    _audit_read(access.actor, meeting, access.process)
    return record


def segment_notes_read(access: ProcessAccess, segment: Segment) -> list[NoteView]:
    attributions = sees_attributions(access, segment.meeting)
    label = labels_now(segment.meeting)
    notes = [
        _note_view(n, attributions, label, codes=roster_shows_codes(access))
        for n in _notes(Note.objects.filter(segment=segment))
    ]
    _audit_read(access.actor, segment, access.process)
    return notes


def note_read(access: ProcessAccess, note: Note) -> NoteView:
    """One note (e.g. to edit it); audited."""
    view = note_view_for(access, note)
    _audit_read(access.actor, note, access.process)
    return view


def note_view_for(access: ProcessAccess, note: Note) -> NoteView:
    """A note its writer has just saved, to echo back: not a read of the record,
    so not audited as one (the write itself is)."""
    return _note_view(
        note,
        sees_attributions(access, note.meeting),
        codes=roster_shows_codes(access),
    )


def note_history_read(
    access: ProcessAccess, note: Note
) -> tuple[NoteView, list[VersionView]]:
    """The note as it stands and every earlier version, latest first; audited."""
    attributions = sees_attributions(access, note.meeting)
    shown = attributions and note.rule == ON_RECORD
    codes = roster_shows_codes(access)
    label = labels_now(note.meeting)
    versions = [
        VersionView(
            number=v.number,
            text=str(v.text),
            attribution=label(str(v.attribution)),
            speaker=v.speaker if shown else None,
            replaced_on=v.replaced_on,
            speaker_code=_code(v.speaker if shown else None, codes),
        )
        for v in NoteVersion.objects.filter(note=note)
        .select_related("speaker__person", "speaker__side")
        .order_by("-number")
    ]
    _audit_read(access.actor, note, access.process)
    return _note_view(note, attributions, label, codes=codes), versions


# -- airtime

MIN_PRESENT = SIDE_LABEL_MIN  # the trust rounds' "fewer than 3", for airtime too


@dataclass
class ShareLine:
    label: str
    row: ShareRow
    # Fewer than 3 participants of this side (present, or seated): nothing of
    # its row is shown to those who do not keep the record.
    suppressed: bool = False


@dataclass
class AirtimeSummary:
    """Airtime shares next to seat shares.

    Side shares are among the time a side held the floor (time with no side,
    e.g. the facilitation team, is ``unsided_seconds``); gender and capacity
    shares are among the time where they were noted. ``genders`` and
    ``capacities`` are None for readers who see sides only.

    ``suppressed``: for those who do not keep the record, a side with one or
    two participants (present at the meeting, or seated in the process) shows
    nothing, since its airtime would be one person's speaking time; and then
    no share, no total and no warning is shown either, since the other sides'
    shares or the totals would give the small side away by subtraction (the
    trust rounds' "fewer than 3" rule). Only the other sides' own seconds and
    counts remain.
    """

    total_seconds: int
    unsided_seconds: int
    sides: list[ShareLine]
    genders: list[ShareLine] | None = None
    capacities: list[ShareLine] | None = None
    warnings: list[str] = field(default_factory=list)
    seat_basis: str = "attendance"  # or "seats"
    suppressed: bool = False
    # Whether any airtime was recorded (also when the totals are withheld).
    recorded: bool = False

    @property
    def sided_seconds(self) -> int:
        return self.total_seconds - self.unsided_seconds


def _participants(process: Process, detail: bool) -> list[Seat]:
    queryset = Seat.objects.filter(
        process=process, role=SeatRole.PARTICIPANT, side__isnull=False
    )
    if detail:
        queryset = queryset.select_related("person")
    return list(queryset)


def _lines(
    seconds: dict[str, int],
    seats: dict[str, int],
    labels: dict[str, str],
) -> list[ShareLine]:
    keys = [k for k in labels if seconds.get(k) or seats.get(k)]
    return [ShareLine(labels[r.key], r) for r in share_rows(seconds, seats, keys)]


def _pct(value: float | None) -> str:
    return "–" if value is None else l10n.percent(value)


def _withheld(summary: AirtimeSummary) -> AirtimeSummary:
    """The summary as shown to those who do not keep the record when a side is
    small (see ``AirtimeSummary``)."""
    small = [
        line
        for line in summary.sides
        if line.row.seats < MIN_PRESENT and (line.row.seats or line.row.seconds)
    ]
    if not small:
        return summary
    lines = []
    for line in summary.sides:
        hidden = line in small
        lines.append(
            ShareLine(
                line.label,
                ShareRow(
                    key=line.row.key,
                    seconds=0 if hidden else line.row.seconds,
                    airtime_share=None,
                    seats=0 if hidden else line.row.seats,
                    seat_share=None,
                    below=False,
                ),
                suppressed=hidden,
            )
        )
    return AirtimeSummary(
        total_seconds=0,
        unsided_seconds=0,
        sides=lines,
        seat_basis=summary.seat_basis,
        suppressed=True,
        recorded=summary.recorded,
    )


def _summarise(
    rows: Iterable[Any],
    seats: list[Seat],
    sides: list[Side],
    *,
    detail: bool,
    basis: str,
    suppress: bool = False,
) -> AirtimeSummary:
    side_seconds: Counter[str] = Counter()
    gender_seconds: Counter[str] = Counter()
    capacity_seconds: Counter[str] = Counter()
    total = unsided = 0
    for row in rows:
        total += row.seconds
        if row.side_id is None:
            unsided += row.seconds
        else:
            side_seconds[str(row.side_id)] += row.seconds
        if detail:
            if row.gender:
                gender_seconds[str(row.gender)] += row.seconds
            if row.capacity:
                capacity_seconds[str(row.capacity)] += row.seconds
    side_labels = {str(s.pk): str(s.name) for s in sides}
    side_seats = Counter(str(s.side_id) for s in seats)
    summary = AirtimeSummary(
        total_seconds=total,
        unsided_seconds=unsided,
        sides=[
            ShareLine(side_labels[r.key], r)
            for r in share_rows(side_seconds, side_seats, side_labels)
        ],
        seat_basis=basis,
        recorded=total > 0,
    )
    if detail:
        summary.genders = _lines(
            gender_seconds,
            Counter(str(s.person.gender) for s in seats),
            {str(k): str(v) for k, v in Gender.choices},
        )
        summary.capacities = _lines(
            capacity_seconds,
            Counter(str(s.person.capacity) for s in seats),
            {str(k): str(v) for k, v in Capacity.choices},
        )
    below = (
        _(
            "%(side)s held the floor %(airtime)s of the time but holds "
            "%(seats)s of the participants present: well below its share "
            "(under two-thirds of it)."
        )
        if basis == "attendance"
        else _(
            "%(side)s held the floor %(airtime)s of the time but holds %(seats)s "
            "of the seats: well below its share (under two-thirds of it)."
        )
    )
    summary.warnings = [
        sentence(
            below,
            plain={
                "airtime": _pct(line.row.airtime_share),
                "seats": _pct(line.row.seat_share),
            },
            side=line.label,
        )
        for line in summary.sides
        if line.row.below
    ]
    return _withheld(summary) if suppress else summary


def _meeting_summary(
    meeting: Meeting,
    rows: Iterable[Any],
    seats: list[Seat],
    sides: list[Side],
    *,
    suppress: bool,
) -> AirtimeSummary:
    present = set(meeting.attendance)
    return _summarise(
        rows,
        [s for s in seats if str(s.pk) in present],
        sides,
        detail=False,
        basis="attendance",
        suppress=suppress,
    )


def _shown_at_meetings(process: Process, seats: list[Seat]) -> set[tuple[Any, Any]]:
    """(meeting id, side id) where at least 3 of the side's participants were
    present. For those who do not keep the record, the process's figures count
    only the airtime of these: counted in the totals, the time of a side that
    had one or two people at a meeting would be those totals less the other
    meetings' figures."""
    shown = set()
    for meeting in Meeting.objects.filter(process=process):
        present = set(meeting.attendance or [])  # encrypted: read through the model
        counts = Counter(s.side_id for s in seats if str(s.pk) in present)
        shown |= {(meeting.pk, side) for side, n in counts.items() if n >= MIN_PRESENT}
    return shown


def meeting_airtime_summary(
    access: ProcessAccess | None, meeting: Meeting
) -> AirtimeSummary:
    """Shares at one meeting, against the participants who attended it.

    ``access`` None: the operator's command, which sees every breakdown.
    """
    detail = access is None or sees_airtime_detail(access)
    present = set(meeting.attendance)
    seats = [s for s in _participants(meeting.process, detail) if str(s.pk) in present]
    rows = list(Airtime.objects.filter(meeting=meeting))
    sides = list(Side.objects.filter(process_id=meeting.process_id))
    return _summarise(
        rows, seats, sides, detail=detail, basis="attendance", suppress=not detail
    )


def process_airtime_summary(
    access: ProcessAccess | None, process: Process, *, sides_only: bool = False
) -> AirtimeSummary:
    """Shares across every meeting of the process, against its participants' seats.

    For those who do not keep the record, a side's time at a meeting where one
    or two of its participants were present is left out (see
    ``_shown_at_meetings``), and small sides are withheld (``AirtimeSummary``).
    """
    suppress = access is not None and not sees_airtime_detail(access)
    detail = not sides_only and not suppress
    rows: list[Any]
    if detail:
        rows = list(Airtime.objects.filter(meeting__process=process))
    else:
        # Sides only: the plain columns are enough, nothing to decrypt.
        rows = [
            _Plain(side_id, seconds, meeting_id)
            for meeting_id, side_id, seconds in Airtime.objects.filter(
                meeting__process=process
            ).values_list("meeting_id", "side_id", "seconds")
        ]
        if not rows and sides_only:
            # The dashboard's panel: nothing to compare yet, no more queries.
            return AirtimeSummary(total_seconds=0, unsided_seconds=0, sides=[])
    every_seat = _participants(process, detail)
    # Seat shares count the seats still held (as the composition does); who
    # attended a meeting is judged on every seat, left ones included.
    seats = [s for s in every_seat if s.left_on is None]
    recorded = bool(rows)
    if suppress:
        shown = _shown_at_meetings(process, every_seat)
        rows = [
            r for r in rows if r.side_id is None or (r.meeting_id, r.side_id) in shown
        ]
    sides = list(Side.objects.filter(process=process))
    summary = _summarise(
        rows, seats, sides, detail=detail, basis="seats", suppress=suppress
    )
    summary.recorded = recorded
    return summary


@dataclass
class _Plain:
    side_id: Any
    seconds: int
    meeting_id: Any = None
    gender: str = ""
    capacity: str = ""


def airtime_by_meeting(
    access: ProcessAccess | None, process: Process
) -> list[tuple[Meeting, AirtimeSummary]]:
    """Side shares at each meeting with airtime, by date (sides only; small
    sides withheld from those who do not keep the record)."""
    suppress = access is not None and not sees_airtime_detail(access)
    by_meeting: dict[Any, list[_Plain]] = defaultdict(list)
    for meeting_id, side_id, seconds in Airtime.objects.filter(
        meeting__process=process
    ).values_list("meeting_id", "side_id", "seconds"):
        by_meeting[meeting_id].append(_Plain(side_id, seconds))
    if not by_meeting:
        return []
    seats = _participants(process, detail=False)
    sides = list(Side.objects.filter(process=process))
    meetings = Meeting.objects.filter(pk__in=by_meeting).order_by("date", "id")
    return [
        (m, _meeting_summary(m, by_meeting[m.pk], seats, sides, suppress=suppress))
        for m in meetings
    ]
