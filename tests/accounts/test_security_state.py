"""Issue 22.4: security state that cannot be evicted.

Used TOTP codes and login throttling live in django-allauth's default cache;
Django's database cache culled a third of its rows (in key order, live or not)
once past 300 entries, and the used-code markers went first: after 310 other
entries the same code was accepted again. Flood counters lived in a per-process
memory cache with the same limit.
"""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backchannel.core import counters
from backchannel.core.health import eviction_problem
from backchannel.core.models import Counter
from tests.accounts.test_mfa import _code, _login
from tests.world import World


def _fill(target: object, n: int = 400) -> None:
    for i in range(n):
        target.set(f"zz-filler-{i:04d}", "x" * 20, timeout=600)  # type: ignore[attr-defined]


@pytest.fixture
def mfa_on(settings: object) -> None:
    settings.BACKCHANNEL_REQUIRE_MFA = True  # type: ignore[attr-defined]


def test_a_used_totp_code_is_refused_after_the_cache_is_filled(
    world: World, mfa_on: None
) -> None:
    user = world.users["facilitator"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    code = _code(secret)
    first = Client()
    _login(first, "facilitator")
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302

    # Past the general cache's 300-entry limit: other entries and failed logins.
    _fill(cache)
    for _ in range(3):
        _login(Client(), "observer", "wrong password")

    second = Client()
    _login(second, "facilitator")
    replay = second.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200  # the form again, with an error
    assert second.get(reverse("processes:process-list")).status_code == 302


def test_login_throttling_survives_a_full_cache(world: World, client: Client) -> None:
    for _ in range(5):
        _login(client, "participant", "wrong password")
    _fill(cache)
    response = _login(client, "participant")
    assert b"Too many failed login attempts" in response.content


def test_expired_entries_still_leave(world: World) -> None:
    cache.set("aa-short-lived", "x", timeout=1)
    from backchannel.core.cache import SecurityStateCache

    backend = caches["default"]
    assert isinstance(backend, SecurityStateCache)
    table = backend._table
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET expires = %s WHERE cache_key LIKE %s",  # noqa: S608
            [timezone.now() - dt.timedelta(hours=1), "%aa-short-lived%"],
        )
    _fill(cache, 310)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} WHERE cache_key LIKE %s",  # noqa: S608
            ["%aa-short-lived%"],
        )
        assert cursor.fetchone()[0] == 0


def test_flood_counters_survive_a_full_cache(world: World, settings: object) -> None:
    from backchannel.consultations import flood
    from backchannel.consultations.flood import Flooded

    settings.CONSULTATION_FLOOD_LIMITS = {"ballot_votes": "3/m"}  # type: ignore[attr-defined]
    for _ in range(3):
        flood.hit("ballot_votes", "ballot-1", "too many")
    _fill(caches["flood"])
    _fill(cache)
    with pytest.raises(Flooded):
        flood.hit("ballot_votes", "ballot-1", "too many")


def test_counters_count_every_hit_and_restart_after_expiry(db: None) -> None:
    assert counters.count_hits([("a", 60), ("b", 60)]) == [1, 1]
    assert counters.count_hits([("a", 60)]) == [2]
    assert counters.count_hits([("b", 60), ("a", 60)]) == [2, 3]
    Counter.objects.filter(key=counters.pseudonym("a")).update(
        expires=timezone.now() - dt.timedelta(seconds=1)
    )
    assert counters.count_hits([("a", 60)]) == [1]


def test_expired_counters_are_purged(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    counters.count_hits([("old", 60)])
    Counter.objects.filter(key=counters.pseudonym("old")).update(
        expires=timezone.now() - dt.timedelta(seconds=1)
    )
    monkeypatch.setattr(counters, "_last_purge", float("-inf"))
    counters.count_hits([("new", 60)])
    assert list(Counter.objects.values_list("key", flat=True)) == [
        counters.pseudonym("new")
    ]


def test_doctor_names_a_redis_that_may_evict() -> None:
    assert eviction_problem("noeviction", 1 << 30) == ""
    assert eviction_problem("allkeys-lru", 0) == ""  # no memory limit: no eviction
    problem = eviction_problem("allkeys-lru", 1 << 30)
    assert "maxmemory-policy noeviction" in problem
    assert "volatile-lru" in eviction_problem("volatile-lru", 1 << 30)


def test_counter_rows_keep_neither_the_key_nor_the_second(db: None) -> None:
    counters.count_hits([("bc:flood:ballot_votes:some-ballot:7", 61)])
    (row,) = Counter.objects.all()
    assert "some-ballot" not in row.key and row.key == counters.pseudonym(
        "bc:flood:ballot_votes:some-ballot:7"
    )
    assert (row.expires.second, row.expires.microsecond) == (0, 0)
    assert row.expires >= timezone.now() + dt.timedelta(seconds=60)


def test_failed_logins_count_together_whatever_host_name_they_came_by(
    world: World,
) -> None:
    # allauth's throttle row starts with the request's host (and port): five
    # failures split across two names of the deployment counted as two rows.
    hosts = ["localhost", "127.0.0.1"]
    for i in range(5):
        _login(Client(HTTP_HOST=hosts[i % 2]), "participant", "wrong password")
    response = _login(Client(HTTP_HOST="localhost"), "participant")
    assert b"Too many failed login attempts" in response.content
