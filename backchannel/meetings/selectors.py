"""Reads of meetings, scoped to a process the actor has access to."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from backchannel.core import l10n
from backchannel.core.sentences import sentence
from backchannel.meetings.models import Meeting
from backchannel.participants.composition import Warning
from backchannel.participants.models import Seat
from backchannel.processes.access import ProcessAccess


def meeting_list_for(access: ProcessAccess) -> tuple[list[Meeting], list[Meeting]]:
    """Upcoming meetings (today or later, soonest first), then past ones (latest first)."""
    today = timezone.localdate()
    meetings = list(
        Meeting.objects.filter(process=access.process)
        .select_related("phase")
        .order_by("date", "id")
    )
    upcoming = [m for m in meetings if m.date >= today]
    past = [m for m in reversed(meetings) if m.date < today]
    return upcoming, past


def meeting_detail_for(meeting: Meeting) -> Meeting:
    """The meeting with its agenda and segments loaded."""
    return (
        Meeting.objects.select_related("phase")
        .prefetch_related("agenda_items", "segments")
        .get(pk=meeting.pk)
    )


def meetings_for_calendar(access: ProcessAccess) -> list[Meeting]:
    """Every meeting of the process, by date: the process's ``.ics`` file.

    Only what a calendar file carries is needed (title, date, time, zone):
    no agenda, venue or attendance is loaded."""
    meetings = list(
        Meeting.objects.filter(process=access.process)
        .only(
            "id",
            "data_key",
            "process",
            "title",
            "date",
            "start_time",
            "time_zone",
            "duration_minutes",
        )
        .order_by("date", "id")
    )
    # The start time is encrypted: order within a day in Python (few meetings).
    return sorted(
        meetings, key=lambda m: (m.date, m.start_time or dt.time.min, str(m.pk))
    )


def last_time_zone(access: ProcessAccess) -> str:
    """The time zone of the process's latest meeting that has one, or ''.

    The zone is encrypted: read the latest meetings until one has a zone."""
    meetings = Meeting.objects.filter(process=access.process).order_by("-date", "-id")
    for meeting in meetings.only("id", "data_key", "date", "time_zone"):
        if meeting.time_zone:
            return str(meeting.time_zone)
    return ""


def single_participant_warnings(
    access: ProcessAccess, seats: list[Seat]
) -> list[Warning]:
    """The composition's warning for each meeting where a side had a single
    participant (registered with :func:`participants.composition.register_warnings`)."""
    side_of = {str(s.pk): s.side for s in seats if s.side is not None}
    sides = list(access.process.sides.order_by("position"))
    out = []
    for meeting in Meeting.objects.filter(process=access.process).order_by("date"):
        attending = [side_of[a] for a in meeting.attendance if a in side_of]
        if not attending:
            continue
        counts = Counter(s.pk for s in attending)
        for side in sides:
            if counts.get(side.pk, 0) == 1:
                out.append(
                    Warning(
                        "meeting_single_participant",
                        sentence(
                            _(
                                "At “%(meeting)s” (%(date)s) %(side)s had a single "
                                "participant: they carry the whole side alone."
                            ),
                            plain={"date": l10n.day(meeting.date)},
                            meeting=meeting.title,
                            side=side.name,
                        ),
                    )
                )
    return out
