"""Ballot stuffing: forged ``bc_ballot`` cookies are new voters.

The attack: post votes to the public JSON endpoint, each with a fresh,
well-formed cookie the server never issued. On the old code each was taken as
a returning voter (not counted as a new ballot), so a script could add
thousands of ballots past the new-ballot cap.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from backchannel.consultations.models import Ballot
from backchannel.consultations.public import BALLOT_COOKIE, ballot_is_ours
from backchannel.consultations.services import new_token
from tests.consultations.conftest import make_consultation, vote_json
from tests.world import World


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    # In the database (the default) each test's transaction starts them afresh;
    # Redis keeps them across tests.
    if isinstance(caches["flood"], RedisCache):
        caches["flood"].clear()


def test_forged_cookies_count_against_the_new_ballot_cap(
    world: World, settings: Any
) -> None:
    settings.CONSULTATION_FLOOD_LIMITS = {"consultation_ballots": "5/m"}
    opened = make_consultation(world)
    statement = opened.statements[0]
    statuses = []
    for _ in range(12):
        client = Client()
        client.cookies[BALLOT_COOKIE] = new_token()  # well formed, never issued
        statuses.append(vote_json(client, opened, statement, "agree").status_code)
    assert statuses.count(200) == 5
    assert statuses[5:] == [429] * 7
    assert Ballot.objects.count() == 5


@pytest.mark.parametrize(
    "forged",
    [
        lambda issued: new_token(),
        lambda issued: f"{new_token()}.{issued.split('.')[1]}",  # a stolen signature
        lambda issued: f"{issued.split('.')[0]}.{'A' * 43}",  # a made-up signature
        lambda issued: issued[:-1] + ("B" if issued[-1] != "B" else "C"),
    ],
)
def test_a_cookie_the_server_did_not_sign_gets_a_fresh_one(
    world: World, forged: Any
) -> None:
    opened = make_consultation(world)
    first = vote_json(Client(), opened, opened.statements[0], "agree")
    issued = first.cookies[BALLOT_COOKIE].value
    assert ballot_is_ours(issued, opened.consultation.pk)
    client = Client()
    client.cookies[BALLOT_COOKIE] = forged(issued)
    response = vote_json(client, opened, opened.statements[0], "disagree")
    assert response.status_code == 200
    fresh = response.cookies[BALLOT_COOKIE].value
    assert fresh != forged(issued) and ballot_is_ours(fresh, opened.consultation.pk)
    assert Ballot.objects.count() == 2


def test_an_issued_cookie_is_the_same_voter_and_not_a_new_ballot(
    world: World, settings: Any
) -> None:
    settings.CONSULTATION_FLOOD_LIMITS = {"consultation_ballots": "1/m"}
    opened = make_consultation(world)
    client = Client()
    assert vote_json(client, opened, opened.statements[0], "agree").status_code == 200
    for statement in opened.statements[1:]:
        response = vote_json(client, opened, statement, "agree")
        assert response.status_code == 200
        assert BALLOT_COOKIE not in response.cookies
    assert Ballot.objects.count() == 1


def test_a_rotated_secret_key_still_accepts_cookies_signed_before(
    world: World, settings: Any
) -> None:
    opened = make_consultation(world)
    client = Client()
    vote_json(client, opened, opened.statements[0], "agree")
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old]
    response = vote_json(client, opened, opened.statements[1], "agree")
    assert BALLOT_COOKIE not in response.cookies
    assert Ballot.objects.count() == 1


def test_a_cookie_signed_before_the_binding_is_honoured_only_where_it_voted(
    world: World,
) -> None:
    """Cookies issued before signatures covered the consultation keep their
    ballot there, and are a new voter in any other consultation."""
    from django.conf import settings as django_settings

    from backchannel.consultations.public import _ballot_signature

    home, elsewhere = make_consultation(world), make_consultation(world)
    token = new_token()
    old = f"{token}.{_ballot_signature(token, django_settings.SECRET_KEY, None)}"
    assert not ballot_is_ours(old, home.consultation.pk)  # no ballot there yet
    Ballot.objects.create(
        pk=Ballot.id_for(home.consultation.pk, old), consultation=home.consultation
    )
    assert ballot_is_ours(old, home.consultation.pk)
    assert not ballot_is_ours(old, elsewhere.consultation.pk)
    client = Client()
    client.cookies[BALLOT_COOKIE] = old
    response = vote_json(client, home, home.statements[0], "agree")
    assert response.status_code == 200 and BALLOT_COOKIE not in response.cookies
    response = vote_json(client, elsewhere, elsewhere.statements[0], "agree")
    assert response.status_code == 200 and BALLOT_COOKIE in response.cookies
