"""Writing, verifying and checkpointing the keyed, chained audit log.

Each entry holds the MAC of the one before, so modifying, deleting, inserting
or reordering entries breaks the chain. The MAC is HMAC-SHA256 under the
*audit key*: 32 random bytes stored only wrapped (AES-256-GCM) by the master
key, like a data key. A copy of the database therefore cannot recompute the
chain after editing it: editing entries and rehashing, or cutting the tail and
fixing the head, is caught by ``backchannel audit verify``.

A *checkpoint* is the head (sequence number and MAC) signed with an Ed25519 key
derived from the audit key. Kept off the server, it also catches a log cut
short or rebuilt; it is verified against a public key configured out of band
(``BACKCHANNEL_AUDIT_PUBLIC_KEY`` or ``_FILE``, printed by ``backchannel audit
public-key``), never against the key a checkpoint file carries. Checkpoints kept
in the database are checked on every verification too.

Within a process, an entry's actor is *sealed*: encrypted under the process's
data key (:func:`audit_actor` reads it back) and MACed with the rest, while the
clear ``actor``/``actor_label`` stay empty. Destroying the process's key
(crypto-shredding) thus unlinks every login from the process without touching
a single entry: the chain, its head and every checkpoint stay as they were.
Only the acts of the destruction itself (:data:`CLEAR_VERBS`) keep their actor
in clear, so who destroyed a process stays on the record.

Rotating the master key re-wraps the audit key (:func:`audit_rotate`, called by
``backchannel keys rotate``): the chain, the public key and every checkpoint
written before stay valid, and a tampered chain stays broken.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from backchannel.core import crypto, keystore
from backchannel.core.errors import DecryptionError, KeyDestroyed
from backchannel.core.models import AuditCheckpoint, AuditEvent, AuditHead, canonical
from backchannel.core.uploads import json_loads

GENESIS = "0" * 64
_WRAP_AAD = b"backchannel-audit-key"
_secrets: dict[tuple[str, bytes], bytes] = {}
_secrets_lock = threading.Lock()


class AuditKeyError(Exception):
    """The audit key or the public key cannot be used; the message says the fix."""


# -- the audit key


def legacy_hash(event: Any) -> str:
    """The unkeyed SHA-256 of chains written before the audit key."""
    return hashlib.sha256(canonical(event)).hexdigest()


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
        secret
    )


def entry_mac(secret: bytes, event: Any) -> str:
    key = _derive(secret, b"backchannel-audit-chain")
    return hmac.new(key, canonical(event), hashlib.sha256).hexdigest()


def head_mac(secret: bytes, count: int, last_hash: str) -> str:
    key = _derive(secret, b"backchannel-audit-head")
    return hmac.new(key, f"{count}|{last_hash}".encode(), hashlib.sha256).hexdigest()


def wrap_secret(secret: bytes, master: crypto.MasterKey) -> bytes:
    nonce = os.urandom(crypto.NONCE_BYTES)
    return b"\x01" + nonce + AESGCM(master.key).encrypt(nonce, secret, _WRAP_AAD)


def unwrap_secret(wrapped: bytes, master_id: str) -> bytes:
    cache_key = (master_id, bytes(wrapped))
    with _secrets_lock:
        if cache_key in _secrets and master_id in _known_master_ids():
            return _secrets[cache_key]
    master = crypto.master_for(master_id)
    body = bytes(wrapped)
    try:
        secret = AESGCM(master.key).decrypt(
            body[1 : 1 + crypto.NONCE_BYTES], body[1 + crypto.NONCE_BYTES :], _WRAP_AAD
        )
    except InvalidTag:
        raise DecryptionError(
            "The audit key does not unwrap with the configured master key: check "
            "BACKCHANNEL_MASTER_KEY (during a rotation, list the old key in "
            "BACKCHANNEL_PREVIOUS_MASTER_KEYS)."
        ) from None
    with _secrets_lock:
        _secrets[cache_key] = secret
    return secret


def _known_master_ids() -> set[str]:
    return {crypto.master_key().key_id, *crypto.previous_master_keys()}


def new_head_key(head: AuditHead) -> bytes:
    """Give ``head`` a fresh audit key (wrapped by the current master key)."""
    secret = os.urandom(32)
    master = crypto.master_key()
    head.key_wrapped = wrap_secret(secret, master)
    head.key_master_id = master.key_id
    head.mac = head_mac(secret, head.count, head.last_hash)
    return secret


def _head_secret(head: AuditHead) -> bytes:
    if head.key_wrapped is None:
        raise AuditKeyError(
            "The audit log has no audit key yet: run `backchannel migrate`."
        )
    return unwrap_secret(bytes(head.key_wrapped), head.key_master_id)


# -- actors sealed under a process's data key

# Entries of a process whose actor stays in clear: who asked for, cancelled or
# carried out its destruction must outlive the destruction.
CLEAR_VERBS = frozenset(
    {"process.destroy", "process.destroy_request", "process.destroy_cancel"}
)
SHREDDED = "(shredded)"


def _actor_aad(seq: int, key_id: uuid.UUID) -> bytes:
    return crypto.aad_for("core_auditevent", "actor_sealed", seq, key_id)


# Targets that name someone beyond the process's lifetime: within a process,
# their id is sealed with the actor (``person.unlink`` names the login).
SEALED_TARGETS = frozenset({"User", "Person"})


def seal_parties(
    actor: Any, target_id: str | None, *, seq: int, data_key_id: Any
) -> bytes:
    """The data key's id (16 bytes), then the login's id and name (or None)
    and the sealed target's id (or None) encrypted under that key, bound to the
    entry's sequence number."""
    key_id = uuid.UUID(str(data_key_id))
    who = [str(actor.pk), actor.username] if actor is not None else [None, ""]
    plaintext = crypto.dumps([*who, target_id])
    return key_id.bytes + crypto.encrypt_value(
        plaintext, key_id=key_id, aad=_actor_aad(seq, key_id)
    )


