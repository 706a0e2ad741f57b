"""Writing, verifying and checkpointing the hash-chained audit log.

Each entry holds the hash of the one before, so modifying, deleting, inserting
or reordering entries breaks the chain. A *checkpoint* is the head (sequence
number and hash) signed with an Ed25519 key derived from the master key; kept
off the server, it also catches a log cut short or rebuilt from scratch.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.db import transaction
from django.utils import timezone

from backchannel.core import crypto
from backchannel.core.models import AuditCheckpoint, AuditEvent, AuditHead

GENESIS = "0" * 64


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
            on=timezone.now().date(),
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


def audit_process(
    actor: Any, process: Any, verb: str, target: Any = None
) -> AuditEvent:
    """One entry about ``target`` within ``process`` (its organisation and id
    recorded with it). ``actor`` may be None (the system path)."""
    return audit_record(
        actor=actor,
        verb=verb,
        target=target,
        organisation_id=process.organisation_id,
        process_id=process.pk,
    )


def audit_in(access: Any, verb: str, target: Any = None) -> AuditEvent:
    """:func:`audit_process` for an actor's ``ProcessAccess`` (anything with
    ``actor`` and ``process``): what every service of a process writes."""
    return audit_process(access.actor, access.process, verb, target)


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    on: str
    public_key: str
    signature: str

    def message(self) -> bytes:
        return f"backchannel-audit|{self.seq}|{self.hash}|{self.on}".encode()

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        data = json.loads(text)
        return cls(
            **{k: data[k] for k in ("seq", "hash", "on", "public_key", "signature")}
        )


class AuditBroken(Exception):
    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(f"entry {seq}: {reason}")
        self.seq = seq
        self.reason = reason


def _signing_key() -> Ed25519PrivateKey:
    seed = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"backchannel-audit-signing",
    ).derive(crypto.master_key().key)
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def audit_checkpoint() -> Checkpoint:
    """Sign the current head and keep a copy in the database."""
    head, _ = AuditHead.objects.get_or_create(pk=1)
    key = _signing_key()
    unsigned = Checkpoint(
        seq=head.count,
        hash=head.last_hash,
        on=timezone.now().date().isoformat(),
        public_key=public_key_text(key.public_key()),
        signature="",
    )
    signature = base64.b64encode(key.sign(unsigned.message())).decode()
    checkpoint = Checkpoint(**{**unsigned.__dict__, "signature": signature})
    AuditCheckpoint.objects.update_or_create(
        seq=checkpoint.seq,
        defaults={"hash": checkpoint.hash, "on": checkpoint.on, "signature": signature},
    )
    return checkpoint


def _check_signature(checkpoint: Checkpoint) -> None:
    try:
        key = Ed25519PublicKey.from_public_bytes(
            base64.b64decode(checkpoint.public_key)
        )
        key.verify(base64.b64decode(checkpoint.signature), checkpoint.message())
    except (InvalidSignature, ValueError) as exc:
        raise AuditBroken(
            checkpoint.seq, "the checkpoint's signature is invalid"
        ) from exc


def audit_verify(
    events: Iterable[AuditEvent] | None = None, *, checkpoint: Checkpoint | None = None
) -> AuditBroken | None:
    """Return the first break in the chain (or against the checkpoint), or None."""
    if checkpoint is not None:
        _check_signature(checkpoint)
    prev = GENESIS
    expected = 1
    seen_checkpoint = checkpoint is None or checkpoint.seq == 0
    for event in events if events is not None else AuditEvent.objects.order_by("seq"):
        if event.seq != expected:
            return AuditBroken(expected, "missing, inserted or reordered")
        if event.prev_hash != prev:
            return AuditBroken(event.seq, "does not follow the entry before it")
        if event.compute_hash() != event.hash:
            return AuditBroken(event.seq, "its content was modified")
        if checkpoint is not None and event.seq == checkpoint.seq:
            if event.hash != checkpoint.hash:
                return AuditBroken(event.seq, "differs from the signed checkpoint")
            seen_checkpoint = True
        prev = event.hash
        expected += 1
    if not seen_checkpoint and checkpoint is not None:
        return AuditBroken(
            expected, f"the log ends before checkpoint entry {checkpoint.seq}"
        )
    return None
