"""Anti-flood limits per ballot and per consultation answer 429, and keep no
client address or user agent: not in a table, not in a cache key, not in a log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from backchannel.consultations.models import Vote
from tests.consultations.conftest import Open, make_consultation, vote_form, vote_json
from tests.security.test_no_metadata_trail import MARK_IP, MARK_UA, _decoded_cache
from tests.security.test_seizure_drill import _logical_dump
from tests.world import World


@pytest.fixture
def tight(settings: Any) -> None:
    settings.CONSULTATION_FLOOD_LIMITS = {
        "ballot_votes": "3/m",
        "consultation_votes": "7/m",
        "consultation_ballots": "4/m",
    }


def test_a_ballot_past_its_limit_gets_a_clear_429(
    client: Client, opened: Open, tight: None
) -> None:
    for statement in opened.statements[:3]:
        assert vote_json(client, opened, statement, "agree").status_code == 200
    response = vote_json(client, opened, opened.statements[3], "agree")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Too many votes" in response.json()["detail"]
    page = vote_form(client, opened, opened.statements[3], "agree")
    assert page.status_code == 429
    assert "Slow down" in page.content.decode() and page["Retry-After"]
    # Another voter is not held back by this one.
    assert vote_json(Client(), opened, opened.statements[3], "agree").status_code == 200
    assert Vote.objects.count() == 4


def test_the_consultation_has_a_ceiling_for_votes_and_for_new_voters(
    opened: Open, world: World, tight: None
) -> None:
    statuses = [
        vote_json(Client(), opened, opened.statements[0], "agree").status_code
        for _ in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]  # four new ballots a minute
    voter = Client()
    vote_json(voter, opened, opened.statements[0], "agree")  # still the 5th new one
    other = make_consultation(world)
    assert vote_json(Client(), other, other.statements[0], "agree").status_code == 200
    assert Vote.objects.filter(statement__consultation=opened.consultation).count() == 4


def test_one_client_cannot_use_up_the_new_voters_of_everyone(
    opened: Open, settings: Any
) -> None:
    """A script that drops its cookie each time is held by the per-client
    limit (a keyed pseudonym of its address), before the consultation's cap:
    voters at other addresses still get in."""
    settings.CONSULTATION_FLOOD_LIMITS = {
        "client_ballots": "2/m",
        "consultation_ballots": "5/m",
    }
    script = [
        vote_json(
            Client(REMOTE_ADDR="203.0.113.9"), opened, opened.statements[0], "agree"
        )
        for _ in range(4)
    ]
    assert [r.status_code for r in script] == [200, 200, 429, 429]
    assert "from your connection" in script[-1].json()["detail"]
    for n in range(3):  # three other people, each at their own address
        other = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert (
            vote_json(other, opened, opened.statements[0], "agree").status_code == 200
        )
    # a voter who keeps their cookie is not a new ballot: not held back
    kept = Client(REMOTE_ADDR="203.0.113.9")
    assert vote_json(kept, opened, opened.statements[1], "agree").status_code == 429
    assert Vote.objects.count() == 5


def test_flooding_and_voting_store_no_address_or_user_agent(
    opened: Open, tight: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    marked = Client(REMOTE_ADDR=MARK_IP, HTTP_USER_AGENT=MARK_UA)
    for statement in opened.statements:
        vote_json(marked, opened, statement, "agree")
        vote_form(marked, opened, statement, "disagree")
    marked.post(f"{opened.vote_url}propose/", {"text": "A proposal"})
    assert Vote.objects.exists()
    from backchannel.core.models import Counter

    flood_keys = "\n".join(Counter.objects.values_list("key", flat=True))
    stored = "\n".join([_logical_dump(), _decoded_cache(), flood_keys, caplog.text])
    assert flood_keys  # counted in the database, under keyed pseudonyms only
    assert "bc:flood" not in flood_keys
    assert MARK_IP not in stored and "198.51.100" not in stored
    assert "bc-ua-marker" not in stored and "MarkerBrowser" not in stored


@pytest.fixture
def redis_flood(settings: Any) -> Any:
    """The flood counters in Redis, as deployed at scale (skipped without one)."""
    import os
    import uuid

    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {url}: set REDIS_URL to test the shared counters")
    settings.CACHES = {
        **settings.CACHES,
        "flood": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        },
    }
    yield
    caches["flood"].clear()


def test_the_limits_hold_with_the_counters_in_redis(
    client: Client, opened: Open, tight: None, redis_flood: None
) -> None:
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["flood"], RedisCache)
    for statement in opened.statements[:3]:
        assert vote_json(client, opened, statement, "agree").status_code == 200
    assert vote_json(client, opened, opened.statements[3], "agree").status_code == 429
    statuses = [
        vote_json(Client(), opened, opened.statements[0], "agree").status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]  # 4 new ballots a minute in all


def test_the_limit_speaks_the_voters_language(
    client: Client, opened: Open, tight: None
) -> None:
    """The flood messages are translated (issue 16): a French voter past the
    limit reads French, on the JSON answer and on the page."""
    for statement in opened.statements[:3]:
        vote_json(client, opened, statement, "agree", HTTP_ACCEPT_LANGUAGE="fr")
    response = vote_json(
        client, opened, opened.statements[3], "agree", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Trop de votes en peu de temps")
    english = vote_json(client, opened, opened.statements[3], "agree")
    assert english.json()["detail"].startswith("Too many votes in a short time")
