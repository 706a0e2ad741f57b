"""Counters shared by every app server, in the database, that nothing evicts.

One statement per request counts every key at once (an upsert with
``RETURNING``, PostgreSQL and SQLite ≥ 3.35 alike), so two servers counting the
same key never lose a hit. A row lives until its window has passed; expired
rows are deleted by the application, at most once a minute per process.

A row's key is a keyed pseudonym of the caller's key (HMAC under a server
secret): the callers' keys name a ballot or a consultation, and a copy of the
database must not tie them to the moment a window started. Expiries are
rounded up to the minute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

PURGE_EVERY = 60
_purge_lock = threading.Lock()
_last_purge = float("-inf")


def count_hits(keys: list[tuple[str, int]]) -> list[int]:
    """Add one to each ``(key, ttl_seconds)`` and return the new counts.

    A key whose row has expired starts again from one.
    """
    if not keys:
        return []
    # Not at the top: settings.py imports this module (consultations.flood),
    # before models can load.
    from backchannel.core.models import Counter

    now = timezone.now()
    keys = [(pseudonym(key), ttl) for key, ttl in keys]
    table, key_, count_, expires_ = _names(Counter)
    rows = ", ".join(["(%s, 1, %s)"] * len(keys))
    params: list[str | dt.datetime] = []
    for key, ttl in keys:
        params += [key, expiry(now, ttl)]
    sql = (
        f"INSERT INTO {table} ({key_}, {count_}, {expires_}) VALUES {rows} "  # noqa: S608
        + _on_conflict(Counter)
    )
    # One statement in autocommit is atomic by itself: no BEGIN and COMMIT
    # round trips around it (inside a caller's transaction, it joins it).
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, now, now])
        counted = dict(cursor.fetchall())
    _purge_expired()
    return [int(counted[key]) for key, _ in keys]


def _names(counter: Any) -> tuple[str, str, str, str]:
    q = connection.ops.quote_name
    return q(counter._meta.db_table), q("key"), q("count"), q("expires")


def _on_conflict(counter: Any) -> str:
    """The upsert's conflict clause; two parameters: now, now."""
    table, key_, count_, expires_ = _names(counter)
    return (
        f"ON CONFLICT ({key_}) DO UPDATE SET "
        f"{count_} = CASE WHEN {table}.{expires_} <= %s THEN 1 "
        f"ELSE {table}.{count_} + 1 END, "
        f"{expires_} = CASE WHEN {table}.{expires_} <= %s THEN excluded.{expires_} "
        f"ELSE {table}.{expires_} END "
        f"RETURNING {key_}, {count_}"
    )


def counting_cte(
    name: str, keys: list[tuple[str, int]], now: dt.datetime, gate: str = ""
) -> tuple[str, list[Any]]:
    """PostgreSQL only: :func:`count_hits`'s upsert as ``name AS (...)``, for a
    statement that does more in the same round trip; it returns the stored
    keys (:func:`pseudonym`) and their counts. ``gate``, an SQL condition
    without parameters, counts nothing when false. The caller purges
    (:func:`purge_expired`)."""
    from backchannel.core.models import Counter  # not at the top: see count_hits

    table, key_, count_, expires_ = _names(Counter)
    rows = ", ".join(["(%s::text, %s::timestamptz)"] * len(keys))
    params: list[Any] = []
    for key, ttl in keys:
        params += [pseudonym(key), expiry(now, ttl)]
    sql = (
        f"{name} AS (INSERT INTO {table} ({key_}, {count_}, {expires_}) "  # noqa: S608
        f"SELECT v.k, 1, v.e FROM (VALUES {rows}) AS v(k, e) "
        f"WHERE {gate or 'TRUE'} " + _on_conflict(Counter) + ")"
    )
    return sql, [*params, now, now]


def count_total(keys: list[str]) -> int:
    """The sum of the live counts of ``keys`` (not counting anything)."""
    from backchannel.core.models import Counter  # not at the top: see count_hits

    rows = Counter.objects.filter(
        key__in=[pseudonym(k) for k in keys], expires__gt=timezone.now()
    )
    return int(sum(rows.values_list("count", flat=True)))


def expiry(now: dt.datetime, ttl: int) -> dt.datetime:
    return _minute_after(now + dt.timedelta(seconds=ttl))


def purge_expired() -> None:
    """Delete expired rows, at most once a minute per process."""
    _purge_expired()


def pseudonym(key: str) -> str:
    """The stored form of a counter key: an HMAC no database thief can compute."""
    secret = f"{settings.SECRET_KEY}|counter".encode()
    return "k" + hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()


def _minute_after(at: dt.datetime) -> dt.datetime:
    """``at`` rounded up to the minute: a window ends no sooner, and a stored
    expiry shows no second of the first hit."""
    floor = at.replace(second=0, microsecond=0)
    return floor if floor == at else floor + dt.timedelta(minutes=1)


def _purge_expired(*, force: bool = False) -> None:
    global _last_purge
    now = time.monotonic()
    with _purge_lock:
        if not force and now - _last_purge < PURGE_EVERY:
            return
        _last_purge = now
    from backchannel.core.models import Counter  # not at the top: see count_hits

    Counter.objects.filter(expires__lte=timezone.now()).delete()
