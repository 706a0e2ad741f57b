"""Issue 15.3: the audit chain cannot be rewritten from the database alone.

The attacks, as a thief holding the database (and not the master key) would run
them: edit entries and recompute the chain; cut the tail and fix the head; sign
a checkpoint with a fresh key; and rely on nobody looking at the checkpoints
kept in the database. Each must be caught, naming the first entry that differs.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from backchannel.core import crypto
from backchannel.core.audit import (
    GENESIS,
    AuditBroken,
    AuditKeyError,
    Checkpoint,
    audit_checkpoint,
    audit_public_key,
    audit_record,
    audit_verify,
    legacy_hash,
    public_key_text,
    rekey_legacy_chain,
)
from backchannel.core.models import AuditCheckpoint, AuditEvent, AuditHead


def _log(n: int = 6) -> None:
    for i in range(n):
        audit_record(actor=None, verb=f"test.event{i}")


def _rehash_everything_from(first: int) -> None:
    """What a database thief can compute: the SHA-256 chain, and the head."""
    prev = GENESIS if first == 1 else AuditEvent.objects.get(seq=first - 1).hash
    for event in AuditEvent.objects.filter(seq__gte=first).order_by("seq"):
        event.prev_hash = prev
        event.hash = legacy_hash(event)
        event.save()
        prev = event.hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def test_editing_actors_and_recomputing_the_chain_is_caught(db: None) -> None:
    _log()
    AuditEvent.objects.filter(seq__gte=3).update(actor_label="somebody-else")
    _rehash_everything_from(3)
    broken = audit_verify()
    assert broken is not None and broken.seq == 3


def test_cutting_the_tail_and_fixing_the_head_is_caught(db: None) -> None:
    _log()
    AuditEvent.objects.filter(seq__gte=5).delete()
    last = AuditEvent.objects.get(seq=4)
    AuditHead.objects.filter(pk=1).update(count=4, last_hash=last.hash)
    broken = audit_verify()
    assert broken is not None and broken.seq == 5


def test_a_checkpoint_signed_with_a_fresh_key_is_refused(
    db: None, settings: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _log()
    settings.BACKCHANNEL_AUDIT_PUBLIC_KEY = audit_public_key()  # type: ignore[attr-defined]
    head = AuditHead.objects.get(pk=1)
    fresh = Ed25519PrivateKey.generate()
    unsigned = Checkpoint(
        seq=head.count,
        hash=head.last_hash,
        on="2026-01-01",
        public_key=public_key_text(fresh.public_key()),
        signature="",
    )
    forged = Checkpoint(
        **{
            **unsigned.__dict__,
            "signature": base64.b64encode(fresh.sign(unsigned.message())).decode(),
        }
    )
    with pytest.raises(AuditBroken):
        audit_verify(checkpoint=forged)
    path = tmp_path / "forged.json"
    path.write_text(forged.to_json())
    with pytest.raises(SystemExit):
        call_command("audit", "verify", "--checkpoint", str(path))
    assert "configured public key" in capsys.readouterr().err


def test_a_checkpoint_is_never_checked_against_the_key_it_carries(
    db: None, tmp_path: Path
) -> None:
    _log()
    checkpoint = audit_checkpoint()
    with pytest.raises(AuditKeyError, match="BACKCHANNEL_AUDIT_PUBLIC_KEY"):
        audit_verify(checkpoint=checkpoint)
    path = tmp_path / "cp.json"
    path.write_text(checkpoint.to_json())
    with pytest.raises(CommandError, match="audit public-key"):
        call_command("audit", "verify", "--checkpoint", str(path))


def test_checkpoints_kept_in_the_database_are_used(db: None) -> None:
    _log()
    audit_checkpoint()  # at entry 6, kept in the database
    events = list(AuditEvent.objects.order_by("seq"))
    broken = audit_verify(events[:4])  # a log handed over cut short
    assert broken is not None and broken.seq == 5
    assert "checkpoint entry 6" in broken.reason
    # Editing the kept checkpoint to match a forged head is caught: not signed.
    AuditCheckpoint.objects.filter(seq=6).update(hash="f" * 64)
    broken = audit_verify()
    assert broken is not None and broken.seq == 6


def test_a_kept_checkpoint_that_differs_from_the_chain_names_its_entry(
    db: None,
) -> None:
    _log()
    audit_checkpoint()
    # An intact-looking chain whose entry 6 is not the one that was signed:
    event = AuditEvent.objects.get(seq=6)
    AuditEvent.objects.filter(seq=6).update(hash="e" * 64)
    broken = audit_verify()
    assert broken is not None and broken.seq == 6
    AuditEvent.objects.filter(seq=6).update(hash=event.hash)
    assert audit_verify() is None


def test_key_rotation_keeps_the_chain_and_old_checkpoints_verifiable(
    db: None, settings: object, tmp_path: Path
) -> None:
    _log()
    checkpoint = audit_checkpoint()
    public = audit_public_key()
    old = crypto.master_key()
    settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = [base64.b64encode(old.key).decode()]  # type: ignore[attr-defined]
    crypto.reset_caches()
    try:
        call_command("keys", "rotate")
        settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = []  # type: ignore[attr-defined]
        crypto.reset_caches()
        assert AuditHead.objects.get(pk=1).key_master_id == crypto.master_key().key_id
        audit_record(actor=None, verb="test.after-rotation")
        settings.BACKCHANNEL_AUDIT_PUBLIC_KEY = public  # type: ignore[attr-defined]
        assert audit_public_key() == public
        assert audit_verify(checkpoint=checkpoint) is None
    finally:
        crypto.reset_caches()


def _legacy_log(n: int) -> None:
    prev = GENESIS
    for seq in range(1, n + 1):
        event = AuditEvent(
            seq=seq, on=dt.date(2026, 1, 1), actor_label="system", verb=f"old{seq}"
        )
        event.prev_hash = prev
        event.hash = legacy_hash(event)
        event.save(force_insert=True)
        prev = event.hash
    AuditHead.objects.update_or_create(pk=1, defaults={"count": n, "last_hash": prev})


def test_an_unkeyed_chain_is_verified_then_keyed(db: None) -> None:
    AuditHead.objects.all().delete()
    _legacy_log(5)
    assert rekey_legacy_chain(AuditEvent, AuditHead, AuditCheckpoint) == 5
    assert audit_verify() is None
    assert AuditCheckpoint.objects.filter(seq=5).exists()
    audit_record(actor=None, verb="test.after-upgrade")
    assert audit_verify() is None


def test_a_broken_unkeyed_chain_is_not_keyed_silently(db: None) -> None:
    AuditHead.objects.all().delete()
    _legacy_log(5)
    AuditEvent.objects.filter(seq=3).update(verb="rewritten")
    with pytest.raises(
        CommandError, match=r"entry 3.*BACKCHANNEL_AUDIT_ACCEPT_BROKEN=3"
    ):
        rekey_legacy_chain(AuditEvent, AuditHead, AuditCheckpoint)
    assert AuditHead.objects.get(pk=1).key_wrapped is None
    assert (
        rekey_legacy_chain(AuditEvent, AuditHead, AuditCheckpoint, accept_broken="3")
        == 6
    )
    assert audit_verify() is None
    accepted = AuditEvent.objects.get(seq=6)  # the decision is on the record
    assert (accepted.verb, accepted.target_id) == ("audit.break_accepted", "3")


def test_an_empty_log_checkpointed_then_verified_is_intact(
    db: None, settings: object
) -> None:
    AuditEvent.objects.all().delete()
    AuditHead.objects.all().delete()
    checkpoint = audit_checkpoint()
    settings.BACKCHANNEL_AUDIT_PUBLIC_KEY = audit_public_key()  # type: ignore[attr-defined]
    assert audit_verify(checkpoint=checkpoint) is None
    _log(2)
    assert audit_verify(checkpoint=checkpoint) is None
