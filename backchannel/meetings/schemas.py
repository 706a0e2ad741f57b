"""API shapes of meetings: details, agenda, segments and attendance.

Attendance (who met whom) leaves only for readers with ``access.can_see_contacts``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema

from backchannel.core.schemas import In, Out
from backchannel.meetings.models import Meeting
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import RecordRule

# -- input


class SegmentIn(In):
    title: str
    record_rule: RecordRule


class MeetingIn(In):
    title: str
    date: dt.date
    start_time: dt.time | None = Field(
        None, description="Local start time on `date`, in `time_zone` (HH:MM)."
    )
    time_zone: str = Field(
        "", description="IANA time zone name (Europe/Paris); needed with start_time."
    )
    duration_minutes: int | None = Field(None, ge=1, le=1440)
    phase_id: uuid.UUID | None = Field(None, description="A phase of this process.")
    venue: str = ""
    venue_withheld: bool = Field(
        False, description="Keep the venue out of the workspace; any venue is dropped."
    )
    agenda: list[str] = Field([], description="Agenda item titles, in order.")
    segments: list[SegmentIn] = Field(
        [], description="Parts of the meeting, each under its own record rule."
    )


class MeetingPatch(In):
    title: str | None = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    time_zone: str | None = None
    duration_minutes: int | None = Field(None, ge=1, le=1440)
    phase_id: uuid.UUID | None = None
    venue: str | None = None
    venue_withheld: bool | None = None
    agenda: list[str] | None = Field(None, description="Replaces the whole agenda.")
    segments: list[SegmentIn] | None = Field(None, description="Replaces all segments.")


class AttendanceIn(In):
    attendance: list[uuid.UUID] = Field(
        description="Seat ids (GET /api/processes/{id}/seats) of those who attended; "
        "replaces the list."
    )


# -- output


class SegmentOut(Schema):
    position: int
    title: str
    record_rule: RecordRule


class MeetingSummaryOut(Schema):
    id: uuid.UUID
    title: str
    date: dt.date
    start_time: dt.time | None
    time_zone: str
    duration_minutes: int | None
    starts_at: dt.datetime | None = Field(
        description="The start with its UTC offset, or null for a whole-day meeting."
    )
    phase_id: uuid.UUID | None
    venue_withheld: bool


class MeetingOut(MeetingSummaryOut, Out):
    WITHHELD = frozenset({"attendance"})

    venue: str
    agenda: list[str]
    segments: list[SegmentOut]
    attendance: list[uuid.UUID] | None = Field(
        None,
        description="Seat ids of those who attended: only for the process's "
        "conveners and facilitators; absent for other roles.",
    )


# -- builders


def meeting_summary_out(meeting: Meeting) -> MeetingSummaryOut:
    return MeetingSummaryOut(
        id=meeting.pk,
        title=str(meeting.title),
        date=meeting.date,
        start_time=meeting.start_time,
        time_zone=meeting.time_zone,
        duration_minutes=meeting.duration_minutes,
        starts_at=meeting.starts,
        phase_id=meeting.phase_id,
        venue_withheld=meeting.venue_withheld,
    )


def meeting_out(access: ProcessAccess, meeting: Meeting) -> MeetingOut:
    """``meeting`` with its agenda and segments loaded (``meeting_detail_for``)."""
    return MeetingOut(
        **meeting_summary_out(meeting).model_dump(),
        venue=str(meeting.venue),
        agenda=[str(item.title) for item in meeting.agenda_items.all()],
        segments=[
            SegmentOut(
                position=s.position,
                title=s.label,
                record_rule=RecordRule(s.record_rule),
            )
            for s in meeting.segments.all()
        ],
        # Who met whom: withheld (absent) for roles that may not see contacts.
        attendance=list(meeting.attendance) if access.can_see_contacts else None,
    )
