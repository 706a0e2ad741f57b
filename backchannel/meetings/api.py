"""API: meetings of a process, with their agenda, segments and attendance."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from ninja import Router, Status

from backchannel.accounts.http import ApiRequest
from backchannel.core.schemas import READ, WRITE, Id, api_fields, deletion
from backchannel.meetings import services
from backchannel.meetings.access import access_meeting_by_id
from backchannel.meetings.calendar import calendar_bytes
from backchannel.meetings.models import Meeting
from backchannel.meetings.schemas import (
    AttendanceIn,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MeetingSummaryOut,
    meeting_out,
    meeting_summary_out,
)
from backchannel.meetings.selectors import (
    meeting_detail_for,
    meeting_list_for,
    meetings_for_calendar,
)
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.api import ref_in_process
from backchannel.processes.models import Phase

router = Router(tags=["meetings"])


def _phase(access: ProcessAccess, changes: dict[str, Any]) -> None:
    """Replace ``phase_id`` in the parsed input by the phase of this process."""
    if "phase_id" in changes:
        changes["phase"] = ref_in_process(
            access, Phase, changes.pop("phase_id"), field="phase_id", what="phase"
        )


@router.get("/processes/{id}/meetings", response={200: list[MeetingSummaryOut], **READ})
def meeting_list(request: ApiRequest, id: Id) -> list[MeetingSummaryOut]:
    """The meetings of a process, by date."""
    access = access_process_by_id(request.auth, id)
    upcoming, past = meeting_list_for(access)
    return [meeting_summary_out(m) for m in [*reversed(past), *upcoming]]


@router.post(
    "/processes/{id}/meetings",
    response={201: MeetingOut, **WRITE},
)
def meeting_create(
    request: ApiRequest, id: Id, payload: MeetingIn
) -> Status[MeetingOut]:
    """Create a meeting with its agenda and segments, all or nothing."""
    access = access_process_by_id(request.auth, id, manage=True)
    data = payload.model_dump()
    _phase(access, data)
    with api_fields(phase="phase_id"):
        meeting = services.meeting_create(access=access, **data)
    return Status(201, meeting_out(access, meeting_detail_for(meeting)))


@router.get("/meetings/{id}", response={200: MeetingOut, **READ})
def meeting_detail(request: ApiRequest, id: Id) -> MeetingOut:
    meeting, access = access_meeting_by_id(request.auth, id)
    return meeting_out(access, meeting_detail_for(meeting))


@router.patch("/meetings/{id}", response={200: MeetingOut, **WRITE})
def meeting_update(request: ApiRequest, id: Id, payload: MeetingPatch) -> MeetingOut:
    meeting, access = access_meeting_by_id(request.auth, id, manage=True)
    changes = payload.model_dump(exclude_unset=True)
    _phase(access, changes)
    with api_fields(phase="phase_id"):
        services.meeting_update(access=access, meeting=meeting, **changes)
    return meeting_out(access, meeting_detail_for(meeting))


deletion(
    router, "/meetings/{id}", access_meeting_by_id, services.meeting_delete, manage=True
)


@router.put(
    "/meetings/{id}/attendance",
    response={200: MeetingOut, **WRITE},
)
def attendance_set(request: ApiRequest, id: Id, payload: AttendanceIn) -> MeetingOut:
    """Record who attended, as seat ids of this process."""
    meeting, access = access_meeting_by_id(request.auth, id, manage=True)
    services.attendance_set(access=access, meeting=meeting, seat_ids=payload.attendance)
    return meeting_out(access, meeting_detail_for(meeting))


def _ics(request: ApiRequest, meetings: list[Meeting]) -> HttpResponse:
    body = calendar_bytes(
        meetings,
        link=lambda m: request.build_absolute_uri(
            reverse("meetings:meeting-detail", args=[m.pk])
        ),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


ICS = {
    200: {
        "description": "An iCalendar file (text/calendar): each meeting's title, "
        "time and a link to its page; never the agenda or venue.",
        "content": {"text/calendar": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/meetings/{id}/calendar.ics",
    response={200: None, **READ},
    openapi_extra={"responses": ICS},
)
def meeting_calendar(request: ApiRequest, id: Id) -> HttpResponse:
    """One meeting as an iCalendar file."""
    meeting, _access = access_meeting_by_id(request.auth, id)
    return _ics(request, [meeting])


@router.get(
    "/processes/{id}/meetings.ics",
    response={200: None, **READ},
    openapi_extra={"responses": ICS},
)
def process_calendar(request: ApiRequest, id: Id) -> HttpResponse:
    """Every meeting of the process as one iCalendar file."""
    access = access_process_by_id(request.auth, id)
    return _ics(request, meetings_for_calendar(access))
