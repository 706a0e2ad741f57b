"""Every write to the record: notes, closing the record, airtime.

The service, never the client, decides what a note may say about who spoke:

1. Off the record: no note at all (``ValidationFailed`` on ``segment``).
2. Chatham House Rule: no speaker (``ValidationFailed`` on ``speaker``, naming
   the rule), and the text may not carry the name of anyone seated in the
   process (a safety net for slips, on full names and aliases). A side may be
   given: the stored label is "a participant from <side>" only when at least
   ``SIDE_LABEL_MIN`` participants of that side attended the meeting, and "a
   participant" otherwise.
3. On the record: a speaker (a seat of the process who attended) may be named;
   a side label follows the same rule as above.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backchannel.core.audit import audit_in
from backchannel.core.errors import NotFound, ValidationFailed
from backchannel.core.findings import spans_described
from backchannel.core.validation import clean, require
from backchannel.meetings.models import Meeting, Segment
from backchannel.participants.models import Seat
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Side
from backchannel.records import signals
from backchannel.records.access import require_record
from backchannel.records.labels import (  # noqa: F401 (re-exported)
    PARTICIPANT,
    SIDE_LABEL_MIN,
    side_attribution,
    side_participants_present,
)
from backchannel.records.models import (
    AIRTIME_MAX_SECONDS,
    CHATHAM_HOUSE,
    OFF_RECORD,
    ON_RECORD,
    Airtime,
    Note,
    NoteVersion,
    RecordClosure,
)
from backchannel.transfer.roster import gate_for_process

NOTE_FIELDS = {"text", "speaker", "side"}


def _rule_name(rule: str) -> str:
    names: dict[str, str] = {
        ON_RECORD: "on the record",
        CHATHAM_HOUSE: "under the Chatham House Rule",
    }
    return names[rule]


def refuse_off_record(segment: Segment) -> None:
    require(
        segment.record_rule != OFF_RECORD,
        "segment",
        _(
            "“%(title)s” is off the record: no notes are kept, only its place in the agenda. Write notes in an on-record or Chatham House segment."
        )
        % {"title": segment.label},
    )


def _attribution(
    access: ProcessAccess,
    segment: Segment,
    meeting: Meeting,
    *,
    speaker: Seat | None,
    side: Side | None,
) -> tuple[Seat | None, str]:
    """The speaker to store (on the record only) and the attribution code
    (``records.labels``: written in the reader's language when read)."""
    rule = segment.record_rule
    if speaker is not None and rule != ON_RECORD:
        raise ValidationFailed(
            {
                "speaker": [
                    _(
                        "“%(title)s” is %(value)s: the record may not name a speaker or their affiliation. Leave the speaker out; to say which side spoke, give a side (the record then reads “a participant from …” if at least %(SIDE_LABEL_MIN)s of that side's participants attended, else “a participant”)."
                    )
                    % {
                        "title": segment.label,
                        "value": _rule_name(rule),
                        "SIDE_LABEL_MIN": SIDE_LABEL_MIN,
                    }
                ]
            }
        )
    require(
        speaker is None or side is None,
        "side",
        _("Give a speaker or a side, not both: a speaker's side is shown with them."),
    )
    if speaker is not None:
        require(
            speaker.process_id == access.process.pk,
            "speaker",
            _("This seat is not in this process: choose someone seated in it."),
        )
        require(
            str(speaker.pk) in set(meeting.attendance),
            "speaker",
            _(
                "%(pseudonym)s is not in this meeting's attendance: choose someone who attended, or ask a facilitator to record the attendance."
            )
            % {"pseudonym": speaker.pseudonym},
        )
        return speaker, ""
    if side is not None:
        require(
            side.process_id == access.process.pk,
            "side",
            _("This side is not a side of this process: choose one of its sides."),
        )
        return None, side_attribution(meeting, side)
    return None, ""


def identifying(process: Any, text: str, *, seated_only: bool = False) -> list[str]:
    """What in the text identifies someone, by the identification gate (the
    same engine, normalisation and roster as every exit): each span the user
    typed, once, with what kind of thing it is ("“Amira Haddad” (a person's
    name)"). Never whose it is: the gate reads the organisation's whole
    registry, and a refusal naming its people would let anyone probe it.
    ``seated_only``: only the people seated in the process (see
    :func:`~backchannel.transfer.roster.gate_for_process`)."""

    return spans_described(
        gate_for_process(process, seated_only=seated_only).check(text).findings
    )


def check_note_text(access: ProcessAccess, segment: Segment, text: str) -> None:
    """A note's text (or its translation's): not empty, and naming nobody
    under the Chatham House Rule (:class:`ValidationFailed` otherwise)."""
    require(bool(text.strip()), "text", _("Write the note: it cannot be empty."))
    if segment.record_rule != CHATHAM_HOUSE:
        return
    names = identifying(access.process, text, seated_only=True)
    require(
        not names,
        "text",
        _(
            "“%(title)s” is under the Chatham House Rule, so the record names nobody, but this text identifies someone: %(value)s. Write “a participant” instead, and give a side if it matters which side spoke."
        )
        % {"title": segment.label, "value": "; ".join(names)},
    )


def _segment_of(access: ProcessAccess, segment: Segment) -> Meeting:
    meeting = segment.meeting
    require(
        meeting.process_id == access.process.pk,
        "segment",
        _("This segment is not in this process."),
    )
    return meeting


def is_closed(meeting: Meeting) -> bool:
    return RecordClosure.objects.filter(meeting=meeting).exists()


@transaction.atomic
def whole_meeting_segment(*, access: ProcessAccess, meeting: Meeting) -> Segment:
    """Somewhere to take notes in a meeting without segments: one segment, "Whole
    meeting" (stored as a kind, shown in the reader's language), under the process's record rule (the rule the meeting page already
    says applies). For whoever may write the record, the rapporteur included, so
    that a meeting set up without segments is no dead end; refused once the
    meeting has segments (their rules were chosen: a manager edits them)."""
    require_record(access)
    require(
        meeting.process_id == access.process.pk,
        "meeting",
        _("This meeting is not in this process."),
    )
    require(
        not meeting.segments.exists(),
        "meeting",
        _(
            "This meeting already has segments: take notes in one of them, or ask a facilitator to add one."
        ),
    )
    segment = Segment(
        meeting=meeting,
        data_key_id=meeting.data_key_id,
        position=0,
        title="",  # no words in the creator's language: ``label`` reads it
        kind=Segment.WHOLE_MEETING,
        record_rule=access.process.record_rule,
    )
    clean(segment, exclude=["data_key", "title"])
    segment.save()
    audit_in(access, "segment.whole_meeting", segment)
    return segment


@transaction.atomic
def note_record(
    *,
    access: ProcessAccess,
    segment: Segment,
    text: str,
    speaker: Seat | None = None,
    side: Side | None = None,
) -> Note:
    """Add a note at the end of a segment of the record."""
    require_record(access)
    meeting = _segment_of(access, segment)
    refuse_off_record(segment)
    text = text.strip()
    check_note_text(access, segment, text)
    speaker, attribution = _attribution(
        access, segment, meeting, speaker=speaker, side=side
    )
    last = Note.objects.filter(segment=segment).aggregate(last=Max("position"))
    note = Note(
        meeting=meeting,
        segment=segment,
        data_key_id=meeting.data_key_id,
        rule=segment.record_rule,
        position=(last["last"] or 0) + 1,
        text=text,
        speaker=speaker,
        attribution=attribution,
        created_on=timezone.localdate(),
    )
    clean(note, exclude=["data_key"])
    note.save()
    audit_in(access, "note.record", note)
    return note


@transaction.atomic
def note_update(*, access: ProcessAccess, note: Note, **changes: Any) -> Note:
    """Change a note's text or attribution.

    While the meeting's record is open the note is changed in place. Once it
    is closed, the note as it stood is kept as a ``NoteVersion`` first, and the
    note's version number goes up: the history shows every earlier text.
    Giving ``speaker`` or ``side`` (even None) recomputes the attribution from
    those two; leaving both out keeps it.
    """
    require_record(access)
    unknown = sorted(set(changes) - NOTE_FIELDS)
    if unknown:
        raise ValidationFailed(
            {
                name: [
                    _("'%(name)s' cannot be changed; allowed: %(value)s.")
                    % {"name": name, "value": sorted(NOTE_FIELDS)}
                ]
                for name in unknown
            }
        )
    segment = note.segment
    meeting = _segment_of(access, segment)
    text = str(changes.get("text", note.text)).strip()
    check_note_text(access, segment, text)
    if "speaker" in changes or "side" in changes:
        speaker, attribution = _attribution(
            access,
            segment,
            meeting,
            speaker=changes.get("speaker"),
            side=changes.get("side"),
        )
    else:
        speaker, attribution = note.speaker, str(note.attribution)
    before = (str(note.text), note.speaker_id, str(note.attribution))
    if before == (text, getattr(speaker, "pk", None), attribution):
        return note
    today = timezone.localdate()
    fields = ["text", "speaker", "attribution", "updated_on"]
    if is_closed(meeting):
        version = NoteVersion(
            note=note,
            data_key_id=note.data_key_id,
            number=note.version,
            rule=note.rule,
            text=before[0],
            speaker_id=before[1],
            attribution=before[2],
            replaced_on=today,
        )
        clean(version, exclude=["data_key"])
        version.save()
        note.version += 1
        fields.append("version")
    note.text = text
    note.speaker = speaker
    note.attribution = attribution
    note.updated_on = today
    clean(note, exclude=["data_key"])
    note.save(update_fields=fields)
    if text != before[0]:
        signals.note_text_changed.send(sender=Note, note=note)
    audit_in(access, "note.update", note)
    return note


@transaction.atomic
def note_delete(*, access: ProcessAccess, note: Note) -> None:
    """Delete a note written by mistake (with its translations), while the
    meeting's record is open. Once it is closed, the record is what was
    agreed: a note can still be corrected, and its earlier text is kept."""
    require_record(access)
    meeting = _segment_of(access, note.segment)
    closed = RecordClosure.objects.filter(meeting=meeting).first()
    require(
        closed is None,
        "note",
        _(
            "The record of this meeting was closed on %(closed_on)s: its notes can "
            "no longer be deleted. Edit the note instead; its earlier text is kept."
        )
        % {"closed_on": date_format(closed.closed_on) if closed else ""},
    )
    audit_in(access, "note.delete", note)
    note.delete()


@transaction.atomic
def record_close(*, access: ProcessAccess, meeting: Meeting) -> RecordClosure:
    """Close a meeting's record: from now on every edit keeps the earlier text."""
    require_record(access)
    require(
        meeting.process_id == access.process.pk, "meeting", _("Not in this process.")
    )
    existing = RecordClosure.objects.filter(meeting=meeting).first()
    if existing is not None:
        raise ValidationFailed(
            {
                "__all__": [
                    _(
                        "The record of this meeting was closed on %(closed_on)s: edits are already kept as versions."
                    )
                    % {"closed_on": format(existing.closed_on, "%d %B %Y")}
                ]
            }
        )
    closure = RecordClosure(meeting=meeting, closed_on=timezone.localdate())
    clean(closure)
    closure.save()
    audit_in(access, "record.close", meeting)
    return closure


@transaction.atomic
def airtime_record(
    *,
    access: ProcessAccess,
    meeting: Meeting,
    seconds: int,
    side: Side | None = None,
    gender: str = "",
    capacity: str = "",
    segment: Segment | None = None,
) -> Airtime:
    """Record that a side (never a person) held the floor for ``seconds``."""
    require_record(access)
    require(
        meeting.process_id == access.process.pk, "meeting", _("Not in this process.")
    )
    require(
        side is None or side.process_id == access.process.pk,
        "side",
        _("This side is not a side of this process: choose one of its sides."),
    )
    require(
        segment is None or segment.meeting_id == meeting.pk,
        "segment",
        _("This segment is not part of this meeting: choose one of its segments."),
    )
    require(
        isinstance(seconds, int) and 1 <= seconds <= AIRTIME_MAX_SECONDS,
        "seconds",
        _(
            "Give how long the side held the floor, in whole seconds from 1 to %(AIRTIME_MAX_SECONDS)s (four hours)."
        )
        % {"AIRTIME_MAX_SECONDS": AIRTIME_MAX_SECONDS},
    )
    airtime = Airtime(
        meeting=meeting,
        data_key_id=meeting.data_key_id,
        segment=segment,
        side=side,
        gender=gender or "",
        capacity=capacity or "",
        seconds=seconds,
        recorded_on=timezone.localdate(),
    )
    clean(airtime, exclude=["data_key"])
    airtime.save()
    audit_in(access, "airtime.record", airtime)
    return airtime


@transaction.atomic
def airtime_delete(*, access: ProcessAccess, airtime: Airtime) -> None:
    """Remove an interval recorded by mistake (a tap on the wrong side); the
    time can then be added by hand to the side that held the floor."""
    require_record(access)
    if airtime.meeting.process_id != access.process.pk:
        raise NotFound("airtime")
    audit_in(access, "airtime.delete", airtime)
    airtime.delete()
