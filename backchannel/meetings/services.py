"""Every write to meetings: details, agenda, segments and attendance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from backchannel.core.audit import audit_in
from backchannel.core.errors import NotFound, ValidationFailed
from backchannel.core.services_util import apply_changes
from backchannel.core.validation import clean, require
from backchannel.meetings.models import (
    AgendaItem,
    Meeting,
    Segment,
    resolve_time_zone,
)
from backchannel.participants.models import Seat
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Phase

MEETING_FIELDS = {
    "title",
    "date",
    "start_time",
    "time_zone",
    "duration_minutes",
    "venue",
    "venue_withheld",
    "phase",
}


def _check_phase(access: ProcessAccess, phase: Phase | None) -> None:
    if phase is not None and phase.process_id != access.process.pk:
        raise NotFound("phase")


def _segments(meeting: Meeting, segments: list[dict[str, Any]]) -> None:
    """Set the meeting's segments, in order, keeping the rows that still match.

    What refers to a segment (notes of the meeting's record) must stay with it,
    so an existing row is reused: first one with the same title and rule, then
    the one at the same position with the same rule (a rename). Rows left over
    are deleted, so a segment whose rule changes is replaced; one that holds
    notes cannot be deleted (``RESTRICT``), and the edit is refused.
    """
    existing = list(meeting.segments.order_by("position"))
    wanted = [
        (str(data.get("title", "")).strip(), data.get("record_rule", ""))
        for data in segments
    ]
    kinds = [data.get("kind", "") for data in segments]
    free = list(existing)
    reuse: dict[int, Segment] = {}
    for position, (title, rule) in enumerate(wanted):
        # a "Whole meeting" segment comes back from the form in the editor's
        # language (its label): it stays the workspace's, stored neutral
        same = next(
            (s for s in free if s.label == title and s.record_rule == rule), None
        )
        if same is not None:
            reuse[position] = same
            free.remove(same)
    for position, (_title, rule) in enumerate(wanted):
        here = existing[position] if position < len(existing) else None
        if position not in reuse and here in free and here.record_rule == rule:
            reuse[position] = here
            free.remove(here)
    kept = []
    for position, (title, rule) in enumerate(wanted):
        segment = reuse.get(position) or Segment(
            meeting=meeting, data_key_id=meeting.data_key_id
        )
        segment.position = position
        segment.record_rule = rule
        if kinds[position] == Segment.WHOLE_MEETING and segment.pk is None:
            segment.kind, segment.title = Segment.WHOLE_MEETING, ""  # imported
        if segment.kind == Segment.WHOLE_MEETING and (
            title == segment.label or kinds[position] == Segment.WHOLE_MEETING
        ):
            clean(
                segment, exclude=["data_key", "title"], prefix=f"segments[{position}]."
            )
        else:
            segment.kind = ""
            segment.title = title
            clean(segment, exclude=["data_key"], prefix=f"segments[{position}].")
        kept.append(segment)
    for segment in free:
        try:
            with transaction.atomic():
                segment.delete()
        except (ProtectedError, RestrictedError):
            raise ValidationFailed(
                {
                    "segments": [
                        _(
                            "“%(title)s” (%(value)s) has notes in the meeting's record: it cannot be removed and its record rule cannot change. Keep it as it is, and add a new segment for what follows."
                        )
                        % {
                            "title": segment.label,
                            "value": segment.get_record_rule_display(),
                        }
                    ]
                }
            ) from None
    for segment in kept:
        segment.save()


def _agenda(meeting: Meeting, items: list[str]) -> None:
    meeting.agenda_items.all().delete()
    for position, title in enumerate(items):
        item = AgendaItem(
            meeting=meeting,
            data_key_id=meeting.data_key_id,
            position=position,
            title=str(title).strip(),
        )
        clean(item, exclude=["data_key"], prefix=f"agenda[{position}].")
        item.save()


@transaction.atomic
def meeting_create(
    *,
    access: ProcessAccess,
    title: str,
    date: dt.date,
    start_time: dt.time | None = None,
    time_zone: str = "",
    duration_minutes: int | None = None,
    phase: Phase | None = None,
    venue: str = "",
    venue_withheld: bool = False,
    agenda: list[str] | None = None,
    segments: list[dict[str, Any]] | None = None,
) -> Meeting:
    access.require_manage()
    _check_phase(access, phase)
    meeting = Meeting(
        process=access.process,
        phase=phase,
        title=title.strip(),
        date=date,
        start_time=start_time,
        time_zone=resolve_time_zone(time_zone),
        duration_minutes=duration_minutes,
        venue="" if venue_withheld else venue.strip(),
        venue_withheld=venue_withheld,
    )
    clean(meeting, exclude=["data_key"])
    meeting.save()
    _agenda(meeting, agenda or [])
    _segments(meeting, segments or [])
    audit_in(access, "meeting.create", meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    access: ProcessAccess,
    meeting: Meeting,
    agenda: list[str] | None = None,
    segments: list[dict[str, Any]] | None = None,
    **changes: Any,
) -> Meeting:
    access.require_manage()
    _check_phase(access, changes.get("phase"))
    if changes.get("venue_withheld"):
        changes["venue"] = ""
    if "time_zone" in changes:
        changes["time_zone"] = resolve_time_zone(changes["time_zone"])
    apply_changes(meeting, changes, allowed=MEETING_FIELDS)
    if agenda is not None:
        _agenda(meeting, agenda)
    if segments is not None:
        _segments(meeting, segments)
    audit_in(access, "meeting.update", meeting)
    return meeting


@transaction.atomic
def meeting_delete(*, access: ProcessAccess, meeting: Meeting) -> None:
    access.require_manage()
    audit_in(access, "meeting.delete", meeting)
    meeting.delete()


@transaction.atomic
def attendance_set(
    *, access: ProcessAccess, meeting: Meeting, seat_ids: list[Any]
) -> Meeting:
    """Record who attended. Only seats of this process are accepted."""
    access.require_manage()
    wanted = {str(s) for s in seat_ids}
    known = {
        str(pk)
        for pk in Seat.objects.filter(process=access.process).values_list(
            "pk", flat=True
        )
    }
    unknown = sorted(wanted - known)
    require(
        not unknown,
        "attendance",
        _("%(count)s of the seats given are not seats of this process.")
        % {"count": len(unknown)},
    )
    apply_changes(meeting, {"attendance": sorted(wanted)}, allowed={"attendance"})
    audit_in(access, "meeting.attendance", meeting)
    return meeting
