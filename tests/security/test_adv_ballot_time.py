"""Adversary (database thief): when did this ballot vote?

README: a public voter's ballot keeps "no address, no user agent, no time of day
stored" (only the day). The flood counters are rows of the same database
(``core_counter``): after a vote, one is keyed
``bc:flood:ballot_votes:<ballot id>:<window number>`` with an ``expires`` to the
microsecond, i.e. the ballot id next to the time of its first vote in the window
(and the same for proposals). A copy of the database taken then (or a backup)
ties each ballot, and so its votes, to a time of day.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from backchannel.consultations.models import Ballot
from backchannel.core.models import Counter
from tests.consultations.conftest import make_consultation, vote_json
from tests.world import World


@pytest.fixture(autouse=True)
def _database_counters() -> None:
    if isinstance(caches["flood"], RedisCache):
        pytest.skip("counters in Redis: the database holds none")


def test_no_row_ties_a_ballot_to_a_time_of_day(world: World, settings: Any) -> None:
    opened = make_consultation(world)
    assert vote_json(Client(), opened, opened.statements[0], "agree").status_code == 200
    (ballot,) = Ballot.objects.all()
    naming = [
        (c.key, c.expires)
        for c in Counter.objects.all()
        if ballot.pk.hex in c.key or str(ballot.pk) in c.key
    ]
    assert naming == [], f"the database ties the ballot to a time: {naming}"
