"""Base models, data keys and the audit log."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class Classification(models.TextChoices):
    """What a field reveals if the database is read without the master key."""

    PUBLIC = "public"
    INTERNAL = "internal"  # structure: ids, dates, enums, counts
    CONFIDENTIAL = "confidential"  # encrypted content
    SECRET = "secret"  # noqa: S105  key material, credentials (wrapped or hashed)


C = Classification


class BaseModel(models.Model):
    """UUID primary keys: unguessable, and known before insert (for the AAD)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    data_classification: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True


class DataKey(models.Model):
    """A data key's id: the key itself lives wrapped in the key store
    (backchannel/core/keystore.py), never in this database nor its backups.

    Destroying it tombstones it in the key store (and its backups): every value
    encrypted under it is crypto-shredded. ``destroyed_on`` mirrors that here.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_on = models.DateField(auto_now_add=True)
    destroyed_on = models.DateField(null=True, blank=True)

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "created_on": C.INTERNAL,
        "destroyed_on": C.INTERNAL,
    }


class EncryptedModel(BaseModel):
    """A row with encrypted fields: ``data_key`` is its process's (or organisation's).

    ``key_owner`` names the relation whose ``data_key_id`` this row inherits.
    """

    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")

    key_owner: ClassVar[str] = ""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Infrastructure, not business logic: ciphertext needs the key before insert.
        if self.data_key_id is None and self.key_owner:
            self.data_key_id = getattr(self, self.key_owner).data_key_id
        super().save(*args, **kwargs)


class AuditHead(models.Model):
    """A single row holding the latest audit hash; locked to serialise appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.PositiveBigIntegerField(default=0)
    # The audit key (backchannel.core.audit): 32 random bytes wrapped by the
    # master key; it MACs every entry and the head, so the chain cannot be
    # recomputed from the database alone.
    key_wrapped = models.BinaryField(null=True, blank=True)
    key_master_id = models.CharField(max_length=16, blank=True, default="")
    # MAC of (count, last_hash): cutting the tail means rewriting the head.
    mac = models.CharField(max_length=64, blank=True, default="")

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "last_hash": C.INTERNAL,
        "count": C.INTERNAL,
        "key_wrapped": C.SECRET,
        "key_master_id": C.INTERNAL,
        "mac": C.INTERNAL,
    }


def canonical(event: Any) -> bytes:
    """What an entry's MAC covers (works on historical models in migrations)."""
    return json.dumps(
        [
            event.seq,
            event.on.isoformat(),
            str(event.actor_id or ""),
            event.actor_label,
            str(event.organisation_id or ""),
            str(event.process_id or ""),
            event.verb,
            event.target_type,
            event.target_id,
            event.prev_hash,
            *_sealed_part(event),
        ],
        separators=(",", ":"),
    ).encode()


def _sealed_part(event: Any) -> list[str]:
    # Entries written before actors were sealed have no such column (or an
    # empty one): their MAC covers exactly what it covered then.
    sealed = getattr(event, "actor_sealed", None)
    return [base64.b64encode(bytes(sealed)).decode()] if sealed else []


class AuditEvent(models.Model):
    """Append-only: who did what to which object, when. Never content.

    Each entry carries the MAC of the previous one (HMAC under the audit key,
    see backchannel.core.audit), so a modified, deleted, inserted or reordered
    entry breaks the chain, and the database alone cannot recompute it.
    """

    seq = models.PositiveBigIntegerField(primary_key=True)
    # Day granularity: the sequence orders entries; the hour is a trail we do not keep.
    on = models.DateField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    # Within a process, the actor is sealed here instead (its data key's id,
    # then AES-256-GCM under that key of the login's id and name), and
    # ``actor``/``actor_label`` stay empty: destroying the process's key unlinks
    # every login from it, in this database and in every backup of it.
    actor_sealed = models.BinaryField(null=True, blank=True)
    organisation_id = models.UUIDField(null=True, blank=True)
    process_id = models.UUIDField(null=True, blank=True)
    verb = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    data_classification: ClassVar[dict[str, str]] = {
        "seq": C.INTERNAL,
        "on": C.INTERNAL,
        "actor": C.INTERNAL,
        "actor_label": C.INTERNAL,
        "actor_sealed": C.CONFIDENTIAL,
        "organisation_id": C.INTERNAL,
        "process_id": C.INTERNAL,
        "verb": C.INTERNAL,
        "target_type": C.INTERNAL,
        "target_id": C.INTERNAL,
        "prev_hash": C.INTERNAL,
        "hash": C.INTERNAL,
    }

    # Encrypted by backchannel.core.audit itself (the key is named inside the
    # value, not by a ``data_key`` column): ciphertext, like an EncryptedField.
    sealed_fields: ClassVar[frozenset[str]] = frozenset({"actor_sealed"})

    class Meta:
        ordering = ["seq"]

    def canonical(self) -> bytes:
        return canonical(self)


class AuditCheckpoint(models.Model):
    """A signed statement of the audit log's head, to be kept off the server."""

    seq = models.PositiveBigIntegerField(primary_key=True)
    hash = models.CharField(max_length=64)
    on = models.DateField()
    signature = models.CharField(max_length=128)

    data_classification: ClassVar[dict[str, str]] = {
        "seq": C.INTERNAL,
        "hash": C.INTERNAL,
        "on": C.INTERNAL,
        "signature": C.INTERNAL,
    }


class Counter(models.Model):
    """A fixed-window counter that culling cannot drop (backchannel.core.counters):
    the anti-flood limits of public consultations when there is no Redis."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveBigIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    data_classification: ClassVar[dict[str, str]] = {
        "key": C.INTERNAL,
        "count": C.INTERNAL,
        "expires": C.INTERNAL,
    }
