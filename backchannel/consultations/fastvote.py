"""The public JSON vote at its limit: one round trip, a short middleware path.

``vote_counted`` (PostgreSQL, with the flood counters in the database) counts
the flood hits, checks them against their limits, creates the ballot and
upserts the vote in ONE statement: one round trip and one commit per vote,
where counting and voting took two of each. The vote is written only when no
limit is passed and the statement is an accepted one of the consultation; the
client's new-ballot counter is counted first and, past its limit, the others
are not counted at all (as :func:`services.vote_cast` does in two steps).

Its short middleware path is :mod:`backchannel.consultations.middleware`.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from typing import Any

import psycopg
from django.db import connection

from backchannel.consultations import flood
from backchannel.consultations.models import Ballot, Statement, StatementStatus, Vote
from backchannel.core.counters import counting_cte, pseudonym, purge_expired
from backchannel.core.models import Counter

SHARDS = flood.SHARDS


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def vote_counted(
    *,
    ballot_id: uuid.UUID,
    consultation_id: uuid.UUID,
    statement_id: uuid.UUID,
    value: int,
    first: flood.Hit | None,
    hits: list[flood.Hit],
) -> bool:
    """Count ``first`` (alone: past its limit nothing else is counted), then
    ``hits``, and write the vote, in one statement. Raises ``Flooded`` for the
    first limit passed (and then nothing is written); False when the statement
    is not an accepted one of the consultation."""
    now = time.time()
    at = dt.datetime.fromtimestamp(now, tz=dt.UTC)
    q = connection.ops.quote_name
    key_, count_ = q("key"), q("count")
    before = flood.keyed_hits([first] if first else [], now)
    keyed = flood.keyed_hits(hits, now)
    # A consultation-wide counter is spread over SHARDS rows: one row that
    # every vote updates would serialise the votes on its lock (one commit at
    # a time). Its count is this vote's row plus the others, as they were
    # when the statement began: it may lag by the votes in flight.
    shard = random.randrange(SHARDS)  # noqa: S311 - spreading, not a secret
    others: list[tuple[str, list[str]]] = []
    for i, (key, limit, message) in enumerate(keyed):
        if key.startswith(flood.CONSULTATION_WIDE):
            keyed[i] = (f"{key}:{shard}", limit, message)
            rest = [pseudonym(f"{key}:{n}") for n in range(SHARDS) if n != shard]
            rest.append(pseudonym(key))  # counted there by proposals
            others.append((pseudonym(keyed[i][0]), rest))
    ctes: list[str] = []
    params: list[Any] = []
    gate = ""
    if before:
        sql, args = counting_cte("f", [(k, lim.period + 1) for k, lim, _ in before], at)
        ctes.append(sql)
        params += args
        ceiling = int(before[0][1].count)
        gate = f"NOT EXISTS (SELECT 1 FROM f WHERE f.{count_} > {ceiling})"  # noqa: S608
    sql, args = counting_cte(
        "c", [(k, lim.period + 1) for k, lim, _ in keyed], at, gate
    )
    ctes.append(sql)
    params += args
    counted = (
        f"SELECT {key_}, {count_} FROM f UNION ALL SELECT {key_}, {count_} FROM c"  # noqa: S608
        if before
        else f"SELECT {key_}, {count_} FROM c"  # noqa: S608
    )
    counter = _table(Counter)
    if others:
        ctes.append(
            "o AS ("
            + " UNION ALL ".join(
                [
                    f"SELECT %s::text AS k, (SELECT coalesce(sum({count_}), 0) "  # noqa: S608
                    f"FROM {counter} WHERE {key_} = ANY(%s::text[]) "
                    f"AND expires > %s::timestamptz) AS extra"
                ]
                * len(others)
            )
            + ")"
        )
        for own, rest in others:
            params += [own, rest, at]
    else:
        ctes.append("o AS (SELECT NULL::text AS k, 0::bigint AS extra)")
    ctes.append(
        f"n AS (SELECT x.{key_}, x.{count_} + coalesce(o.extra, 0) AS {count_} "  # noqa: S608
        f"FROM ({counted}) AS x LEFT JOIN o ON o.k = x.{key_})"
    )
    everything = before + keyed
    limits = ", ".join(["(%s::text, %s::integer)"] * len(everything))
    params += [statement_id, consultation_id, StatementStatus.ACCEPTED.value]
    for key, limit, _ in everything:
        params += [pseudonym(key), limit.count]
    statement, ballot, vote = _table(Statement), _table(Ballot), _table(Vote)
    ctes.append(
        f"s AS (SELECT id FROM {statement} WHERE id = %s::uuid "  # noqa: S608 - quoted names
        "AND consultation_id = %s::uuid AND status = %s AND NOT EXISTS ("
        f"SELECT 1 FROM n JOIN (VALUES {limits}) AS l(k, lim) "
        f"ON l.k = n.{key_} WHERE n.{count_} > l.lim))"
    )
    ctes.append(
        f"b AS (INSERT INTO {ballot} (id, consultation_id) "  # noqa: S608
        "SELECT %s::uuid, %s::uuid FROM s ON CONFLICT (id) DO NOTHING)"
    )
    ctes.append(
        f"w AS (INSERT INTO {vote} (id, ballot_id, statement_id, value) "  # noqa: S608
        "SELECT %s::uuid, %s::uuid, s.id, %s FROM s "
        "ON CONFLICT (ballot_id, statement_id) DO UPDATE SET value = excluded.value "
        "RETURNING 1)"
    )
    params += [ballot_id, consultation_id, uuid.uuid4(), ballot_id, value]
    last = f"SELECT {key_}, {count_} FROM n UNION ALL SELECT NULL, count(*) FROM w"  # noqa: S608
    sql = "WITH " + ", ".join(ctes) + " " + last
    rows = _execute_prepared(sql, params)
    purge_expired()
    written = 0
    counts: dict[str, int] = {}
    for key, count in rows:
        if key is None:
            written = int(count)
        else:
            counts[key] = int(count)
    flood.check(everything, [counts.get(pseudonym(k)) for k, _, _ in everything], now)
    return written == 1


def _execute_prepared(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Run ``sql`` with server-side binding as a prepared statement (parsed and
    planned once per connection, not at every vote), on Django's connection
    and in its transaction state, with Django's error wrapping. The rest of the
    application keeps Django's default client-side binding."""
    connection.ensure_connection()
    with connection.wrap_database_errors:
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchall()


def one_statement() -> bool:
    """Whether :func:`vote_counted` applies: PostgreSQL, counters in it."""
    return connection.vendor == "postgresql" and flood.in_database()
