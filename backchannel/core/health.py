"""Readiness and configuration checks, shared by /readyz and `backchannel doctor`."""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from backchannel.core import crypto, keystore
from backchannel.core.models import DataKey


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str  # on failure: what to fix
    # in order, but worth changing (doctor prints it as [warn], exit code 0)
    warning: str = ""


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return Check(
            "database",
            False,
            f"not reachable ({type(exc).__name__}): check DATABASE_URL.",
        )
    return Check("database", True, connection.vendor)


def check_migrations() -> Check:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001
        return Check("migrations", False, f"cannot be read ({type(exc).__name__}).")
    if plan:
        return Check(
            "migrations", False, f"{len(plan)} not applied: run `backchannel migrate`."
        )
    return Check("migrations", True, "all applied")


def check_cache() -> Check:
    try:
        cache.set("backchannel:readyz", "1", 5)
        ok = cache.get("backchannel:readyz") == "1"
    except Exception as exc:  # noqa: BLE001
        return Check(
            "cache",
            False,
            f"not reachable ({type(exc).__name__}): check REDIS_URL or run `backchannel migrate`.",
        )
    return Check(
        "cache", ok, "shared" if ok else "does not keep values: check REDIS_URL."
    )


def eviction_problem(policy: str, maxmemory: int) -> str:
    """Why a Redis with this configuration could drop security state, or ''."""
    if maxmemory == 0 or policy == "noeviction":
        return ""
    return (
        f"Redis may evict keys (maxmemory-policy {policy}, maxmemory {maxmemory}): "
        "used TOTP codes, login throttling and flood counters could be dropped. "
        "Set `maxmemory-policy noeviction` in redis.conf."
    )


def check_cache_eviction() -> Check:
    """Security state (TOTP replay guard, throttling, flood counters) must not
    be evicted: the database cache never culls a live entry; Redis must not."""
    # Only with Redis configured: the backend needs the redis package loaded.
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(cache, RedisCache):
        return Check("cache eviction", True, "database cache: live entries are kept")
    try:
        # The client is private to RedisCache (django-stubs does not declare it).
        client = cast(Any, cache)._cache.get_client(write=True)
        policy = client.config_get("maxmemory-policy").get("maxmemory-policy", "")
        maxmemory = int(client.config_get("maxmemory").get("maxmemory", 0))
    except Exception:  # noqa: BLE001 - a managed Redis may refuse CONFIG
        return Check(
            "cache eviction",
            True,
            "Redis refuses CONFIG GET: make sure its maxmemory-policy is noeviction.",
        )
    problem = eviction_problem(str(policy), maxmemory)
    return Check("cache eviction", not problem, problem or f"Redis: {policy}")


def _owner_only(path: Path) -> bool:
    mode = path.stat().st_mode
    return not mode & (stat.S_IRWXG | stat.S_IRWXO)


def check_file_modes() -> Check:
    """The data directory, the embedded database (WAL, SHM) and generated keys
    are the service user's only: name the first that is not, and the fix."""
    data_dir = Path(settings.DATA_DIR)
    paths: list[tuple[Path, str]] = []
    if data_dir.exists():
        paths.append((data_dir, "700"))
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3" and db.get("NAME"):
        name = str(db["NAME"])
        paths += [(Path(name + s), "600") for s in ("", "-wal", "-shm", "-journal")]
    paths += [(data_dir / "master.key", "600"), (data_dir / "secret.key", "600")]
    for path, fix in paths:
        if path.exists() and not _owner_only(path):
            mode = oct(path.stat().st_mode & 0o777)[2:]
            return Check(
                "file modes",
                False,
                f"{path} is open to other users (mode {mode}): chmod {fix} {path}.",
            )
    return Check("file modes", True, "data directory, database and keys owner-only")


