"""HTML pages of meetings: details, agenda, segments and attendance."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backchannel.accounts.http import WebRequest
from backchannel.core.web import (
    GET,
    confirm_view,
    form_page,
    html_view,
    name_views,
    pick,
    posted,
    tab_page,
)
from backchannel.meetings import services
from backchannel.meetings.access import access_meeting_by_id
from backchannel.meetings.calendar import calendar_bytes
from backchannel.meetings.forms import (
    MeetingForm,
    SegmentFormSet,
    attach_segment_errors,
    segments_of,
)
from backchannel.meetings.models import Meeting
from backchannel.meetings.selectors import (
    last_time_zone,
    meeting_detail_for,
    meeting_list_for,
    meetings_for_calendar,
)
from backchannel.participants.selectors import roster_for
from backchannel.processes.access import ProcessAccess, access_process_by_id

_page = tab_page(tab="meetings")


def _save(
    request: HttpRequest,
    access: ProcessAccess,
    meeting: Meeting | None,
) -> HttpResponse:
    """The create and edit form: parse, then meeting_* and attendance_set together."""
    phases = list(access.process.phases.order_by("position"))
    seats = roster_for(access)
    if meeting is None:
        # A new meeting starts in the zone of the process's last one, if any.
        zone = last_time_zone(access) or settings.TIME_ZONE
        initial: dict[str, Any] = {"time_zone": zone}
        segment_initial: list[dict[str, str]] = []
    else:
        initial = {
            "title": meeting.title,
            "date": meeting.date,
            "start_time": meeting.start_time,
            "time_zone": meeting.time_zone,
            "duration_minutes": meeting.duration_minutes,
            "phase": str(meeting.phase_id or ""),
            "venue": meeting.venue,
            "venue_withheld": meeting.venue_withheld,
            "agenda": "\n".join(str(i.title) for i in meeting.agenda_items.all()),
            "attendance": list(meeting.attendance),
        }
        segment_initial = [
            {"title": s.label, "record_rule": s.record_rule}
            for s in meeting.segments.all()
        ]
    form = MeetingForm(posted(request), initial=initial, phases=phases, seats=seats)
    formset = SegmentFormSet(
        posted(request), initial=segment_initial, prefix="segments"
    )
    for number, row in enumerate(formset.forms, start=1):
        row.fields["title"].label = _("Segment %(number)s: title") % {"number": number}
        row.fields["record_rule"].label = _("Segment %(number)s: record rule") % {
            "number": number
        }

    @transaction.atomic
    def save() -> Meeting:
        data = form.cleaned_data
        fields = {
            "title": data["title"],
            "date": data["date"],
            "start_time": data["start_time"],
            "time_zone": data["time_zone"] if data["start_time"] else "",
            "duration_minutes": data["duration_minutes"],
            "phase": pick(phases, data["phase"]),
            "venue": data["venue"],
            "venue_withheld": data["venue_withheld"],
            "agenda": form.agenda_items(),
            "segments": segments_of(formset)[0],
        }
        if meeting is None:
            saved = services.meeting_create(access=access, **fields)
        else:
            saved = services.meeting_update(access=access, meeting=meeting, **fields)
        services.attendance_set(
            access=access, meeting=saved, seat_ids=data["attendance"]
        )
        return saved

    return form_page(
        request,
        form,
        save,
        formset=formset,
        errors_to=lambda errors: attach_segment_errors(
            formset, errors, segments_of(formset)[1]
        ),
        then=lambda saved: reverse("meetings:meeting-detail", args=[saved.pk]),
        message=_("Meeting saved."),
        template="meetings/meeting_form.html",
        context=_page(
            access,
            meeting=meeting,
            delete_url=(
                reverse("meetings:meeting-delete", args=[meeting.pk])
                if meeting
                else None
            ),
        ),
    )


@html_view(access_process_by_id, manage=True)
def meeting_create(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    return _save(request, access, None)


@html_view(access_meeting_by_id, manage=True)
def meeting_edit(
    request: WebRequest, meeting: Any, access: ProcessAccess
) -> HttpResponse:
    return _save(request, access, meeting_detail_for(meeting))


@html_view(access_meeting_by_id, methods=GET)
def meeting_detail(
    request: WebRequest, meeting: Any, access: ProcessAccess
) -> HttpResponse:
    meeting = meeting_detail_for(meeting)
    attendees = []
    if access.can_see_contacts:
        present = set(meeting.attendance)
        attendees = [s for s in roster_for(access) if str(s.pk) in present]
    context = _page(access, meeting=meeting, attendees=attendees, nav="processes")
    return render(request, "meetings/meeting_detail.html", context)


meeting_delete = confirm_view(
    access_meeting_by_id,
    manage=True,
    act=lambda meeting, access: services.meeting_delete(access=access, meeting=meeting),
    then=lambda meeting, access: (
        reverse("processes:process-detail", args=[access.process.pk]) + "#meetings"
    ),
    message=gettext_lazy("Meeting deleted."),
    question=gettext_lazy("Delete this meeting, with its agenda and segments?"),
    name=lambda meeting, access: f"{meeting.title}, {meeting.date:%d %B %Y}",
    cancel=lambda meeting, access: reverse(
        "meetings:meeting-detail", args=[meeting.pk]
    ),
)


@html_view(access_process_by_id, methods=GET)
def meeting_list(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    """The Meetings tab: every meeting of the process, next ones first, then past."""
    upcoming, past = meeting_list_for(access)
    context = _page(access, upcoming=upcoming, past=past, nav="processes")
    return render(request, "meetings/meeting_list.html", context)


def _ics(request: HttpRequest, meetings: list[Meeting], name: str) -> HttpResponse:
    body = calendar_bytes(
        meetings,
        link=lambda m: request.build_absolute_uri(
            reverse("meetings:meeting-detail", args=[m.pk])
        ),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    response["Cache-Control"] = "no-store"
    return response


@html_view(access_meeting_by_id, methods=GET)
def meeting_calendar(request: WebRequest, meeting: Any, _access: Any) -> HttpResponse:
    """One meeting as an ``.ics`` file: title, time and a link, nothing else."""
    return _ics(request, [meeting], f"meeting-{meeting.date:%Y-%m-%d}")


@html_view(access_process_by_id, methods=GET)
def process_calendar(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    """Every meeting of the process as one ``.ics`` file."""
    # The file name stays neutral: no process title in someone's downloads.
    return _ics(request, meetings_for_calendar(access), "meetings")


name_views(globals())
