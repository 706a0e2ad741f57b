"""HTML pages of the record (notes under each segment's rule) and of airtime.

The airtime page works without JavaScript: each tap on a side is a form POST.
Who holds the floor travels in a signed hidden field (side, optional details,
start time), so the server keeps no clock: on the next tap the elapsed seconds
are recorded through ``airtime_record`` and only the seconds are stored.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backchannel.accounts.http import WebRequest
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.web import (
    GET,
    POST,
    attach_errors,
    confirm_page,
    form_page,
    html_view,
    pick,
    posted,
    tab_page,
)
from backchannel.meetings.access import access_meeting_by_id
from backchannel.meetings.models import Meeting, Segment
from backchannel.participants.models import Seat
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Side
from backchannel.records import services
from backchannel.records.access import (
    access_airtime_by_id,
    access_note_by_id,
    access_segment_by_id,
    require_record,
    sees_attributions,
)
from backchannel.records.forms import AirtimeForm, FloorForm, NoteForm, seat_label
from backchannel.records.labels import labels_now
from backchannel.records.models import AIRTIME_MAX_SECONDS, ON_RECORD, Airtime, Note
from backchannel.records.selectors import (
    airtime_by_meeting,
    closed_on,
    meeting_airtime_summary,
    note_history_read,
    note_read,
    process_airtime_summary,
    record_read,
)
from backchannel.records.shares import duration

FLOOR_SALT = "backchannel.records.floor"
NOTE_ERRORS = {"speaker": "attribution", "side": "attribution"}


_page = tab_page(nav="processes")


def _record_url(meeting_id: Any, anchor: str = "") -> str:
    url = reverse("records:meeting-record", args=[meeting_id])
    return f"{url}#{anchor}" if anchor else url


# -- the record


@html_view(access_meeting_by_id, methods=GET)
def meeting_record(
    request: WebRequest, meeting: Any, access: ProcessAccess
) -> HttpResponse:
    record = record_read(access, meeting)
    context = _page(
        access,
        meeting=meeting,
        record=record,
        airtime=meeting_airtime_summary(access, meeting),
    )
    return render(request, "records/meeting_record.html", context)


def _attendees(access: ProcessAccess, meeting: Meeting) -> list[Seat]:
    present = set(meeting.attendance)
    seats = Seat.objects.filter(process=access.process).select_related("person", "side")
    return sorted(
        (s for s in seats if str(s.pk) in present),
        key=lambda s: (s.side.position if s.side else 99, str(s.pseudonym)),
    )


def _sides(access: ProcessAccess) -> list[Side]:
    return list(access.process.sides.order_by("position"))


def _note_form(
    request: HttpRequest,
    access: ProcessAccess,
    segment: Segment,
    form: NoteForm,
    save: Callable[[], Note],
    *,
    then: str,
    **context: Any,
) -> HttpResponse:
    """The form of a new note and of an edited one; the success message names
    the attribution the note was saved with."""
    return form_page(
        request,
        form,
        save,
        aliases=NOTE_ERRORS,
        then=then,
        message=_saved_message,
        template="records/note_form.html",
        context=lambda: _page(
            access,
            meeting=segment.meeting,
            segment=segment,
            on_record=segment.record_rule == ON_RECORD,
            **context,
        ),
    )


@html_view(access_segment_by_id, record=True)
def note_create(
    request: WebRequest, segment: Any, access: ProcessAccess
) -> HttpResponse:
    services.refuse_off_record(segment)
    meeting = segment.meeting
    sides, speakers = _sides(access), _attendees(access, meeting)
    on_record = segment.record_rule == ON_RECORD
    form = NoteForm(
        posted(request), sides=sides, speakers=speakers, on_record=on_record
    )
    return _note_form(
        request,
        access,
        segment,
        form,
        lambda: services.note_record(
            access=access,
            segment=segment,
            text=form.cleaned_data["text"],
            **form.attribution_changes(sides, speakers),
        ),
        then=_record_url(meeting.pk, f"segment-{segment.pk}"),
        note=None,
    )


def _saved_message(note: Note) -> str:
    label = labels_now(note.meeting)(str(note.attribution))
    if label:
        return _("Note saved, attributed to “%(label)s”.") % {"label": label}
    return _("Note saved.")


def _current_attribution(note: Note, shown: bool) -> str:
    if note.speaker_id and shown and note.speaker is not None:
        return seat_label(note.speaker)
    return labels_now(note.meeting)(str(note.attribution))


@html_view(access_note_by_id, record=True)
def note_edit(request: WebRequest, note: Any, access: ProcessAccess) -> HttpResponse:
    segment, meeting = note.segment, note.meeting
    sides, speakers = _sides(access), _attendees(access, meeting)
    view = note_read(access, note)
    form = NoteForm(
        posted(request),
        initial={"text": view.text},
        sides=sides,
        speakers=speakers,
        on_record=segment.record_rule == ON_RECORD,
        current=_current_attribution(note, sees_attributions(access, meeting)),
    )

    def save() -> Note:
        services.note_update(
            access=access,
            note=note,
            text=form.cleaned_data["text"],
            **form.attribution_changes(sides, speakers),
        )
        return note

    return _note_form(
        request,
        access,
        segment,
        form,
        save,
        then=_record_url(meeting.pk, f"note-{note.pk}"),
        note=note,
        closed_on=closed_on(meeting),
    )


@html_view(access_note_by_id, record=True)
def note_delete(request: WebRequest, note: Any, access: ProcessAccess) -> HttpResponse:
    meeting = note.meeting
    return confirm_page(
        request,
        lambda: services.note_delete(access=access, note=note),
        then=_record_url(meeting.pk, f"segment-{note.segment_id}"),
        message=_("Note deleted."),
        context=lambda: _page(
            access,
            question=_("Delete this note?"),
            name=note_read(access, note).text,
            cancel_url=_record_url(meeting.pk, f"note-{note.pk}"),
        ),
    )


@html_view(access_note_by_id, methods=GET)
def note_history(request: WebRequest, note: Any, access: ProcessAccess) -> HttpResponse:
    current, versions = note_history_read(access, note)
    context = _page(
        access,
        meeting=note.meeting,
        segment=note.segment,
        current=current,
        versions=versions,
    )
    return render(request, "records/note_history.html", context)


@html_view(access_meeting_by_id, methods=POST)
def whole_meeting(
    request: WebRequest, meeting: Any, access: ProcessAccess
) -> HttpResponse:
    """A meeting without segments: one "Whole meeting" segment under the
    process's rule, then straight to its note form."""
    try:
        segment = services.whole_meeting_segment(access=access, meeting=meeting)
    except ValidationFailed as exc:
        for texts in exc.errors.values():
            for text in texts:
                messages.error(request, text)
        return redirect(_record_url(meeting.pk))
    return redirect("records:note-create", segment.pk)


