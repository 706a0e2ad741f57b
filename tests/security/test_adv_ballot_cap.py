"""Adversary: fresh ballots past the new-ballot cap, through the propose form.

README: a cookie-less or forged-cookie visitor "is a new voter with a fresh
cookie, counted against the new-ballot limit". ``POST /c/<token>/propose/``
without a cookie creates a ballot (and sets its cookie) without counting it as
a new ballot; the script then votes with that cookie as a "returning" voter.
With ``consultation_ballots`` at 5 per minute, 12 ballots vote.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.urls import reverse

from backchannel.consultations.models import Ballot, Vote
from backchannel.consultations.public import BALLOT_COOKIE
from tests.consultations.conftest import make_consultation, vote_json
from tests.world import World


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    if isinstance(caches["flood"], RedisCache):
        caches["flood"].clear()


def test_proposing_without_a_cookie_counts_as_a_new_ballot(
    world: World, settings: Any
) -> None:
    settings.CONSULTATION_FLOOD_LIMITS = {"consultation_ballots": "5/m"}
    opened = make_consultation(world)
    propose_url = reverse("consultations:propose", args=[opened.link])
    voted = 0
    for i in range(12):
        client = Client()  # no cookie: a brand-new voter each time
        proposed = client.post(
            propose_url, {"text": f"The river needs a joint survey number {i}"}
        )
        if BALLOT_COOKIE in proposed.cookies:
            client.cookies[BALLOT_COOKIE] = proposed.cookies[BALLOT_COOKIE].value
        if vote_json(client, opened, opened.statements[0], "agree").status_code == 200:
            voted += 1
    voting_ballots = Vote.objects.values("ballot_id").distinct().count()
    assert voting_ballots <= 5 and voted <= 5, (
        f"{voting_ballots} ballots voted ({Ballot.objects.count()} created) past a "
        "cap of 5 new ballots a minute"
    )
