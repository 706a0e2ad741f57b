"""Writing and verifying the hash-chained audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from backchannel.core.models import AuditEvent, AuditHead


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: Any = None,
    organisation_id: Any = None,
    process_id: Any = None,
) -> AuditEvent:
    """Append one entry in the caller's transaction. ``actor`` may be None (system)."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.count + 1,
            at=timezone.now().replace(microsecond=0),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=getattr(actor, "username", "") or "system",
            organisation_id=organisation_id,
            process_id=process_id,
            verb=verb,
            target_type=type(target).__name__ if target is not None else "",
            target_id=str(getattr(target, "pk", "") or ""),
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
        head.count = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["count", "last_hash"])
    return event


def audit_verify(events: Iterable[AuditEvent] | None = None) -> AuditEvent | None:
    """Return the first entry that breaks the chain, or None if the log is intact."""
    prev = "0" * 64
    expected_seq = 1
    for event in events if events is not None else AuditEvent.objects.order_by("seq"):
        if (
            event.seq != expected_seq
            or event.prev_hash != prev
            or event.compute_hash() != event.hash
        ):
            return event
        prev = event.hash
        expected_seq += 1
    return None