def check_master_key() -> Check:
    source_file = os.environ.get("BACKCHANNEL_MASTER_KEY_FILE")
    if not source_file and settings.BACKCHANNEL_MASTER_KEY is None:
        path = settings.BACKCHANNEL_MASTER_KEY_PATH
        if not path.exists():
            return Check(
                "master key",
                False,
                "missing: set BACKCHANNEL_MASTER_KEY(_FILE), or let the embedded "
                f"default create {path}.",
            )
        source_file = str(path)
    if source_file:
        path = Path(source_file)
        if not path.exists():
            return Check(
                "master key",
                False,
                f"{path} does not exist: point BACKCHANNEL_MASTER_KEY_FILE at the key file.",
            )
        if not _owner_only(path):
            return Check(
                "master key", False, f"{path} is readable by others: chmod 600 {path}."
            )
    try:
        key = crypto.master_key()
        problem = crypto.canary_problem()
    except Exception as exc:  # noqa: BLE001
        return Check("master key", False, str(exc))
    if problem is not None:
        return Check("master key", False, problem)
    return Check(
        "master key",
        True,
        f"id {key.key_id}; it opens the key store's canary",
        warning=_key_beside_data(source_file),
    )


def _key_beside_data(source_file: str | None) -> str:
    """A key file inside the data directory travels with every copy of it."""
    if not source_file:
        return ""
    path = Path(source_file).resolve()
    data_dir = Path(settings.DATA_DIR).resolve()
    if not path.is_relative_to(data_dir):
        return ""
    return (
        f"the master key is in {path}, inside the data directory {data_dir}: "
        "whoever copies that directory (a backup, a stolen disk) gets the key with "
        "the database and reads everything. Keep it elsewhere: move the file out "
        "(e.g. /etc/backchannel/master.key, mode 0600, backed up apart) and set "
        "BACKCHANNEL_MASTER_KEY_FILE to it, or set BACKCHANNEL_MASTER_KEY from a "
        "secret store."
    )


def check_key_store() -> Check:
    """Where the keys live, whether every data key of the database is there, and
    how old the newest key-store backup is."""
    try:
        where = keystore.location().describe()
        stored = {e.id: e for e in keystore.entries()}
        newest = keystore.newest_backup()
    except Exception as exc:  # noqa: BLE001
        return Check("key store", False, str(exc))
    try:
        expected = [
            str(pk)
            for pk in DataKey.objects.filter(destroyed_on__isnull=True).values_list(
                "pk", flat=True
            )
        ]
    except Exception:  # noqa: BLE001 - the database check says what is wrong
        expected = []
    missing = [pk for pk in expected if pk not in stored]
    if missing:
        return Check(
            "key store",
            False,
            f"{where} lacks {len(missing)} of the database's {len(expected)} data "
            "keys: carry the key store over (`backchannel keys restore` with the "
            "newest key-store backup) or point BACKCHANNEL_KEYSTORE_URL at it.",
        )
    days = keystore.retention_days()
    if newest is None:
        return Check(
            "key store",
            False,
            f"keys live in the {where}; no key-store backup in "
            f"{keystore.backup_dir()}: run `backchannel keys backup` daily (kept "
            f"{days} days).",
        )
    age = dt.datetime.now(dt.UTC) - keystore.backup_taken(newest)
    hours = int(age.total_seconds() // 3600)
    detail = (
        f"keys live in the {where}; newest key-store backup {newest.name} is "
        f"{hours} h old, backups are kept {days} days"
    )
    if age > dt.timedelta(days=2):
        return Check(
            "key store",
            False,
            detail + ": run `backchannel keys backup` daily (cron or a timer).",
        )
    return Check("key store", True, detail)


def check_secret_key() -> Check:
    path = Path(settings.DATA_DIR) / "secret.key"
    source = os.environ.get("SECRET_KEY_FILE")
    target = Path(source) if source else path if path.exists() else None
    if target is not None and target.exists() and not _owner_only(target):
        return Check(
            "secret key", False, f"{target} is readable by others: chmod 600 {target}."
        )
    if len(settings.SECRET_KEY) < 50:
        return Check(
            "secret key", False, "shorter than 50 characters: generate a longer one."
        )
    return Check("secret key", True, "set")


def readiness() -> list[Check]:
    return [check_database(), check_migrations(), check_cache()]
