"""Encrypted, consistent backups and verified restores.

A backup is a logical snapshot of every Backchannel table, read in one
transaction (a consistent view on SQLite in WAL mode and on PostgreSQL under
REPEATABLE READ) while the server keeps running. Encrypted columns stay the
ciphertext they are; the file as a whole is then compressed and encrypted
again under a backup key derived from the master key, in authenticated chunks.
The master key itself is never written.

File layout::

    b"BCBK1\\n" + chunk*      chunk = len(4, big-endian) + nonce(12) + ciphertext
    each chunk's associated data: b"backchannel-backup|<index>|<last 0/1>"

The plaintext is gzip'd JSON lines: a manifest (tables, row counts, SHA-256 per
table, the audit head), then one line per row.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import struct
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.db import connection, models, transaction

from backchannel.core import crypto, keystore, uploads
from backchannel.core.audit import audit_seal_restored, audit_verify
from backchannel.core.fields import EncryptedField, Sealed
from backchannel.core.inventory import OWN_APPS
from backchannel.core.models import AuditHead

MAGIC = b"BCBK1\n"
CHUNK = 1 << 20
FORMAT = "backchannel-backup"
VERSION = 1
# Every app whose data the inventory lists (one list for both), then the second
# factors of allauth (users would lose them otherwise).
APP_LABELS = OWN_APPS
EXTRA_MODELS = ("mfa.Authenticator",)


class BackupError(Exception):
    """The backup cannot be read or restored; the message says why and what to do."""


def backup_models() -> list[type[models.Model]]:
    """Every backed-up model, parents before children (insertion order)."""
    # Auto-created many-to-many tables too (an idea's objectives, ...).
    chosen = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in APP_LABELS
    ]
    for label in EXTRA_MODELS:
        try:
            chosen.append(apps.get_model(label))
        except LookupError:
            continue
    return _dependency_order(chosen)


def _dependency_order(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    remaining = {m._meta.label: m for m in chosen}
    ordered: list[type[models.Model]] = []
    while remaining:
        progressed = False
        for label, model in sorted(remaining.items()):
            deps = {
                target._meta.label
                for f in model._meta.concrete_fields
                if (target := _target(f)) is not None
            } - {label}
            if not deps & set(remaining):
                ordered.append(model)
                del remaining[label]
                progressed = True
        if not progressed:
            raise BackupError(f"Circular references between {sorted(remaining)}.")
    return ordered


def _target(field: models.Field[Any, Any]) -> type[models.Model] | None:
    """The model a relation field points at (None: not a relation)."""
    target = field.related_model if field.is_relation else None
    # Resolved to a class once the apps are loaded ("self" only before).
    return target if isinstance(target, type) else None


def _encode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (bytes, memoryview)):
        return {"b64": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _decode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict) and set(value) == {"b64"}:
        raw = base64.b64decode(value["b64"])
        return Sealed(raw) if isinstance(field, EncryptedField) else raw
    if isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


def _rows(model: type[models.Model]) -> Iterator[dict[str, Any]]:
    fields = model._meta.concrete_fields
    # Raw values straight from the columns: encrypted fields stay sealed.
    for obj in model._base_manager.order_by("pk").iterator(chunk_size=2000):
        yield {f.attname: _encode(f, obj.__dict__.get(f.attname)) for f in fields}


def _line(obj: Any) -> bytes:
    return (
        json.dumps(
            obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
        + b"\n"
    )


def _backup_key(master: crypto.MasterKey | None = None) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"backchannel-backup-v1"
    ).derive((master or crypto.master_key()).key)


def _backup_keys() -> list[bytes]:
    """The current master key's backup key, then those of the previous master
    keys (BACKCHANNEL_PREVIOUS_MASTER_KEYS): a backup made before a rotation
    restores while the old key is listed."""
    masters = [crypto.master_key(), *crypto.previous_master_keys().values()]
    return [_backup_key(m) for m in masters]


class _EncryptingWriter(io.RawIOBase):
    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.buffer = bytearray()
        self.index = 0
        self.aes = AESGCM(_backup_key())
        out.write(MAGIC)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._emit(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        nonce = os.urandom(12)
        aad = f"backchannel-backup|{self.index}|{int(last)}".encode()
        sealed = nonce + self.aes.encrypt(nonce, plain, aad)
        self.out.write(struct.pack(">I", len(sealed)) + sealed)
        self.index += 1

    def finish(self) -> None:
        self._emit(bytes(self.buffer), last=True)
        self.buffer.clear()


def _decrypt_chunks(data: IO[bytes]) -> Iterator[bytes]:
    if data.read(len(MAGIC)) != MAGIC:
        raise BackupError(
            "Not a Backchannel backup (bad header): give a file written by `backchannel backup`."
        )
    candidates = [AESGCM(key) for key in _backup_keys()]
    index = 0
    while True:
        head = data.read(4)
        if len(head) < 4:
            raise BackupError("The backup is truncated: it ends before its last chunk.")
        sealed = data.read(struct.unpack(">I", head)[0])
        nonce, body = sealed[:12], sealed[12:]
        plain, last, opened = _open_chunk(candidates, nonce, body, index)
        if opened is None:
            raise BackupError(
                f"Chunk {index} of the backup fails authentication: the file was "
                "altered, or it was made under a master key that is neither "
                "BACKCHANNEL_MASTER_KEY nor listed in BACKCHANNEL_PREVIOUS_MASTER_KEYS."
            )
        # The key that opened the first chunk opens the others.
        candidates = [opened]
        yield plain
        index += 1
        if last:
            return


def _open_chunk(
    candidates: list[AESGCM], nonce: bytes, body: bytes, index: int
) -> tuple[bytes, bool, AESGCM | None]:
    for aes in candidates:
        for last in (False, True):
            try:
                plain = aes.decrypt(
                    nonce, body, f"backchannel-backup|{index}|{int(last)}".encode()
                )
            except InvalidTag:
                continue
            return plain, last, aes
    return b"", False, None


@dataclass
class BackupSummary:
    tables: dict[str, int]
    audit_head: int
    # Restore only: what was left out because its data key is destroyed in the
    # key store (crypto-shredded), or missing from it (with skip_missing_keys).
    shredded_keys: int = 0
    missing_keys: int = 0
    skipped_rows: int = 0
    shredded_processes: list[str] = dataclasses.field(default_factory=list)


def backup_write(out: IO[bytes]) -> BackupSummary:
    """Write a consistent, encrypted snapshot of every table to ``out``."""
    writer = _EncryptingWriter(out)
    digests: dict[str, str] = {}
    counts: dict[str, int] = {}
    # A snapshot needs its own transaction: the first statement of it fixes the view.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                )
        body = io.BytesIO()
        for model in backup_models():
            label = model._meta.label
            digest = hashlib.sha256()
            n = 0
            for row in _rows(model):
                line = _line({"t": label, "r": row})
                digest.update(line)
                body.write(line)
                n += 1
            digests[label], counts[label] = digest.hexdigest(), n

        head = AuditHead.objects.filter(pk=1).first()
        audit_head = head.count if head else 0
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "tables": counts,
        "sha256": digests,
        "audit_head": audit_head,
        "order": [m._meta.label for m in backup_models()],
    }
    with gzip.GzipFile(fileobj=writer, mode="wb", mtime=0) as gz:
        gz.write(_line(manifest))
        gz.write(body.getvalue())
    writer.finish()
    return BackupSummary(tables=counts, audit_head=audit_head)


def _read_lines(source: IO[bytes]) -> Iterator[dict[str, Any]]:
    """The backup's JSON lines, decompressed piece by piece within the limits
    (``BACKCHANNEL_MAX_EXPANSION``, ``BACKCHANNEL_MAX_DECOMPRESSED_BYTES``)."""
    pieces = uploads.gunzip_limited(
        _decrypt_chunks(source),
        label="The backup",
        max_ratio=uploads.limit("MAX_EXPANSION"),
        max_bytes=uploads.limit("MAX_DECOMPRESSED_BYTES"),
        floor=min(16 << 20, uploads.limit("MAX_DECOMPRESSED_BYTES")),
    )
    number = 0
    try:
        for raw in uploads.lines(pieces):
            number += 1
            try:
                label = f"Line {number} of the backup"
                entry = uploads.json_loads(
                    uploads.decode_text(raw, label=label), label=label
                )
            except uploads.InputRefused as exc:
                raise BackupError(
                    f"Line {number} of the backup: {exc.problem}. The backup is "
                    "damaged or was not written by `backchannel backup`."
                ) from None
            except ValueError as exc:
                raise BackupError(
                    f"Line {number} of the backup is not valid JSON ({exc}): the "
                    "backup is damaged or truncated."
                ) from None
            if number > 1 and not (
                isinstance(entry, dict)
                and isinstance(entry.get("t"), str)
                and isinstance(entry.get("r"), dict)
            ):
                raise BackupError(
                    f"Line {number} of the backup is not a table row: the backup "
                    "is damaged."
                )
            yield entry
    except uploads.InputRefused as exc:
        raise BackupError(f"{exc}") from None


def _database_is_empty() -> list[str]:
    return [m._meta.label for m in backup_models() if m._base_manager.exists()]


DATA_KEY = "core.DataKey"
# Columns of a data-key row in backups made before the key store (their wrapped
# keys are never restored: the key store alone says which keys live).
LEGACY_KEY_COLUMNS = ("wrapped", "master_key_id")


class _Shredding:
    """Which rows of a backup stay out: those under a data key the key store
    holds as destroyed (or, when allowed, does not hold), and the rows that
    depend on them, as the database's own cascade would have removed them."""

    def __init__(self, *, skip_missing: bool) -> None:
        self.skip_missing = skip_missing
        self.dead: set[str] = set()
        self.shredded = 0
        self.missing: list[str] = []
        self.skipped: dict[str, set[str]] = {}
        self.rows = 0
        self.processes: list[str] = []

    def key_row(self, row: dict[str, Any]) -> dict[str, Any]:
        row = {k: v for k, v in row.items() if k not in LEGACY_KEY_COLUMNS}
        entry = keystore.get(row["id"])
        if entry is not None and entry.wrapped is not None:
            return row
        if entry is None:
            self.missing.append(str(row["id"]))
        else:
            self.shredded += 1
        self.dead.add(str(row["id"]))
        destroyed = entry.destroyed_on if entry is not None else None
        return {
            **row,
            "destroyed_on": row.get("destroyed_on")
            or destroyed
            or dt.datetime.now(dt.UTC).date().isoformat(),
        }

    def check_missing(self) -> None:
        if self.missing and not self.skip_missing:
            raise BackupError(
                f"{len(self.missing)} data key(s) of this backup are not in the key "
                "store (first: "
                f"{self.missing[0]}): restore the key store first (`backchannel keys "
                "restore` with the newest key-store backup, or copy the key store as "
                "the README's deployment section says), or pass --skip-missing-keys "
                "to restore everything else and leave their rows out."
            )

    def keep(self, model: type[models.Model], row: dict[str, Any]) -> bool:
        """False if the row stays out; may null a SET_NULL reference to one."""
        if not self.dead:
            return True
        dead = str(row.get("data_key_id")) in self.dead
        for f in model._meta.concrete_fields:
            target = _target(f)
            if dead or target is None:
                continue
            value = row.get(f.attname)
            gone = self.skipped.get(target._meta.label, set())
            if value is None or str(value) not in gone:
                continue
            on_delete = f.remote_field.on_delete if f.remote_field else None
            if f.null and on_delete is models.SET_NULL:
                row[f.attname] = None
            else:
                dead = True
        if dead:
            label = model._meta.label
            self.skipped.setdefault(label, set()).add(
                str(row.get(model._meta.pk.attname))
            )
            self.rows += 1
            if label == "processes.Process":
                self.processes.append(str(row["id"]))
        return not dead


