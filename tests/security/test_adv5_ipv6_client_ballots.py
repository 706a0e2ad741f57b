"""Adversary (round 5): one IPv6 client locks new voters out of a consultation.

README, "A differencer, a ballot stuffer, an outside script": "*One client
cannot lock new voters out*: besides the consultation's new-ballot cap
(``consultation_ballots``, 1,200 a minute), new ballots are limited per client
(``client_ballots``, 60 a minute per consultation), keyed by a pseudonym of the
address".

Attack (a ballot stuffer on an ordinary IPv6 connection): ``core.clients``
keys the per-client limit on the whole ``REMOTE_ADDR``. Any home or cloud IPv6
connection is handed a /64 at least (2^64 addresses) and can send each request
from another one, so every new ballot counts as a new client: the per-client
limit never applies, the script uses up ``consultation_ballots`` alone, and
every genuine new voter is refused for the rest of the minute, again each
minute. Severity: medium (denial of a public consultation to new voters, and
the per-client limit the README promises does nothing for IPv6 clients).

Control: the same requests from one address are stopped at the per-client
limit, so the test fails only on the address rotation.
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.consultations.conftest import make_consultation, vote_json
from tests.world import World

LIMIT = 5


def _new_voters(world: World, settings: Any, addresses: list[str]) -> list[int]:
    settings.CONSULTATION_FLOOD_LIMITS = {
        "client_ballots": f"{LIMIT}/m",
        "consultation_ballots": "1000/m",
    }
    opened = make_consultation(world)
    codes = []
    for address in addresses:
        client = Client(REMOTE_ADDR=address)  # no cookie: a new ballot each time
        codes.append(
            vote_json(client, opened, opened.statements[0], "agree").status_code
        )
    return codes


def test_new_ballots_from_one_address_stop_at_the_client_limit(
    world: World, settings: Any
) -> None:
    codes = _new_voters(world, settings, ["2001:db8:1:2::1"] * (LIMIT + 3))
    assert codes[:LIMIT] == [200] * LIMIT
    assert set(codes[LIMIT:]) == {429}


def test_new_ballots_from_one_ipv6_prefix_stop_at_the_client_limit(
    world: World, settings: Any
) -> None:
    addresses = [f"2001:db8:1:2::{n:x}" for n in range(1, LIMIT + 4)]
    codes = _new_voters(world, settings, addresses)
    assert codes[:LIMIT] == [200] * LIMIT
    assert set(codes[LIMIT:]) == {429}, (
        f"{codes.count(200)} new ballots from one /64 past a per-client limit of "
        f"{LIMIT}"
    )