@html_view(access_meeting_by_id)
def record_close(
    request: WebRequest, meeting: Any, access: ProcessAccess
) -> HttpResponse:
    require_record(access)
    return confirm_page(
        request,
        lambda: services.record_close(access=access, meeting=meeting),
        then=_record_url(meeting.pk),
        message=_("Record closed: from now on, every edit keeps the earlier text."),
        context=lambda: _page(access, meeting=meeting, closed_on=closed_on(meeting)),
        template="records/record_close.html",
        show_errors=False,
    )


# -- airtime


def floor_token(
    *,
    user_id: Any,
    meeting_id: Any,
    side: str,
    segment: str = "",
    gender: str = "",
    capacity: str = "",
    started: int | None = None,
) -> str:
    """The signed "who holds the floor since when" carried by the page."""
    return signing.dumps(
        {
            "u": str(user_id),
            "m": str(meeting_id),
            "s": side,
            "seg": segment,
            "g": gender,
            "c": capacity,
            "t": int(time.time()) if started is None else started,
        },
        salt=FLOOR_SALT,
    )


def _floor_of(token: str, request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The running turn, or an empty dict if none (or not this user's/meeting's)."""
    if not token:
        return {}
    try:
        data = signing.loads(token, salt=FLOOR_SALT, max_age=AIRTIME_MAX_SECONDS)
    except signing.SignatureExpired:
        messages.warning(
            request, _("The running turn was older than four hours: it was discarded.")
        )
        return {}
    except signing.BadSignature:
        return {}
    if data.get("u") != str(request.user.pk) or data.get("m") != str(meeting.pk):
        return {}
    return dict(data)


def _side_name(sides: list[Side], key: str) -> str:
    side = pick(sides, key)
    return str(side.name) if side else _("No side (facilitation)")


def _end_turn(
    request: HttpRequest,
    access: ProcessAccess,
    meeting: Meeting,
    floor: dict[str, Any],
    sides: list[Side],
    segments: list[Segment],
) -> Airtime | None:
    if not floor:
        return None
    seconds = min(int(time.time()) - int(floor["t"]), AIRTIME_MAX_SECONDS)
    if seconds < 1:
        return None
    recorded = services.airtime_record(
        access=access,
        meeting=meeting,
        seconds=seconds,
        side=pick(sides, floor["s"]),
        gender=floor["g"],
        capacity=floor["c"],
        segment=pick(segments, floor["seg"]),
    )
    messages.success(
        request,
        _("Recorded %(duration)s for %(side)s.")
        % {"duration": duration(seconds), "side": _side_name(sides, floor["s"])},
    )
    return recorded


def _tap(
    request: HttpRequest,
    access: ProcessAccess,
    meeting: Meeting,
    sides: list[Side],
    segments: list[Segment],
) -> tuple[dict[str, Any], FloorForm, Airtime | None]:
    """A tap: end the running turn, then start the tapped side's (unless "stop").
    Returns the new turn, the details form and the interval just recorded."""
    data = request.POST
    recorded = _end_turn(
        request,
        access,
        meeting,
        _floor_of(data.get("running", ""), request, meeting),
        sides,
        segments,
    )
    form = FloorForm(data, segments=segments, prefix="floor")
    choice = data.get("floor", "stop")
    if choice == "stop" or not form.is_valid():
        return {}, form, recorded
    if choice != "none" and pick(sides, choice) is None:
        raise ValidationFailed({"floor": [_("Tap one of this process's sides.")]})
    details = form.cleaned_data
    running = {
        "s": choice,
        "seg": details["segment"],
        "g": details["gender"],
        "c": details["capacity"],
        "t": int(time.time()),
    }
    # The next speaker's gender and capacity are chosen afresh; the segment stays.
    fresh = FloorForm(
        initial={"segment": details["segment"]}, segments=segments, prefix="floor"
    )
    return running, fresh, recorded


def _add(
    request: HttpRequest,
    access: ProcessAccess,
    meeting: Meeting,
    form: AirtimeForm,
    sides: list[Side],
    segments: list[Segment],
) -> Airtime | None:
    """An interval typed by hand, once recorded."""
    if not form.is_valid():
        return None
    details = form.cleaned_data
    try:
        recorded = services.airtime_record(
            access=access,
            meeting=meeting,
            seconds=details["seconds"],
            side=pick(sides, details["side"]),
            gender=details["gender"],
            capacity=details["capacity"],
            segment=pick(segments, details["segment"]),
        )
    except ValidationFailed as exc:
        attach_errors(form, exc.errors)
        return None
    messages.success(
        request,
        _("Recorded %(duration)s for %(side)s.")
        % {
            "duration": duration(details["seconds"]),
            "side": _side_name(sides, details["side"]),
        },
    )
    return recorded


def _undo(
    request: HttpRequest, access: ProcessAccess, meeting: Meeting, sides: list[Side]
) -> None:
    """Remove the interval just recorded (a tap on the wrong side). A second
    tap on Undo finds nothing to remove and says so, the turn still running."""
    try:
        airtime, _access = access_airtime_by_id(request.user, request.POST["undo"])
    except (NotFound, PermissionDenied):
        airtime = None
    if airtime is None or airtime.meeting_id != meeting.pk:
        messages.warning(
            request, _("This interval was already removed: nothing changed.")
        )
        return
    side = str(airtime.side_id) if airtime.side_id else "none"
    services.airtime_delete(access=access, airtime=airtime)
    messages.success(
        request,
        _(
            "Removed %(duration)s for %(side)s: add the time by hand if it belongs to another side."
        )
        % {"duration": duration(airtime.seconds), "side": _side_name(sides, side)},
    )


@html_view()
def airtime_tap(request: WebRequest, meeting_id: Any) -> HttpResponse:
    """One big button per side; each tap ends the running turn and starts the next."""
    meeting, access = access_meeting_by_id(request.user, meeting_id)
    require_record(access)
    sides = _sides(access)
    segments = list(meeting.segments.order_by("position"))
    floor_form = FloorForm(segments=segments, prefix="floor")
    add_form = AirtimeForm(sides=sides, segments=segments, prefix="add")
    running: dict[str, Any] = {}
    recorded: Airtime | None = None
    status = 200
    if request.method == "POST" and "undo" in request.POST:
        _undo(request, access, meeting, sides)
        # Undoing leaves the running turn running.
        running = _floor_of(request.POST.get("running", ""), request, meeting)
    elif request.method == "POST" and "floor" in request.POST:
        running, floor_form, recorded = _tap(request, access, meeting, sides, segments)
        status = 422 if floor_form.errors else 200
    elif request.method == "POST":
        add_form = AirtimeForm(
            request.POST, sides=sides, segments=segments, prefix="add"
        )
        recorded = _add(request, access, meeting, add_form, sides, segments)
        if recorded is not None:
            add_form = AirtimeForm(sides=sides, segments=segments, prefix="add")
        else:
            status = 422
        # A typed interval leaves the running turn running.
        running = _floor_of(request.POST.get("running", ""), request, meeting)
    token = ""
    if running:
        token = floor_token(
            user_id=request.user.pk,
            meeting_id=meeting.pk,
            side=running["s"],
            segment=running["seg"],
            gender=running["g"],
            capacity=running["c"],
            started=running["t"],
        )
    context = _page(
        access,
        meeting=meeting,
        sides=sides,
        floor_form=floor_form,
        add_form=add_form,
        running_side=_side_name(sides, running["s"]) if running else "",
        running_since=(
            timezone.localtime(dt.datetime.fromtimestamp(running["t"], tz=dt.UTC))
            if running
            else None
        ),
        token=token,
        recorded=recorded,
        recorded_side=(
            _side_name(sides, str(recorded.side_id) if recorded.side_id else "none")
            if recorded
            else ""
        ),
        recorded_duration=duration(recorded.seconds) if recorded else "",
        airtime=meeting_airtime_summary(access, meeting),
    )
    return render(request, "records/airtime_tap.html", context, status=status)


@html_view(access_process_by_id, methods=GET)
def process_airtime(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    context = _page(
        access,
        airtime=process_airtime_summary(access, access.process),
        meetings=airtime_by_meeting(access, access.process),
    )
    return render(request, "records/process_airtime.html", context)
