"""The latest audit checkpoint is kept in the key store, apart from the database.

An old head row (copied whole from an earlier dump) is still validly MACed, so
the database alone cannot show that its tail was cut: the checkpoint in the key
store can. A restore (a deliberate rollback) resets it to the restored head.
"""

from __future__ import annotations

import io

import pytest
from django.db import connection

from backchannel.core import crypto, keystore
from backchannel.core.audit import (
    KEYSTORE_CHECKPOINT,
    audit_checkpoint,
    audit_record,
    audit_verify,
)
from backchannel.core.backup import backup_models, backup_restore, backup_write
from backchannel.core.models import AuditCheckpoint, AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


def test_a_whole_head_row_put_back_is_caught_by_the_key_store_checkpoint() -> None:
    for i in range(3):
        audit_record(actor=None, verb=f"t.before{i}")
    old = AuditHead.objects.values().get(pk=1)  # every column, key included
    for i in range(3):
        audit_record(actor=None, verb=f"t.after{i}")
    audit_checkpoint()
    AuditEvent.objects.filter(seq__gt=old["count"]).delete()
    AuditCheckpoint.objects.all().delete()
    AuditHead.objects.filter(pk=1).update(**old)
    broken = audit_verify()
    assert broken is not None and "checkpoint entry 6" in broken.reason
    # Without the key store's copy the cut would not be seen: that is its job.
    assert audit_verify(out_of_band=False) is None


def test_a_forged_key_store_checkpoint_is_refused() -> None:
    audit_record(actor=None, verb="t.one")
    audit_checkpoint()
    forged = b'{"seq": 1, "hash": "00", "on": "2026-01-01", "public_key": "", "signature": "AAAA"}'
    keystore.meta_set(KEYSTORE_CHECKPOINT, forged, "audit")
    broken = audit_verify()
    assert broken is not None and "key store" in broken.reason


def test_a_restore_resets_the_key_store_checkpoint() -> None:
    audit_record(actor=None, verb="t.backed-up")
    out = io.BytesIO()
    backup_write(out)
    audit_record(actor=None, verb="t.later")
    audit_checkpoint()  # past the backup
    with connection.cursor() as cursor:
        for model in reversed(backup_models()):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    crypto.reset_caches()
    backup_restore(io.BytesIO(out.getvalue()))
    assert audit_verify() is None
    audit_record(actor=None, verb="t.after-restore")
    assert audit_verify() is None
