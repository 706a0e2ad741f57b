"""Counters shared by every app server, in the database, that nothing evicts.

One statement per request counts every key at once (an upsert with
``RETURNING``, PostgreSQL and SQLite ≥ 3.35 alike), so two servers counting the
same key never lose a hit. A row lives until its window has passed; expired
rows are deleted by the application, at most once a minute per process.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

from django.db import connection, transaction
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
    from backchannel.core.models import Counter

    now = timezone.now()
    q = connection.ops.quote_name
    table, key_, count_, expires_ = (
        q(Counter._meta.db_table),
        q("key"),
        q("count"),
        q("expires"),
    )
    rows = ", ".join(["(%s, 1, %s)"] * len(keys))
    params: list[object] = []
    for key, ttl in keys:
        params += [key, now + dt.timedelta(seconds=ttl)]
    sql = (
        f"INSERT INTO {table} ({key_}, {count_}, {expires_}) VALUES {rows} "  # noqa: S608
        f"ON CONFLICT ({key_}) DO UPDATE SET "
        f"{count_} = CASE WHEN {table}.{expires_} <= %s THEN 1 "
        f"ELSE {table}.{count_} + 1 END, "
        f"{expires_} = CASE WHEN {table}.{expires_} <= %s THEN excluded.{expires_} "
        f"ELSE {table}.{expires_} END "
        f"RETURNING {key_}, {count_}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [*params, now, now])
        counted = dict(cursor.fetchall())
    _purge_expired()
    return [int(counted[key]) for key, _ in keys]


def _purge_expired(*, force: bool = False) -> None:
    global _last_purge
    now = time.monotonic()
    with _purge_lock:
        if not force and now - _last_purge < PURGE_EVERY:
            return
        _last_purge = now
    from backchannel.core.models import Counter

    Counter.objects.filter(expires__lte=timezone.now()).delete()
