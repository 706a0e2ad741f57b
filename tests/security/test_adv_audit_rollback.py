"""Adversary: cut the audit log's tail with the database alone, by putting back
a head row copied from an older dump (any earlier backup or pg_dump).

README, Security model: "no way to edit, cut or rebuild the audit log unnoticed
(the chain and its head are MACed under a key the database holds only
wrapped)". The head's MAC covers only ``count|last_hash``, so an old head is
still a valid head; the checkpoints kept in the database are not chained either,
so the ones past the cut can simply be deleted. No master key is needed.
"""

from __future__ import annotations

from backchannel.core.audit import audit_checkpoint, audit_record, audit_verify
from backchannel.core.models import AuditCheckpoint, AuditEvent, AuditHead


def test_cutting_the_tail_and_restoring_an_older_head_is_caught(db: None) -> None:
    for i in range(4):
        audit_record(actor=None, verb=f"adv.before{i}")
    # An old dump: the head row as it was (no key material needed).
    old = AuditHead.objects.values("count", "last_hash", "mac").get(pk=1)
    for i in range(4):
        audit_record(actor=None, verb=f"adv.incriminating{i}")
    audit_checkpoint()  # a checkpoint kept in the database, past the cut
    assert audit_verify() is None

    # The thief, with today's database and the old head row only:
    AuditEvent.objects.filter(seq__gt=old["count"]).delete()
    AuditCheckpoint.objects.filter(seq__gt=old["count"]).delete()
    AuditHead.objects.filter(pk=1).update(**old)

    assert audit_verify() is not None, (
        "four entries were cut from the audit log and `audit verify` found nothing"
    )
