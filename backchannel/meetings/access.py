from __future__ import annotations

from typing import Any

from backchannel.meetings.models import Meeting
from backchannel.processes.access import ProcessAccess, access_in_process


def access_meeting_by_id(
    actor: Any, meeting_id: Any, *, manage: bool = False
) -> tuple[Meeting, ProcessAccess]:
    return access_in_process(actor, Meeting, meeting_id, what="meeting", manage=manage)
