"""API: the record of a meeting (notes under its rules) and airtime."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status

from backchannel.accounts.http import ApiRequest
from backchannel.core.schemas import READ, WRITE, Id, api_fields, found
from backchannel.meetings.access import access_meeting_by_id
from backchannel.meetings.models import Segment
from backchannel.participants.models import Seat
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.api import ref_in_process
from backchannel.processes.models import Side
from backchannel.records import services
from backchannel.records.access import (
    access_airtime_by_id,
    access_note_by_id,
    access_segment_by_id,
    require_record,
)
from backchannel.records.schemas import (
    AirtimeIn,
    AirtimeOut,
    AirtimeSummaryOut,
    NoteHistoryOut,
    NoteIn,
    NoteOut,
    NotePatch,
    RecordOut,
    airtime_summary_out,
    history_out,
    note_out,
    record_out,
)
from backchannel.records.selectors import (
    meeting_airtime_summary,
    note_history_read,
    note_view_for,
    process_airtime_summary,
    record_read,
    segment_notes_read,
)

router = Router(tags=["records"])

# The service's field names, as the API calls them (a note's segment is the path).
NOTE_FIELDS = {"speaker": "speaker_id", "side": "side_id"}
AIRTIME_FIELDS = {"side": "side_id", "segment": "segment_id"}


def _refs(access: ProcessAccess, data: dict[str, Any]) -> None:
    """Replace ``speaker_id`` and ``side_id`` by the seat and side of this process."""
    if "speaker_id" in data:
        data["speaker"] = ref_in_process(
            access, Seat, data.pop("speaker_id"), field="speaker_id", what="seat"
        )
    if "side_id" in data:
        data["side"] = ref_in_process(
            access, Side, data.pop("side_id"), field="side_id", what="side"
        )


@router.get("/meetings/{id}/record", response={200: RecordOut, **READ})
def record_detail(request: ApiRequest, id: Id) -> RecordOut:
    """The meeting's record: every segment with its rule and notes; off-record
    segments appear as agenda markers without notes. Each read is audited."""
    meeting, access = access_meeting_by_id(request.auth, id)
    return record_out(record_read(access, meeting))


@router.post("/meetings/{id}/record/close", response={201: RecordOut, **WRITE})
def record_close(request: ApiRequest, id: Id) -> Status[RecordOut]:
    """Close the record: later edits keep the earlier text as versions."""
    meeting, access = access_meeting_by_id(request.auth, id)
    services.record_close(access=access, meeting=meeting)
    return Status(201, record_out(record_read(access, meeting)))


@router.get("/segments/{id}/notes", response={200: list[NoteOut], **READ})
def note_list(request: ApiRequest, id: Id) -> list[NoteOut]:
    """The notes of one segment, in order. Each read is audited."""
    segment, access = access_segment_by_id(request.auth, id)
    return [note_out(v) for v in segment_notes_read(access, segment)]


@router.post("/segments/{id}/notes", response={201: NoteOut, **WRITE})
def note_create(request: ApiRequest, id: Id, payload: NoteIn) -> Status[NoteOut]:
    """Add a note to a segment. Off-record segments refuse notes; Chatham House
    segments refuse a speaker (422 naming ``speaker_id``)."""
    segment, access = access_segment_by_id(request.auth, id, record=True)
    data = payload.model_dump(exclude_none=True)
    _refs(access, data)
    with api_fields(**NOTE_FIELDS):
        note = services.note_record(access=access, segment=segment, **data)
    return Status(201, note_out(note_view_for(access, note)))


@router.patch("/notes/{id}", response={200: NoteOut, **WRITE})
def note_update(request: ApiRequest, id: Id, payload: NotePatch) -> NoteOut:
    """Edit a note; once the record is closed, the earlier text is kept as a version."""
    note, access = access_note_by_id(request.auth, id, record=True)
    changes = payload.model_dump(exclude_unset=True)
    if changes.get("text") is None:
        changes.pop("text", None)
    _refs(access, changes)
    with api_fields(**NOTE_FIELDS):
        services.note_update(access=access, note=note, **changes)
    return note_out(note_view_for(access, note))


@router.delete("/notes/{id}", response={204: None, **WRITE})
def note_delete(request: ApiRequest, id: Id) -> Status[None]:
    """Delete a note written by mistake, while the record is open (422 once
    it is closed: edit the note instead)."""
    note, access = access_note_by_id(request.auth, id, record=True)
    services.note_delete(access=access, note=note)
    return Status(204, None)


@router.get("/notes/{id}/versions", response={200: NoteHistoryOut, **READ})
def note_versions(request: ApiRequest, id: Id) -> NoteHistoryOut:
    """A note and its earlier versions. Each read is audited."""
    note, access = access_note_by_id(request.auth, id)
    return history_out(*note_history_read(access, note))


@router.post("/meetings/{id}/airtime", response={201: AirtimeOut, **WRITE})
def airtime_record(
    request: ApiRequest, id: Id, payload: AirtimeIn
) -> Status[AirtimeOut]:
    """Record that a side (never a person) held the floor for some seconds."""
    meeting, access = access_meeting_by_id(request.auth, id)
    require_record(access)
    data = payload.model_dump()
    side = ref_in_process(access, Side, data["side_id"], field="side_id", what="side")
    segment = None
    if data["segment_id"] is not None:
        segment = found(
            Segment.objects.filter(pk=data["segment_id"], meeting=meeting).first(),
            "segment_id",
            "No segment with this id in this meeting: use the id of one of its "
            f"segments (GET /api/meetings/{meeting.pk}/record).",
        )
    with api_fields(**AIRTIME_FIELDS):
        airtime = services.airtime_record(
            access=access,
            meeting=meeting,
            seconds=data["seconds"],
            side=side,
            gender=data["gender"] or "",
            capacity=data["capacity"] or "",
            segment=segment,
        )
    return Status(
        201,
        AirtimeOut(
            id=airtime.pk,
            seconds=airtime.seconds,
            side_id=airtime.side_id,
            gender=str(airtime.gender) or None,
            capacity=str(airtime.capacity) or None,
            segment_id=airtime.segment_id,
        ),
    )


@router.delete("/airtime/{id}", response={204: None, **WRITE})
def airtime_delete(request: ApiRequest, id: Id) -> Status[None]:
    """Remove an interval recorded by mistake (its id is in the answer of the
    POST that recorded it)."""
    airtime, access = access_airtime_by_id(request.auth, id)
    services.airtime_delete(access=access, airtime=airtime)
    return Status(204, None)


@router.get("/meetings/{id}/airtime", response={200: AirtimeSummaryOut, **READ})
def meeting_airtime(request: ApiRequest, id: Id) -> AirtimeSummaryOut:
    """Airtime shares at one meeting next to the shares of participants present.
    Gender and capacity breakdowns only for those who keep the record."""
    meeting, access = access_meeting_by_id(request.auth, id)
    return airtime_summary_out(meeting_airtime_summary(access, meeting))


@router.get("/processes/{id}/airtime", response={200: AirtimeSummaryOut, **READ})
def process_airtime(request: ApiRequest, id: Id) -> AirtimeSummaryOut:
    """Airtime shares across all meetings next to the participants' seat shares."""
    access = access_process_by_id(request.auth, id)
    return airtime_summary_out(process_airtime_summary(access, access.process))
