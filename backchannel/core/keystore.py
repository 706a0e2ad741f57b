"""The key store: where wrapped data keys live, apart from the database and its backups.

A database backup (``backchannel backup``) or an operator's own ``pg_dump``
carries ciphertext and data-key ids only. The wrapped keys are here, in their
own database (``BACKCHANNEL_KEYSTORE_URL``: a separate PostgreSQL database, or
by default a SQLite file ``var/keys.sqlite3``, mode 0600), with their own
backups (``backchannel keys backup``) kept for a short, configurable retention
(``BACKCHANNEL_KEY_BACKUP_DAYS``). Destroying a key turns its row into a
tombstone (``wrapped = NULL``) at once, outside any database transaction, and
scrubs it from every key-store backup in ``BACKCHANNEL_KEY_BACKUP_DIR``: a
destruction happens even if what follows fails, and is never undone by a
rollback.

Every statement is autocommitted on a connection of its own (one per thread),
reached only through this module; rows orphaned by a rolled-back database
transaction are harmless (they decrypt nothing that was kept).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from backchannel.core import uploads
from backchannel.env import ConfigError

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS backchannel_keys ("
    " id VARCHAR(36) PRIMARY KEY,"
    " wrapped {blob},"
    " master_key_id VARCHAR(32) NOT NULL,"
    " created_on VARCHAR(10) NOT NULL,"
    " destroyed_on VARCHAR(10))",
    "CREATE TABLE IF NOT EXISTS backchannel_keystore_meta ("
    " name VARCHAR(64) PRIMARY KEY,"
    " value {blob} NOT NULL,"
    " master_key_id VARCHAR(32) NOT NULL)",
)
BACKUP_FORMAT = "backchannel-keystore"
BACKUP_NAME = re.compile(r"^keys-(\d{8}T\d{6}Z)(?:-\d+)?\.json$")


class KeyStoreError(Exception):
    """The key store cannot be reached or read; the message says what to fix."""


@dataclass(frozen=True)
class Entry:
    id: str
    wrapped: bytes | None
    master_key_id: str
    created_on: str
    destroyed_on: str | None

    @property
    def destroyed(self) -> bool:
        return self.wrapped is None


# --- where ------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    vendor: str  # "sqlite" or "postgresql"
    path: Path | None  # SQLite
    params: dict[str, Any]  # PostgreSQL connection parameters

    def describe(self) -> str:
        if self.path is not None:
            return f"SQLite file {self.path}"
        host = self.params.get("host") or "localhost"
        return f"PostgreSQL database {self.params.get('dbname')} on {host}"


def location() -> Location:
    url = settings.BACKCHANNEL_KEYSTORE_URL
    if url.startswith("sqlite:"):
        return Location("sqlite", Path(url.removeprefix("sqlite:///")), {})
    if url.startswith(("postgres://", "postgresql://")):
        import dj_database_url  # only for a PostgreSQL key store

        parsed = dj_database_url.parse(url)
        params = {
            "dbname": parsed["NAME"],
            "host": parsed.get("HOST") or None,
            "port": parsed.get("PORT") or None,
            "user": parsed.get("USER") or None,
            "password": parsed.get("PASSWORD") or None,
        }
        return Location(
            "postgresql", None, {k: v for k, v in params.items() if v is not None}
        )
    raise ConfigError(
        "BACKCHANNEL_KEYSTORE_URL must start with sqlite:/// (a file) or "
        "postgres:// (a database of its own)."
    )


# --- connections -------------------------------------------------------------

_local = threading.local()


def _sqlite(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created owner-only before SQLite opens it; its WAL inherits the mode.
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    conn = sqlite3.connect(str(path), timeout=20, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA secure_delete=ON")
    return conn


def _connection() -> tuple[Any, str]:
    loc = location()
    conns = getattr(_local, "conns", None)
    if conns is None:
        conns = _local.conns = {}
    key = (loc.vendor, str(loc.path), tuple(sorted(loc.params.items())))
    conn = conns.get(key)
    if conn is not None:
        return conn, loc.vendor
    try:
        if loc.vendor == "sqlite":
            assert loc.path is not None  # noqa: S101
            conn = _sqlite(loc.path)
            blob = "BLOB"
        else:
            import psycopg  # only for a PostgreSQL key store

            conn = psycopg.connect(**loc.params, autocommit=True, connect_timeout=10)
            blob = "BYTEA"
            # Servers starting together: one creates the tables, the others wait.
            conn.execute("SELECT pg_advisory_lock(7201021)")
        for statement in SCHEMA:
            conn.execute(statement.format(blob=blob))
        if loc.vendor == "postgresql":
            conn.execute("SELECT pg_advisory_unlock(7201021)")
    except (sqlite3.Error, OSError, ImportError) as exc:
        raise KeyStoreError(
            f"The key store ({loc.describe()}) cannot be opened ({exc}): check "
            "BACKCHANNEL_KEYSTORE_URL and the file's permissions."
        ) from None
    except Exception as exc:  # noqa: BLE001 - psycopg.Error, kept out of the import path
        raise KeyStoreError(
            f"The key store ({loc.describe()}) is not reachable "
            f"({type(exc).__name__}): check BACKCHANNEL_KEYSTORE_URL."
        ) from None
    conns[key] = conn
    return conn, loc.vendor


def _forget_after_fork() -> None:
    # A forked worker must not share its parent's connections: open its own.
    _local.__dict__.clear()


os.register_at_fork(after_in_child=_forget_after_fork)


def close() -> None:
    """Close this thread's key-store connections (tests, forks)."""
    for conn in getattr(_local, "conns", {}).values():
        with contextlib.suppress(Exception):
            conn.close()
    _local.conns = {}