def backup_restore(
    source: IO[bytes], *, skip_missing_keys: bool = False
) -> BackupSummary:
    """Restore into an empty database, then verify counts, checksums and the audit chain.

    Everything happens in one transaction: a backup that fails verification
    leaves the database as empty as it was. Rows under a data key that the key
    store holds as destroyed are left out (counted, never decrypted): a process
    destroyed after the backup was taken does not come back. A data key the key
    store does not know stops the restore, unless ``skip_missing_keys``.
    """
    lines = _read_lines(source)
    manifest = next(lines, None)
    if not manifest or manifest.get("format") != FORMAT:
        raise BackupError(
            "The backup has no manifest: give a file written by `backchannel backup`."
        )
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"Backup format version {manifest.get('version')} is not supported here."
        )
    occupied = _database_is_empty()
    if occupied:
        raise BackupError(
            "Restore goes into an empty database, and this one holds data "
            f"({', '.join(occupied[:5])}…): create a new database, run "
            "`backchannel migrate`, then restore."
        )
    by_label = {m._meta.label: m for m in backup_models()}
    unknown = sorted(set(manifest["tables"]) - set(by_label))
    if unknown:
        raise BackupError(
            f"The backup holds tables this version does not know: {unknown}."
        )
    digests = {label: hashlib.sha256() for label in manifest["tables"]}
    counts = dict.fromkeys(manifest["tables"], 0)
    # What was inserted (the backup less the shredded rows), for the re-read.
    kept_digests = {label: hashlib.sha256() for label in manifest["tables"]}
    kept_counts = dict.fromkeys(manifest["tables"], 0)
    shredding = _Shredding(skip_missing=skip_missing_keys)
    columns = {
        label: {f.attname for f in by_label[label]._meta.concrete_fields}
        for label in manifest["tables"]
    }
    if DATA_KEY in columns:
        columns[DATA_KEY] |= set(LEGACY_KEY_COLUMNS)
    with transaction.atomic(), _stored_dates_kept():
        batch: list[models.Model] = []
        current: str | None = None

        def flush() -> None:
            if batch:
                by_label[current]._base_manager.bulk_create(batch, batch_size=500)  # type: ignore[index]
                batch.clear()

        for entry in lines:
            label, row = entry["t"], entry["r"]
            if label not in digests or not row.keys() <= columns[label]:
                raise BackupError(
                    f"The backup holds a {label} row that its manifest or this "
                    "version does not know: the backup is damaged."
                )
            if label != current:
                flush()
                if current == DATA_KEY:
                    shredding.check_missing()
                current = label
            model = by_label[label]
            digests[label].update(_line(entry))
            counts[label] += 1
            if label == DATA_KEY:
                row = shredding.key_row(row)
            elif not shredding.keep(model, row):
                continue
            kept_digests[label].update(_line({"t": label, "r": row}))
            kept_counts[label] += 1
            fields = {f.attname: f for f in model._meta.concrete_fields}
            obj = model(
                **{name: _decode(fields[name], value) for name, value in row.items()}
            )
            batch.append(obj)
        flush()
        if current == DATA_KEY:
            shredding.check_missing()
        _verify(manifest, counts, {k: v.hexdigest() for k, v in digests.items()})

        head = AuditHead.objects.filter(pk=1).first()
        if (head.count if head else 0) != manifest["audit_head"]:
            raise BackupError(
                "The restored audit head differs from the backup's manifest."
            )
        # A restore is a deliberate rollback: the key store's checkpoint (from
        # after the backup) is not held against it, and is reset below.
        broken = audit_verify(out_of_band=False)
        if broken is not None:
            raise BackupError(
                f"The restored audit log is broken at entry {broken.seq}: {broken.reason}."
            )
        # Re-read from the database: what is stored must match what was backed up.
        reread = {label: hashlib.sha256() for label in manifest["tables"]}
        for model in backup_models():
            for row in _rows(model):
                reread[model._meta.label].update(
                    _line({"t": model._meta.label, "r": row})
                )
        restored = {
            "tables": kept_counts,
            "sha256": {k: v.hexdigest() for k, v in kept_digests.items()},
        }
        _verify(restored, kept_counts, {k: v.hexdigest() for k, v in reread.items()})
    crypto.reset_caches()
    audit_seal_restored()
    return BackupSummary(
        tables=counts,
        audit_head=manifest["audit_head"],
        shredded_keys=shredding.shredded,
        missing_keys=len(shredding.missing),
        skipped_rows=shredding.rows,
        shredded_processes=shredding.processes,
    )


@contextlib.contextmanager
def _stored_dates_kept() -> Iterator[None]:
    """Restore writes dates as backed up, not "today" (auto_now/auto_now_add off)."""
    switched = []
    for model in backup_models():
        for field in model._meta.concrete_fields:
            for flag in ("auto_now", "auto_now_add"):
                if getattr(field, flag, False):
                    setattr(field, flag, False)
                    switched.append((field, flag))
    try:
        yield
    finally:
        for field, flag in switched:
            setattr(field, flag, True)


def _verify(
    manifest: dict[str, Any], counts: dict[str, int], digests: dict[str, str]
) -> None:
    for label, expected in manifest["tables"].items():
        if counts.get(label) != expected:
            raise BackupError(
                f"{label}: {counts.get(label)} rows restored, {expected} in the backup."
            )
        if digests.get(label) != manifest["sha256"][label]:
            raise BackupError(
                f"{label}: checksum mismatch after restore; the backup is damaged."
            )


def backup_to_path(path: Path) -> BackupSummary:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        return backup_write(out)