@dataclass(frozen=True)
class AuditActor:
    """Who an entry names: ``user_id`` None for the system, for an entry
    recorded without an actor and for a shredded one (``shredded``);
    ``target_id`` the entry's target, opened too when it was sealed."""

    user_id: str | None
    label: str
    target_id: str
    shredded: bool = False

    @property
    def shown(self) -> str:
        return SHREDDED if self.shredded else self.label


def audit_actor(event: AuditEvent) -> AuditActor:
    """Who ``event`` names, its sealed parties opened with its process's key.

    An empty ``actor_label`` says the actor is sealed (a clear one is a
    username or "system")."""
    clear_id = str(event.actor_id) if event.actor_id else None
    sealed = event.actor_sealed
    if not sealed:
        return AuditActor(clear_id, event.actor_label, event.target_id)
    actor_sealed = not event.actor_label
    blob = bytes(sealed)
    key_id = uuid.UUID(bytes=blob[:16])
    try:
        user_id, label, target_id = crypto.loads(
            crypto.decrypt_value(
                blob[16:], key_id=key_id, aad=_actor_aad(event.seq, key_id)
            )
        )
    except KeyDestroyed:
        if actor_sealed:
            return AuditActor(None, "", event.target_id, shredded=True)
        return AuditActor(clear_id, event.actor_label, event.target_id)
    except (DecryptionError, ValueError, TypeError):
        # Altered: `audit verify` names the entry; the view says nothing more.
        return AuditActor(None, "?", event.target_id)
    if not actor_sealed:
        user_id, label = clear_id, event.actor_label
    return AuditActor(
        str(user_id) if user_id else None,
        str(label),
        str(target_id) if target_id is not None else event.target_id,
    )


