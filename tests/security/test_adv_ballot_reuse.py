"""Adversary: ballot cookies harvested in one consultation are "returning
voters" in another, past its new-ballot cap.

The ballot signature covers the token only, not the consultation, and the
cookie is honoured by any consultation's vote endpoint. A script that collects
signed cookies in other consultations (each within their own cap, at any
earlier time) then votes in the target with all of them at once: none counts
as a new ballot there. With ``consultation_ballots`` at 4 a minute, 12 new
ballots vote in the target.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from backchannel.consultations.models import Vote
from backchannel.consultations.public import BALLOT_COOKIE
from tests.consultations.conftest import make_consultation, vote_json
from tests.world import World


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    if isinstance(caches["flood"], RedisCache):
        caches["flood"].clear()


def test_cookies_from_other_consultations_count_as_new_ballots(
    world: World, settings: Any
) -> None:
    settings.CONSULTATION_FLOOD_LIMITS = {"consultation_ballots": "4/m"}
    sources = [make_consultation(world) for _ in range(3)]
    target = make_consultation(world)
    harvested = []
    for source in sources:
        for _ in range(4):
            response = vote_json(Client(), source, source.statements[0], "pass")
            assert response.status_code == 200
            harvested.append(response.cookies[BALLOT_COOKIE].value)
    accepted = 0
    for cookie in harvested:
        client = Client()
        client.cookies[BALLOT_COOKIE] = cookie
        if vote_json(client, target, target.statements[0], "agree").status_code == 200:
            accepted += 1
    ballots = (
        Vote.objects.filter(statement__consultation=target.consultation)
        .values("ballot_id")
        .distinct()
        .count()
    )
    assert ballots <= 4, f"{ballots} new ballots voted in the target past a cap of 4"
