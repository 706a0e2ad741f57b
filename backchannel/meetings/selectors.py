"""Reads of meetings, scoped to a process the actor has access to."""

from __future__ import annotations

from collections import Counter

from django.utils import timezone

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
    return list(
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
        .order_by("date", "start_time", "id")
    )


def last_time_zone(access: ProcessAccess) -> str:
    """The time zone of the process's latest meeting that has one, or ''."""
    return (
        Meeting.objects.filter(process=access.process)
        .exclude(time_zone="")
        .order_by("-date")
        .values_list("time_zone", flat=True)
        .first()
    ) or ""


def single_participant_warnings(
    access: ProcessAccess, seats: list[Seat]
) -> list[Warning]:
    """The composition's warning for each meeting where a side had a single
    participant (registered with :func:`participants.composition.register_warnings`)."""
    side_of = {str(s.pk): s.side for s in seats}
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
                        f"At “{meeting.title}” ({meeting.date:%d %b %Y}) {side.name} had a "
                        "single participant: they carry the whole side alone.",
                    )
                )
    return out