# -- writing


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: Any = None,
    organisation_id: Any = None,
    process_id: Any = None,
    data_key_id: Any = None,
) -> AuditEvent:
    """Append one entry in the caller's transaction. ``actor`` may be None (system).

    With ``data_key_id`` (the process's, given by :func:`audit_process`), the
    actor is sealed under that key unless ``verb`` is one of
    :data:`CLEAR_VERBS`, and so is a target that is a login or a person
    (:data:`SEALED_TARGETS`)."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        if head.key_wrapped is None and head.count == 0:
            secret = new_head_key(head)
        else:
            secret = _head_secret(head)
        seq = head.count + 1
        user = actor if getattr(actor, "pk", None) else None
        target_type = type(target).__name__ if target is not None else ""
        target_id = str(getattr(target, "pk", "") or "")
        hidden_target = target_type in SEALED_TARGETS and bool(target_id)
        seal_actor = user is not None and verb not in CLEAR_VERBS
        sealed = None
        if data_key_id is not None and (seal_actor or hidden_target):
            sealed = seal_parties(
                user if seal_actor else None,
                target_id if hidden_target else None,
                seq=seq,
                data_key_id=data_key_id,
            )
        label = getattr(actor, "username", "") or "system"
        event = AuditEvent(
            seq=seq,
            on=timezone.now().date(),
            actor=None if sealed is not None and seal_actor else user,
            actor_label="" if sealed is not None and seal_actor else label,
            actor_sealed=sealed,
            organisation_id=organisation_id,
            process_id=process_id,
            verb=verb,
            target_type=target_type,
            target_id="" if sealed is not None and hidden_target else target_id,
            prev_hash=head.last_hash,
        )
        event.hash = entry_mac(secret, event)
        event.save(force_insert=True)
        head.count = event.seq
        head.last_hash = event.hash
        head.mac = head_mac(secret, head.count, head.last_hash)
        head.save()
    return event


def audit_process(
    actor: Any, process: Any, verb: str, target: Any = None
) -> AuditEvent:
    """One entry about ``target`` within ``process`` (its organisation and id
    recorded with it, its actor sealed under the process's data key). ``actor``
    may be None (the system path)."""
    return audit_record(
        actor=actor,
        verb=verb,
        target=target,
        organisation_id=process.organisation_id,
        process_id=process.pk,
        data_key_id=process.data_key_id,
    )


def audit_in(access: Any, verb: str, target: Any = None) -> AuditEvent:
    """:func:`audit_process` for an actor's ``ProcessAccess`` (anything with
    ``actor`` and ``process``): what every service of a process writes."""
    return audit_process(access.actor, access.process, verb, target)


# -- checkpoints


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    on: str
    public_key: str  # informational: verification uses the configured key
    signature: str

    def message(self) -> bytes:
        return f"backchannel-audit|{self.seq}|{self.hash}|{self.on}".encode()

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        data = json_loads(text, label="the checkpoint file")
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return cls(
            **{k: data[k] for k in ("seq", "hash", "on", "public_key", "signature")}
        )


class AuditBroken(Exception):
    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(f"entry {seq}: {reason}")
        self.seq = seq
        self.reason = reason


def signing_key_for(secret: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(
        _derive(secret, b"backchannel-audit-signing")
    )


def _signing_key() -> Ed25519PrivateKey:
    head, _ = AuditHead.objects.get_or_create(pk=1)
    if head.key_wrapped is None and head.count == 0:
        with transaction.atomic():
            head = AuditHead.objects.select_for_update().get(pk=1)
            if head.key_wrapped is None:
                new_head_key(head)
                head.save()
    return signing_key_for(_head_secret(head))


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def audit_public_key() -> str:
    """The public key that checks this deployment's checkpoints: configure it
    (``BACKCHANNEL_AUDIT_PUBLIC_KEY``) wherever checkpoints are verified."""
    return public_key_text(_signing_key().public_key())


def sign_checkpoint(
    key: Ed25519PrivateKey, seq: int, head_hash: str, on: str
) -> Checkpoint:
    unsigned = Checkpoint(
        seq=seq,
        hash=head_hash,
        on=on,
        public_key=public_key_text(key.public_key()),
        signature="",
    )
    signature = base64.b64encode(key.sign(unsigned.message())).decode()
    return Checkpoint(**{**unsigned.__dict__, "signature": signature})


def audit_checkpoint() -> Checkpoint:
    """Sign the current head and keep a copy in the database."""
    key = _signing_key()
    head = AuditHead.objects.get(pk=1)
    checkpoint = sign_checkpoint(
        key, head.count, head.last_hash, timezone.now().date().isoformat()
    )
    AuditCheckpoint.objects.update_or_create(
        seq=checkpoint.seq,
        defaults={
            "hash": checkpoint.hash,
            "on": checkpoint.on,
            "signature": checkpoint.signature,
        },
    )
    _keep_out_of_band(checkpoint)
    return checkpoint


KEYSTORE_CHECKPOINT = "audit-checkpoint"


def _keep_out_of_band(checkpoint: Checkpoint, *, replace_newer: bool = False) -> None:
    """Keep ``checkpoint`` in the key store (its own database, apart from the
    main one and its dumps), unless a later one is there already.

    The main database alone cannot then be rolled back below it: a thief who
    puts back an older head row (and deletes the entries and checkpoints past
    it) leaves a log that ends before the checkpoint the key store holds.
    ``replace_newer`` is for a deliberate rollback (``backchannel restore``)."""
    kept = _out_of_band_checkpoint()
    if kept is not None and kept.seq > checkpoint.seq and not replace_newer:
        return
    keystore.meta_set(KEYSTORE_CHECKPOINT, checkpoint.to_json().encode(), "audit")


def _out_of_band_checkpoint() -> Checkpoint | None:
    row = keystore.meta_get(KEYSTORE_CHECKPOINT)
    if row is None:
        return None
    try:
        return Checkpoint.from_json(bytes(row[0]).decode())
    except (ValueError, KeyError, TypeError):
        # Unreadable: treated as a checkpoint nobody signed (caught below).
        return Checkpoint(seq=0, hash="", on="", public_key="", signature="")


def audit_seal_restored() -> None:
    """After ``backchannel restore`` (a deliberate rollback): the key store's
    checkpoint becomes the restored head, so later verifications start there."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or head.key_wrapped is None:
        return
    checkpoint = sign_checkpoint(
        signing_key_for(_head_secret(head)),
        head.count,
        head.last_hash,
        timezone.now().date().isoformat(),
    )
    _keep_out_of_band(checkpoint, replace_newer=True)


