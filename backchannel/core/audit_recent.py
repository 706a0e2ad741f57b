"""The audit page's verification: the verified prefix kept in memory, so a
long log is not read in full on every view (see :func:`audit_verify_recent`)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from backchannel.core.audit import AuditBroken, audit_verify_from

FULL_VERIFY_SECONDS = 600.0
_recent: dict[str, Any] = {}
_recent_lock = threading.Lock()


@dataclass(frozen=True)
class RecentVerification:
    """What the audit page checked: ``broken`` as :func:`audit_verify` says;
    every entry was read in full ``full_age`` seconds ago at most (through
    ``full_through``), the later ones and every checkpoint now."""

    broken: AuditBroken | None
    full_through: int
    full_age: float


def audit_verify_recent(*, now: float | None = None) -> RecentVerification:
    """:func:`audit_verify` for the audit page and API, fast on a long log.

    Once a full verification has passed, this server process keeps the last
    entry it verified (sequence number and MAC, in memory only: a database
    row could be edited along with the log). The next views verify in full
    only the entries after it, after checking that it and every checkpoint up
    to it still match and recomputing the MACs of :data:`~backchannel.core.audit.PREFIX_SAMPLE`
    entries of the prefix drawn at random (all of them in a log that short);
    a full verification runs again after :data:`FULL_VERIFY_SECONDS`, and at
    once whenever the short one finds a break (so a deliberate ``restore`` is
    not reported as tampering). So an edit to an entry already verified, in a
    long log, shows on the page at the next view with a probability that grows
    with the number of entries edited, and within ten minutes in any case; at
    once to ``backchannel audit verify``, which always reads everything.
    """
    clock = time.monotonic() if now is None else now
    with _recent_lock:
        state = dict(_recent)
    full_at = state.get("full_at")
    if full_at is not None and clock - full_at < FULL_VERIFY_SECONDS:
        broken, last = audit_verify_from(after=state["last"])
        if broken is None:
            with _recent_lock:
                _recent["last"] = last
            return RecentVerification(None, state["full_through"], clock - full_at)
    broken, last = audit_verify_from()
    with _recent_lock:
        _recent.clear()
        if broken is None:
            _recent.update(last=last, full_at=clock, full_through=last[0])
    return RecentVerification(broken, last[0], 0.0)
