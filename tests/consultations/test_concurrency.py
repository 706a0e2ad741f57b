"""Concurrent voters against a live server: every acknowledged vote is stored
once; a ballot voting from several connections at once still counts once per
statement."""

from __future__ import annotations

import json
import threading
import urllib.request
from http.cookiejar import CookieJar
from typing import Any

import pytest

from backchannel.consultations.models import Ballot, Vote
from backchannel.consultations.public import BALLOT_COOKIE, issue_ballot
from tests.consultations.conftest import make_consultation

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
REPEATS = 3


def _post(opener: Any, url: str, statement: str, vote: str, cookie: str = "") -> int:
    request = urllib.request.Request(  # noqa: S310 - the live server's http URL
        url,
        data=json.dumps({"statement": statement, "vote": vote}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    if cookie:
        request.add_header("Cookie", f"{BALLOT_COOKIE}={cookie}")
    with opener.open(request, timeout=30) as response:
        return int(response.status)


def test_concurrent_votes_are_neither_lost_nor_counted_twice(
    live_server: Any, world: Any, settings: Any
) -> None:
    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain HTTP
    opened = make_consultation(world)
    url = live_server.url + opened.json_url
    statements = [str(s.pk) for s in opened.statements]
    shared = issue_ballot(
        opened.consultation.pk
    )  # one voter with several tabs open (a cookie we issued)
    acknowledged: list[tuple[str, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def voter(n: int) -> None:
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        plain = urllib.request.build_opener()
        try:
            for _ in range(REPEATS):
                for i, statement in enumerate(statements):
                    value = "agree" if (n + i) % 2 else "disagree"
                    if _post(opener, url, statement, value) == 200:
                        ballot = next(c.value for c in jar if c.name == BALLOT_COOKIE)
                        with lock:
                            acknowledged.append((ballot, statement))
                    if _post(plain, url, statement, value, cookie=shared) == 200:
                        with lock:
                            acknowledged.append((shared, statement))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=voter, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(acknowledged) == THREADS * REPEATS * len(statements) * 2
    distinct = set(acknowledged)
    assert len(distinct) == (THREADS + 1) * len(statements)
    assert Vote.objects.count() == len(distinct)
    assert Ballot.objects.count() == THREADS + 1
    stored = {
        (b.hex, str(s))
        for b, s in Vote.objects.values_list("ballot_id", "statement_id")
    }
    expected = {
        (Ballot.id_for(opened.consultation.pk, token).hex, s) for token, s in distinct
    }
    assert stored == expected
