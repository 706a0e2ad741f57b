"""The doors to segments and notes, and who may read or write the record.

Who may do what with a meeting's record:

1. **Write** (notes, closing the record, airtime): those who keep the record,
   i.e. the process's managers (organisation conveners, conveners,
   facilitators) and rapporteurs (``ProcessAccess.can_record``). Others seated
   get ``PermissionDenied``; everyone else ``NotFound``.
2. **Read the non-attributed record**: everyone seated in the process (and its
   organisation's conveners), whether or not they attended. The record is
   written to be shared within the dialogue: Chatham House notes carry at most a
   side label, and off-record segments hold nothing.
3. **Read on-record attributions** (who said what, when a segment was on the
   record): only those who were in the room (their seat is in the meeting's
   attendance) and those who keep the record. Someone seated but absent reads
   the same notes without the speaker.

Airtime follows the same split: those who keep the record see shares by side,
gender and capacity; everyone else seated sees shares by side only (small
cells of gender or capacity could single someone out).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from backchannel.core.errors import PermissionDenied
from backchannel.meetings.models import Meeting, Segment
from backchannel.processes.access import ProcessAccess, access_in_process
from backchannel.records.models import Airtime, Note


def require_record(access: ProcessAccess) -> None:
    if not access.can_record:
        raise PermissionDenied(
            _(
                "Your role in this process (%(role)s) cannot write the record: ask the rapporteur or a facilitator."
            )
            % {"role": access.role}
        )


def sees_attributions(access: ProcessAccess, meeting: Meeting) -> bool:
    """Whether this reader sees the speakers of on-record notes (see above).
    The operator at the command line gets the non-attributed record."""
    if access.is_operator:
        return False
    if access.can_record:
        return True
    return access.seat_id is not None and str(access.seat_id) in set(meeting.attendance)


def sees_airtime_detail(access: ProcessAccess) -> bool:
    """Shares by gender and capacity, not only by side."""
    return access.can_record


def access_segment_by_id(
    actor: Any, segment_id: Any, *, record: bool = False
) -> tuple[Segment, ProcessAccess]:
    segment, access = access_in_process(
        actor, Segment, segment_id, what="segment", process_path="meeting__process"
    )
    if record:
        require_record(access)
    return segment, access


def access_note_by_id(
    actor: Any, note_id: Any, *, record: bool = False
) -> tuple[Note, ProcessAccess]:
    note, access = access_in_process(
        actor, Note, note_id, what="note", process_path="meeting__process"
    )
    if record:
        require_record(access)
    return note, access


def access_airtime_by_id(actor: Any, airtime_id: Any) -> tuple[Airtime, ProcessAccess]:
    """An airtime interval, for those who keep the record of its meeting."""
    airtime, access = access_in_process(
        actor, Airtime, airtime_id, what="airtime", process_path="meeting__process"
    )
    require_record(access)
    return airtime, access