def configured_public_key() -> Ed25519PublicKey | None:
    """The public key configured out of band, or None when none is."""
    text = getattr(settings, "BACKCHANNEL_AUDIT_PUBLIC_KEY", None)
    if not text:
        return None
    return parse_public_key(text, source="BACKCHANNEL_AUDIT_PUBLIC_KEY")


def parse_public_key(text: str, *, source: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(
            base64.b64decode(text.strip(), validate=True)
        )
    except ValueError:
        raise AuditKeyError(
            f"{source} is not an audit public key: set it to the line printed by "
            "`backchannel audit public-key` (44 characters of base64)."
        ) from None


def _signed(checkpoint: Checkpoint, key: Ed25519PublicKey) -> bool:
    try:
        key.verify(base64.b64decode(checkpoint.signature), checkpoint.message())
    except (InvalidSignature, ValueError):
        return False
    return True


def _stored_checkpoints() -> list[Checkpoint]:
    return [
        Checkpoint(
            seq=c.seq,
            hash=c.hash,
            on=c.on.isoformat(),
            public_key="",
            signature=c.signature,
        )
        for c in AuditCheckpoint.objects.order_by("seq")
    ]


# -- verifying


def audit_verify(
    events: Iterable[AuditEvent] | None = None,
    *,
    checkpoint: Checkpoint | None = None,
    public_key: Ed25519PublicKey | None = None,
    stored: bool = True,
    out_of_band: bool = True,
) -> AuditBroken | None:
    """Return the first break in the chain (or against a checkpoint), or None.

    ``checkpoint`` (a file kept off the server) is checked against
    ``public_key``, else the configured ``BACKCHANNEL_AUDIT_PUBLIC_KEY``; never
    against the key it carries, and without a configured key it is refused
    (:class:`AuditKeyError`); a bad signature raises :class:`AuditBroken`. The
    checkpoints kept in the database (``stored``) are checked too, against the
    configured key or else the server's own, and so is the latest checkpoint
    kept in the key store (``out_of_band``): a log that ends before it was cut.
    """
    return audit_verify_from(
        events,
        checkpoint=checkpoint,
        public_key=public_key,
        stored=stored,
        out_of_band=out_of_band,
    )[0]


def audit_verify_from(
    events: Iterable[AuditEvent] | None = None,
    *,
    checkpoint: Checkpoint | None = None,
    public_key: Ed25519PublicKey | None = None,
    stored: bool = True,
    out_of_band: bool = True,
    after: tuple[int, str] | None = None,
) -> tuple[AuditBroken | None, tuple[int, str]]:
    """:func:`audit_verify`, also returning the last entry it verified (seq,
    MAC). ``after``: an entry verified in full before; the entries after it
    are read in full, and before it only its MAC, the checkpoints and a random
    sample (:func:`_still_as_verified`; the audit page's
    ``backchannel.core.audit_recent``).
    """
    head = AuditHead.objects.filter(pk=1).first()
    secret = _head_secret(head) if head is not None and head.key_wrapped else None
    configured = public_key or configured_public_key()
    checkpoints: dict[int, Checkpoint] = {}
    if checkpoint is not None:
        if configured is None:
            raise AuditKeyError(
                "No audit public key is configured to check the checkpoint against: "
                "set BACKCHANNEL_AUDIT_PUBLIC_KEY (or _FILE) to the line printed by "
                "`backchannel audit public-key`, kept apart from the server."
            )
        if not _signed(checkpoint, configured):
            raise AuditBroken(
                checkpoint.seq,
                "the checkpoint's signature does not match the configured public key",
            )
        checkpoints[checkpoint.seq] = checkpoint
    if stored and secret is not None:
        server_key = configured or signing_key_for(secret).public_key()
        latest = _out_of_band_checkpoint() if out_of_band and events is None else None
        if latest is not None:
            if not _signed(latest, server_key):
                return (
                    AuditBroken(
                        latest.seq, "the checkpoint kept in the key store is not signed"
                    ),
                    (0, GENESIS),
                )
            checkpoints.setdefault(latest.seq, latest)
        for kept in _stored_checkpoints():
            if not _signed(kept, server_key):
                return (
                    AuditBroken(
                        kept.seq, "the checkpoint kept in the database is not signed"
                    ),
                    (0, GENESIS),
                )
            checkpoints.setdefault(kept.seq, kept)
    prev, expected = GENESIS, 1
    start = (0, GENESIS)
    rows: Iterable[AuditEvent]
    if events is not None:
        rows = events
    else:
        query = AuditEvent.objects.order_by("seq")
        if after is not None:
            broken = _still_as_verified(after, checkpoints, secret)
            if broken is not None:
                return broken, start
            prev, expected = after[1], after[0] + 1
            query = query.filter(seq__gt=after[0])
        rows = query.iterator(chunk_size=2000)
    start = (expected - 1, prev)
    chain_key = _derive(secret, b"backchannel-audit-chain") if secret else b""
    for event in rows:
        if event.seq != expected:
            return AuditBroken(expected, "missing, inserted or reordered"), start
        if event.prev_hash != prev:
            return AuditBroken(event.seq, "does not follow the entry before it"), start
        mac = hmac.new(chain_key, canonical(event), hashlib.sha256).hexdigest()
        if secret is None or not hmac.compare_digest(mac, event.hash):
            return AuditBroken(event.seq, "its content was modified"), start
        cp = checkpoints.get(event.seq)
        if cp is not None and not hmac.compare_digest(cp.hash, event.hash):
            return AuditBroken(event.seq, "differs from the signed checkpoint"), start
        prev = event.hash
        expected += 1
    last = (expected - 1, prev)
    beyond = [seq for seq in checkpoints if seq >= expected]
    if beyond:
        return AuditBroken(
            expected,
            f"the log ends before checkpoint entry {max(beyond)} (entries were cut)",
        ), last
    if head is not None and events is None and secret is not None:
        if not hmac.compare_digest(
            head.mac, head_mac(secret, head.count, head.last_hash)
        ):
            return AuditBroken(
                min(head.count, expected - 1) + 1,
                "the log's head was rewritten (entries from here on may have been cut)",
            ), last
        if head.count != expected - 1 or head.last_hash != prev:
            return AuditBroken(expected, "the log ends before its recorded head"), last
    return None, last


# Entries of the verified prefix whose MAC each short pass recomputes, drawn
# anew each time (a log this short is thus re-read whole on every view).
PREFIX_SAMPLE = 256


def _still_as_verified(
    after: tuple[int, str], checkpoints: dict[int, Checkpoint], secret: bytes | None
) -> AuditBroken | None:
    """The entry verified last still carries its MAC, every checkpoint up to
    it matches its entry, and :data:`PREFIX_SAMPLE` entries of the prefix,
    drawn at random, still match their MACs."""
    seq, mac = after
    found = dict(
        AuditEvent.objects.filter(
            seq__in={s for s in checkpoints if s <= seq} | {seq}
        ).values_list("seq", "hash")
    )
    if not hmac.compare_digest(found.get(seq, ""), mac):
        return AuditBroken(seq, "it changed since it was verified")
    for s in sorted(s for s in checkpoints if s < seq):
        if not hmac.compare_digest(found.get(s, ""), checkpoints[s].hash):
            return AuditBroken(s, "differs from the signed checkpoint")
    if secret is None:
        return AuditBroken(1, "its content was modified")
    if seq <= PREFIX_SAMPLE:
        sample = set(range(1, seq + 1))
    else:
        sample = set(_random.sample(range(1, seq + 1), PREFIX_SAMPLE))
    chain_key = _derive(secret, b"backchannel-audit-chain")
    rows = {e.seq: e for e in AuditEvent.objects.filter(seq__in=sample)}
    for s in sorted(sample):
        event = rows.get(s)
        if event is None:
            return AuditBroken(s, "missing, inserted or reordered")
        expected = hmac.new(chain_key, canonical(event), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, event.hash):
            return AuditBroken(s, "its content was modified")
    return None


_random = secrets.SystemRandom()


# -- rotation and upgrade


def audit_rotate() -> bool:
    """Re-wrap the audit key under the current master key (``keys rotate``).

    The entries keep their MACs, so nothing is rewritten: checkpoints written
    before stay valid, and a chain tampered with before the rotation stays
    broken. Returns whether the key was re-wrapped (False: already current).
    """
    master = crypto.master_key()
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None or head.key_wrapped is None:
            return False
        if head.key_master_id == master.key_id:
            return False
        secret = _head_secret(head)
        head.key_wrapped = wrap_secret(secret, master)
        head.key_master_id = master.key_id
        head.save(update_fields=["key_wrapped", "key_master_id"])
    return True


def rekey_legacy_chain(
    event_model: Any, head_model: Any, checkpoint_model: Any, accept_broken: str = ""
) -> int:
    """Move an unkeyed (SHA-256) chain to the audit key, after verifying it.

    A broken legacy chain is refused with the entry named, unless
    ``accept_broken`` names that very entry (a deliberate decision). Old
    checkpoints are replaced by one at the head, signed with the new key.
    Returns the number of entries re-keyed.
    """
    events = list(event_model.objects.order_by("seq"))
    head = head_model.objects.filter(pk=1).first()
    if head is None or head.key_wrapped is not None:
        return 0
    prev = GENESIS
    accepted = None
    for expected, event in enumerate(events, start=1):
        bad = (
            event.seq != expected
            or event.prev_hash != prev
            or legacy_hash(event) != event.hash
        )
        if bad and accepted is None:
            if accept_broken != str(expected):
                raise CommandError(
                    f"The audit log is broken at entry {expected} (before this "
                    "upgrade keys it): restore the database from a backup, or, to "
                    "key the log as it stands, run "
                    f"BACKCHANNEL_AUDIT_ACCEPT_BROKEN={expected} backchannel migrate."
                )
            accepted = expected
        prev = event.hash
    if accepted is not None:
        # The decision itself goes on the record, keyed with the rest.
        last = events[-1]
        events.append(
            event_model(
                seq=last.seq + 1,
                on=timezone.now().date(),
                actor_label="system",
                verb="audit.break_accepted",
                target_type="AuditEvent",
                target_id=str(accepted),
                prev_hash="",
                hash="",
            )
        )
        events[-1].save(force_insert=True)
    secret = new_head_key(head)
    prev = GENESIS
    for event in events:
        event.prev_hash = prev
        event.hash = entry_mac(secret, event)
        prev = event.hash
    event_model.objects.bulk_update(events, ["prev_hash", "hash"], batch_size=500)
    head.count = events[-1].seq if events else 0
    head.last_hash = prev
    head.mac = head_mac(secret, head.count, head.last_hash)
    head.save()
    checkpoint_model.objects.all().delete()
    if events:
        cp = sign_checkpoint(
            signing_key_for(secret),
            head.count,
            head.last_hash,
            timezone.now().date().isoformat(),
        )
        checkpoint_model.objects.create(
            seq=cp.seq, hash=cp.hash, on=cp.on, signature=cp.signature
        )
    return len(events)
