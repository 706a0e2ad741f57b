"""``.ics`` calendar files of meetings (RFC 5545, written by ``icalendar``).

A calendar file leaves the workspace: it is copied into phones and shared
calendars. So an event carries the meeting's title, its time and a link back
to the meeting page, and nothing else: never the agenda, the venue, the phase
or who attends, whatever the process withholds or not.

Like every exit, the title passes the identification gate (the process's
roster, the same engine as outputs and reports): a title the gate flags leaves
as a neutral "Meeting <date>", never with the name in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from backchannel.meetings.models import Meeting

PRODID = "-//Backchannel//Meetings//EN"


def neutral_title(meeting: Meeting) -> str:
    """What a calendar file says instead of a title the gate flags."""
    return _("Meeting %(date)s") % {"date": meeting.date.isoformat()}


def gated_titles(meetings: Iterable[Meeting]) -> dict[object, str]:
    """Each meeting's title as it may leave: its own when the identification
    gate (``transfer.services.gate_report``, as for every exit) finds no one in
    it, else :func:`neutral_title`."""
    from backchannel.transfer.services import gate_report

    out: dict[object, str] = {}
    for meeting in meetings:
        title = str(meeting.title)
        clean = gate_report(meeting.process, title).clean
        out[meeting.pk] = title if clean else neutral_title(meeting)
    return out


def _event(
    meeting: Meeting, title: str, link: str, stamp: dt.datetime
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{meeting.pk}@backchannel")
    event.add("dtstamp", stamp)
    event.add("summary", title)
    start = meeting.starts
    if start is None:
        # No start time: a whole-day event on the meeting's date.
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    else:
        event.add("dtstart", start)
        ends = meeting.ends
        if ends is not None:
            event.add("dtend", ends)
    event.add("url", link)
    event.add("description", link)
    return event


def calendar_bytes(
    meetings: Iterable[Meeting], *, link: Callable[[Meeting], str]
) -> bytes:
    """One VCALENDAR with an event per meeting; ``link`` gives each its page's URL.

    Titles pass the identification gate first (:func:`gated_titles`)."""
    meetings = list(meetings)
    titles = gated_titles(meetings)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    stamp = timezone.now().replace(microsecond=0)
    for meeting in meetings:
        calendar.add_component(
            _event(meeting, titles[meeting.pk], link(meeting), stamp)
        )
    # VTIMEZONE blocks for the zones used, so any client reads the times right.
    calendar.add_missing_timezones()
    return calendar.to_ical()
