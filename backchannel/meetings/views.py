"""HTML pages of meetings: details, agenda, segments and attendance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backchannel.core.errors import ValidationFailed
from backchannel.core.web import attach_errors, pick, posted, render_confirm, web_errors
from backchannel.meetings import services
from backchannel.meetings.access import access_meeting_by_id
from backchannel.meetings.forms import (
    MeetingForm,
    SegmentFormSet,
    attach_segment_errors,
    segments_of,
)
from backchannel.meetings.models import Meeting
from backchannel.meetings.selectors import meeting_detail_for
from backchannel.participants.selectors import roster_for
from backchannel.processes.access import ProcessAccess, access_process_by_id

GET_POST = require_http_methods(["GET", "POST"])


def _save(
    request: HttpRequest,
    access: ProcessAccess,
    meeting: Meeting | None,
) -> HttpResponse:
    """The create and edit form: parse, then meeting_* and attendance_set together."""
    phases = list(access.process.phases.order_by("position"))
    seats = roster_for(access)
    if meeting is None:
        initial: dict[str, Any] = {}
        segment_initial: list[dict[str, str]] = []
    else:
        initial = {
            "title": meeting.title,
            "date": meeting.date,
            "phase": str(meeting.phase_id or ""),
            "venue": meeting.venue,
            "venue_withheld": meeting.venue_withheld,
            "agenda": "\n".join(str(i.title) for i in meeting.agenda_items.all()),
            "attendance": list(meeting.attendance),
        }
        segment_initial = [
            {"title": str(s.title), "record_rule": s.record_rule}
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
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        fields = {
            "title": data["title"],
            "date": data["date"],
            "phase": pick(phases, data["phase"]),
            "venue": data["venue"],
            "venue_withheld": data["venue_withheld"],
        }
        segments, where = segments_of(formset)
        try:
            with transaction.atomic():
                if meeting is None:
                    saved = services.meeting_create(
                        access=access,
                        agenda=form.agenda_items(),
                        segments=segments,
                        **fields,
                    )
                else:
                    saved = services.meeting_update(
                        access=access,
                        meeting=meeting,
                        agenda=form.agenda_items(),
                        segments=segments,
                        **fields,
                    )
                services.attendance_set(
                    access=access, meeting=saved, seat_ids=data["attendance"]
                )
        except ValidationFailed as exc:
            rest = attach_segment_errors(formset, exc.errors, where)
            attach_errors(form, rest)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("meetings:meeting-detail", saved.pk)
    invalid = form.is_bound and (bool(form.errors) or not formset.is_valid())
    context = {
        "access": access,
        "process": access.process,
        "meeting": meeting,
        "form": form,
        "formset": formset,
        "delete_url": (
            reverse("meetings:meeting-delete", args=[meeting.pk]) if meeting else None
        ),
    }
    return render(
        request, "meetings/meeting_form.html", context, status=422 if invalid else 200
    )


@login_required
@GET_POST
@web_errors
def meeting_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    return _save(request, access, None)


@login_required
@GET_POST
@web_errors
def meeting_edit(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting, access = access_meeting_by_id(request.user, meeting_id, manage=True)
    return _save(request, access, meeting_detail_for(meeting))


@login_required
@require_GET
@web_errors
def meeting_detail(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting, access = access_meeting_by_id(request.user, meeting_id)
    meeting = meeting_detail_for(meeting)
    attendees = []
    if access.can_see_contacts:
        present = set(meeting.attendance)
        attendees = [s for s in roster_for(access) if str(s.pk) in present]
    context = {
        "access": access,
        "process": access.process,
        "meeting": meeting,
        "attendees": attendees,
        "nav": "processes",
    }
    return render(request, "meetings/meeting_detail.html", context)


@login_required
@GET_POST
@web_errors
def meeting_delete(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting, access = access_meeting_by_id(request.user, meeting_id, manage=True)
    if request.method == "POST":
        services.meeting_delete(access=access, meeting=meeting)
        messages.success(request, _("Meeting deleted."))
        return redirect(
            reverse("processes:process-detail", args=[access.process.pk]) + "#meetings"
        )
    context = {
        "access": access,
        "process": access.process,
        "question": _("Delete this meeting, with its agenda and segments?"),
        "name": f"{meeting.title}, {meeting.date:%d %B %Y}",
        "cancel_url": reverse("meetings:meeting-detail", args=[meeting.pk]),
    }
    return render_confirm(request, context)