def _run(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn, vendor = _connection()
    if vendor == "sqlite":
        sql = sql.replace("%s", "?")
    try:
        cursor = conn.execute(sql, params)
        rows = cursor.fetchall() if cursor.description else []
    except sqlite3.Error as exc:
        raise KeyStoreError(
            f"The key store refused a statement ({exc}): check its file and disk."
        ) from None
    except Exception as exc:
        if type(exc).__module__.startswith("psycopg"):
            close()
            raise KeyStoreError(
                f"The key store refused a statement ({type(exc).__name__}): check "
                "BACKCHANNEL_KEYSTORE_URL and that its database is up."
            ) from None
        raise
    return [
        tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows
    ]


def _today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


# --- keys --------------------------------------------------------------------

_COLUMNS = "id, wrapped, master_key_id, created_on, destroyed_on"


def put(key_id: object, wrapped: bytes, master_key_id: str) -> None:
    _run(
        f"INSERT INTO backchannel_keys ({_COLUMNS}) VALUES (%s, %s, %s, %s, NULL)",  # noqa: S608
        (str(key_id), wrapped, master_key_id, _today()),
    )


def get(key_id: object) -> Entry | None:
    rows = _run(
        f"SELECT {_COLUMNS} FROM backchannel_keys WHERE id = %s",  # noqa: S608
        (str(key_id),),
    )
    return Entry(*rows[0]) if rows else None


def entries() -> list[Entry]:
    return [
        Entry(*r)
        for r in _run(f"SELECT {_COLUMNS} FROM backchannel_keys ORDER BY id")  # noqa: S608
    ]


def live_ids() -> set[str]:
    return {
        r[0] for r in _run("SELECT id FROM backchannel_keys WHERE wrapped IS NOT NULL")
    }


def replace_wrapped(
    key_id: object, wrapped: bytes, master_key_id: str, *, was: str
) -> bool:
    """Re-wrap a live key, only if still wrapped under ``was`` (rotation)."""
    _run(
        "UPDATE backchannel_keys SET wrapped = %s, master_key_id = %s "
        "WHERE id = %s AND master_key_id = %s AND wrapped IS NOT NULL",
        (wrapped, master_key_id, str(key_id), was),
    )
    entry = get(key_id)
    return entry is not None and entry.master_key_id == master_key_id


def destroy(key_id: object) -> int:
    """Tombstone the key here and in every reachable key-store backup, now.

    Returns how many key-store backups held it and were scrubbed.
    """
    key = str(key_id)
    conn, vendor = _connection()
    existing = get(key)
    if existing is None:
        _run(
            f"INSERT INTO backchannel_keys ({_COLUMNS}) VALUES (%s, NULL, %s, %s, %s)",  # noqa: S608
            (key, "", _today(), _today()),
        )
    elif existing.wrapped is not None:
        # Overwrite before clearing: secure_delete zeroes the freed page bytes.
        _run(
            "UPDATE backchannel_keys SET wrapped = %s WHERE id = %s",
            (bytes(len(existing.wrapped)), key),
        )
        _run(
            "UPDATE backchannel_keys SET wrapped = NULL, destroyed_on = %s WHERE id = %s",
            (_today(), key),
        )
    if vendor == "sqlite":
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return scrub_backups({key})


def tombstone_in_place(key_id: object, destroyed_on: str | None) -> None:
    """Record a destruction learnt from elsewhere (a key-store backup's tombstone)."""
    key = str(key_id)
    if get(key) is None:
        _run(
            f"INSERT INTO backchannel_keys ({_COLUMNS}) VALUES (%s, NULL, %s, %s, %s)",  # noqa: S608
            (key, "", destroyed_on or _today(), destroyed_on or _today()),
        )
    else:
        destroy(key)


# --- the canary --------------------------------------------------------------


def meta_get(name: str) -> tuple[bytes, str] | None:
    rows = _run(
        "SELECT value, master_key_id FROM backchannel_keystore_meta WHERE name = %s",
        (name,),
    )
    return (rows[0][0], rows[0][1]) if rows else None


def meta_set(
    name: str, value: bytes, master_key_id: str, *, replace: bool = True
) -> None:
    """Store a named value; with ``replace=False`` only if none is there yet (two
    servers starting at once both try to seal the first canary: one wins)."""
    conflict = (
        "DO UPDATE SET value = excluded.value, master_key_id = excluded.master_key_id"
        if replace
        else "DO NOTHING"
    )
    sql = (
        "INSERT INTO backchannel_keystore_meta (name, value, master_key_id) "
        "VALUES (%s, %s, %s) ON CONFLICT (name) " + conflict
    )
    _run(sql, (name, value, master_key_id))


# --- backups -----------------------------------------------------------------


def backup_dir() -> Path:
    return Path(settings.BACKCHANNEL_KEY_BACKUP_DIR)


def retention_days() -> int:
    return int(settings.BACKCHANNEL_KEY_BACKUP_DAYS)


def _b64(raw: bytes | None) -> str | None:
    return None if raw is None else base64.b64encode(raw).decode()


def _unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)


