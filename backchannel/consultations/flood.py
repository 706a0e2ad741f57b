"""Anti-flood limits of public consultations, without keeping client addresses.

Fixed-window counters in Redis when ``REDIS_URL`` is set, otherwise in the
database (``backchannel.core.counters``): every server shares them and nothing
evicts them before their window ends. They are keyed by what the
public side of a consultation knows: the ballot (its id, itself a hash of the
cookie), the consultation id and, for new ballots only, a keyed pseudonym of the
client's address that rotates daily. The address itself is never kept.

Limits are ``"<count>/<period>"`` with a period of ``s``, ``m``, ``h`` or ``d``
(as in django-allauth), set in ``settings.CONSULTATION_FLOOD_LIMITS``:

``ballot_votes``
    votes (and re-votes) of one ballot;
``consultation_votes``
    votes of everyone in one consultation: a ceiling that protects the database;
``consultation_ballots``
    new ballots in one consultation: dropping the cookie makes a new voter, so
    this bounds what a script can do by starting afresh each time;
``client_ballots``
    new ballots in one consultation from one client (a keyed, daily-rotating
    pseudonym of its address, ``core.clients``; the address is never kept):
    one script starting afresh each time cannot use up ``consultation_ballots``
    and lock everyone else out. Generous, for voters behind one shared address;
``ballot_statements`` / ``consultation_statements``
    statements proposed, which wait in the moderation queue.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from backchannel.core.counters import count_hits, count_total
from backchannel.core.errors import BackchannelError

DEFAULT_LIMITS = {
    "ballot_votes": "120/m",
    "consultation_votes": "60000/m",
    "consultation_ballots": "1200/m",
    "client_ballots": "60/m",
    "ballot_statements": "5/h",
    "consultation_statements": "120/h",
}
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class Flooded(BackchannelError):
    """Too many requests of one kind: answer 429 with ``Retry-After``."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    count: int
    period: int

    @classmethod
    def parse(cls, name: str, text: str) -> Limit:
        try:
            count, unit = text.strip().split("/")
            return cls(int(count), PERIODS[unit.strip()])
        except (ValueError, KeyError):
            raise ValueError(
                f"Consultation flood limit {name}={text!r} is not valid: write it as "
                "COUNT/PERIOD with a period of s, m, h or d, e.g. 120/m."
            ) from None


def limits() -> dict[str, Limit]:
    configured: dict[str, Any] = getattr(settings, "CONSULTATION_FLOOD_LIMITS", {})
    return _parsed(tuple(sorted(configured.items())))


@functools.lru_cache(maxsize=8)
def _parsed(items: tuple[tuple[str, Any], ...]) -> dict[str, Limit]:
    configured = dict(items)
    unknown = sorted(set(configured) - set(DEFAULT_LIMITS))
    if unknown:
        raise ValueError(
            f"Unknown consultation flood limit {unknown[0]!r}: use one of "
            f"{', '.join(DEFAULT_LIMITS)}."
        )
    merged = {**DEFAULT_LIMITS, **configured}
    return {name: Limit.parse(name, text) for name, text in merged.items()}


Hit = tuple[str, Any, Any]  # (kind, key, message if over the limit, may be lazy)


def hit(kind: str, key: Any, message: Any) -> None:
    """Count one request of ``kind`` for ``key``; raise ``Flooded`` past the limit."""
    hit_all([(kind, key, message)])


def hit_all(hits: list[Hit]) -> None:
    """Count several at once (one round trip to Redis); raise ``Flooded`` for
    the first limit passed. Every counter is counted either way."""
    now = time.time()
    keyed = keyed_hits(hits, now)
    cache = caches["flood"]
    if isinstance(cache, RedisCache):
        counts = _count_in_redis(cache, [(k, lim.period + 1) for k, lim, _ in keyed])
    else:  # the database: shared by every server, never culled
        counts = count_hits([(k, lim.period + 1) for k, lim, _ in keyed])
        if connection.vendor == "postgresql":  # votes count in shards there
            for i, (key, _, _) in enumerate(keyed):
                if key.startswith(CONSULTATION_WIDE):
                    counts[i] += count_total([f"{key}:{n}" for n in range(SHARDS)])
    check(keyed, list(counts), now)


#: Rows a consultation-wide counter is spread over by the one-statement vote
#: (``consultations.fastvote``); the other paths count its base key, and each
#: path's count includes the other's rows.
SHARDS = 16
CONSULTATION_WIDE = ("bc:flood:consultation_votes:", "bc:flood:consultation_ballots:")


Keyed = tuple[str, Limit, Any]  # (counter key of this window, limit, message)


def keyed_hits(hits: list[Hit], now: float) -> list[Keyed]:
    """Each hit's counter key in the current window of its limit."""
    table = limits()
    keyed = []
    for kind, key, message in hits:
        limit = table[kind]
        window = int(now // limit.period)
        keyed.append((f"bc:flood:{kind}:{key}:{window}", limit, message))
    return keyed


def check(keyed: list[Keyed], counts: list[int | None], now: float) -> None:
    """Raise ``Flooded`` for the first count past its limit (``None``: not
    counted)."""
    for (_, limit, message), count in zip(keyed, counts, strict=True):
        if count is not None and count > limit.count:
            retry_after = max(1, int(limit.period - now % limit.period) + 1)
            # The message may be lazy (gettext_lazy): in the language of this request.
            raise Flooded(str(message), retry_after)


def in_database() -> bool:
    """Whether the counters are in the database (no Redis ``flood`` cache)."""
    return not isinstance(caches["flood"], RedisCache)


def _count_in_redis(cache: RedisCache, keys: list[tuple[str, int]]) -> list[int]:
    """SET NX EX then INCR for every key, pipelined: one round trip per request."""
    # The client is private to RedisCache (django-stubs does not declare it).
    client = cast(Any, cache)._cache.get_client(write=True)
    pipe = client.pipeline(transaction=False)
    for key, ttl in keys:
        full = cache.make_and_validate_key(key)
        pipe.set(full, 0, nx=True, ex=ttl)
        pipe.incr(full)
    replies = pipe.execute()
    return [int(n) for n in replies[1::2]]