def _snapshot(taken: dt.datetime) -> dict[str, Any]:
    canary = meta_get("canary")
    return {
        "format": BACKUP_FORMAT,
        "version": 1,
        "taken": taken.isoformat(),
        "canary": None
        if canary is None
        else {"value": _b64(canary[0]), "master_key_id": canary[1]},
        "keys": [
            {
                "id": e.id,
                "wrapped": _b64(e.wrapped),
                "master_key_id": e.master_key_id,
                "created_on": e.created_on,
                "destroyed_on": e.destroyed_on,
            }
            for e in entries()
        ],
    }


def _encode(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, separators=(",", ":")).encode() + b"\n"


def backup_files(directory: Path | None = None) -> list[Path]:
    directory = directory or backup_dir()
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if BACKUP_NAME.match(p.name))


def backup_taken(path: Path) -> dt.datetime:
    match = BACKUP_NAME.match(path.name)
    if match is None:
        raise KeyStoreError(f"{path} is not named like a key-store backup.")
    return dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)


def backup_write(directory: Path | None = None) -> Path:
    """Write a key-store backup (mode 0600) into ``directory``."""
    directory = directory or backup_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    taken = dt.datetime.now(dt.UTC).replace(microsecond=0)
    stamp = taken.strftime("%Y%m%dT%H%M%SZ")
    body = _encode(_snapshot(taken))
    for n in range(1000):
        path = directory / (
            f"keys-{stamp}.json" if n == 0 else f"keys-{stamp}-{n}.json"
        )
        try:
            fd = os.open(
                path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600
            )
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        return path
    raise KeyStoreError(f"Too many key-store backups this second in {directory}.")


def backup_read(path: Path) -> dict[str, Any]:
    try:
        data = uploads.read_limited(
            path, limit=uploads.limit("MAX_UPLOAD_BYTES"), label=str(path)
        )
        doc = uploads.json_loads(data, label=str(path))
    except uploads.InputRefused as exc:
        if exc.kind == "too_large":
            raise KeyStoreError(str(exc)) from None
        raise KeyStoreError(
            f"{path} is not a key-store backup ({exc}): give a file written by "
            "`backchannel keys backup`."
        ) from None
    except FileNotFoundError:
        raise KeyStoreError(f"{path}: no such file.") from None
    except (OSError, ValueError) as exc:
        raise KeyStoreError(
            f"{path} is not a key-store backup ({exc}): give a file written by "
            "`backchannel keys backup`."
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != BACKUP_FORMAT:
        raise KeyStoreError(
            f"{path} is not a key-store backup: give a file written by "
            "`backchannel keys backup`."
        )
    return doc


def _overwrite(path: Path, body: bytes) -> None:
    """Replace a file's content in place, padding over what it held before."""
    fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
    with os.fdopen(fd, "r+b") as f:
        old = f.seek(0, os.SEEK_END)
        f.seek(0)
        f.write(body + b" " * max(0, old - len(body)))
        f.flush()
        os.fsync(f.fileno())


def _shred_file(path: Path) -> None:
    with contextlib.suppress(OSError):
        size = path.stat().st_size
        _overwrite(path, b" " * size)
    path.unlink(missing_ok=True)


def rewrite_backups(change: Callable[[dict[str, Any]], bool]) -> int:
    """Apply ``change`` to every reachable key-store backup; rewrite the changed ones."""
    changed = 0
    for path in backup_files():
        try:
            doc = backup_read(path)
        except KeyStoreError:
            continue
        if change(doc):
            _overwrite(path, _encode(doc))
            changed += 1
    return changed


def scrub_backups(key_ids: set[str]) -> int:
    def change(doc: dict[str, Any]) -> bool:
        hit = False
        for entry in doc.get("keys", []):
            if entry.get("id") in key_ids and entry.get("wrapped") is not None:
                entry["wrapped"] = None
                entry["destroyed_on"] = _today()
                hit = True
        return hit

    return rewrite_backups(change)


def prune_backups(
    days: int | None = None, *, now: dt.datetime | None = None
) -> list[Path]:
    """Shred key-store backups older than the retention; return what went."""
    days = retention_days() if days is None else days
    now = now or dt.datetime.now(dt.UTC)
    gone = []
    for path in backup_files():
        if now - backup_taken(path) > dt.timedelta(days=days):
            _shred_file(path)
            gone.append(path)
    return gone


def newest_backup() -> Path | None:
    files = backup_files()
    return max(files, key=backup_taken) if files else None


def backup_merge(doc: dict[str, Any]) -> tuple[int, int, int]:
    """Bring a key-store backup into the live store. Destruction always wins:
    a key destroyed here or there stays destroyed. Returns (added, destroyed,
    unchanged)."""
    added = destroyed = same = 0
    for item in doc.get("keys", []):
        try:
            key_id, wrapped = str(item["id"]), _unb64(item.get("wrapped"))
            master_id = str(item.get("master_key_id") or "")
        except (KeyError, TypeError, ValueError):
            raise KeyStoreError(
                "The key-store backup holds an entry without an id or with a "
                "damaged key: it is damaged."
            ) from None
        current = get(key_id)
        if wrapped is None:
            if current is None or current.wrapped is not None:
                tombstone_in_place(key_id, item.get("destroyed_on"))
                destroyed += 1
            else:
                same += 1
        elif current is None:
            _run(
                f"INSERT INTO backchannel_keys ({_COLUMNS}) VALUES (%s, %s, %s, %s, NULL)",  # noqa: S608
                (key_id, wrapped, master_id, str(item.get("created_on") or _today())),
            )
            added += 1
        else:
            same += 1
    canary = doc.get("canary")
    if canary:
        value = _unb64(canary["value"]) or b""
        meta_set("canary", value, canary["master_key_id"], replace=False)
    return added, destroyed, same
