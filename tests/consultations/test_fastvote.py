"""The lean vote path (``consultations.middleware`` and ``consultations.fastvote``)
keeps every rule of the JSON vote: a forged cookie is a new ballot counted
against the cap, a closed consultation and a foreign statement write nothing,
the flood limits hold, and every vote is stored once.

On PostgreSQL (``DATABASE_URL``) the vote goes through the one-statement path;
on SQLite through the two-step one: the same tests hold on both."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from backchannel.consultations import fastvote
from backchannel.consultations.models import Ballot, ConsultationStatus, Vote
from backchannel.consultations.public import BALLOT_COOKIE
from backchannel.consultations.services import consultation_update
from backchannel.core.counters import pseudonym
from backchannel.core.models import Counter
from tests.consultations.conftest import Open, make_consultation, vote_json
from tests.world import World


def _vote_and_trace(client: Client, opened: Open, statement: Any, vote: str) -> Any:
    """The vote, and whether the middleware below the fast path ran (the
    session middleware sets ``request.session``)."""
    response = vote_json(client, opened, statement, vote)
    return response, hasattr(response.wsgi_request, "session")


def test_the_vote_skips_the_session_and_auth_middleware_but_keeps_the_headers(
    client: Client, opened: Open
) -> None:
    response, session_ran = _vote_and_trace(
        client, opened, opened.statements[0], "agree"
    )
    assert response.status_code == 200
    assert not session_ran
    assert not hasattr(response.wsgi_request, "user")
    assert (
        response["Content-Security-Policy"] and response["Cache-Control"] == "no-store"
    )
    assert response["X-Frame-Options"] == "DENY"
    # Any other request takes the whole stack.
    page = client.get(opened.vote_url)
    assert hasattr(page.wsgi_request, "session")


def _close(opened: Open, world: World) -> None:
    consultation_update(
        access=world.access("facilitator"),
        consultation=opened.consultation,
        status=ConsultationStatus.CLOSED,
    )


def test_the_lean_path_answers_in_the_voters_language(
    opened: Open, world: World
) -> None:
    _close(opened, world)
    voter = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = vote_json(voter, opened, opened.statements[0], "agree")
    assert response.status_code == 409
    assert response["Content-Language"] == "fr"
    assert "closed" not in response.json()["detail"]  # not the English message


def test_a_forged_cookie_is_a_new_ballot_counted_against_the_cap(
    opened: Open, settings: Any
) -> None:
    settings.CONSULTATION_FLOOD_LIMITS = {"consultation_ballots": "2/m"}
    forged = "A" * 43 + "." + "B" * 43
    statuses = []
    for _ in range(3):
        voter = Client()
        voter.cookies[BALLOT_COOKIE] = forged
        response = vote_json(voter, opened, opened.statements[0], "agree")
        statuses.append(response.status_code)
        if response.status_code == 200:  # a fresh, signed cookie replaces it
            assert response.cookies[BALLOT_COOKIE].value != forged
    assert statuses == [200, 200, 429]
    assert Vote.objects.count() == 2
    assert not Ballot.objects.filter(pk=Ballot.id_for(opened.consultation.pk, forged))


def test_a_closed_consultation_and_a_foreign_statement_write_nothing(
    client: Client, opened: Open, world: World
) -> None:
    other = make_consultation(world)
    foreign = vote_json(client, opened, other.statements[0], "agree")
    assert foreign.status_code == 404
    unknown = vote_json(client, opened, uuid.uuid4(), "agree")
    assert unknown.status_code == 404
    assert not Vote.objects.exists() and not Ballot.objects.exists()
    _close(opened, world)
    closed = vote_json(client, opened, opened.statements[0], "agree")
    assert closed.status_code == 409
    assert not Vote.objects.exists() and not Ballot.objects.exists()


def test_a_ballot_past_its_limit_writes_nothing_more(
    client: Client, opened: Open, settings: Any
) -> None:
    settings.CONSULTATION_FLOOD_LIMITS = {"ballot_votes": "2/m"}
    codes = [
        vote_json(client, opened, s, "agree").status_code for s in opened.statements[:4]
    ]
    assert codes == [200, 200, 429, 429]
    assert Vote.objects.count() == 2
    assert set(Vote.objects.values_list("statement_id", flat=True)) == {
        s.pk for s in opened.statements[:2]
    }


def test_a_client_past_its_limit_does_not_use_up_the_consultations_cap(
    opened: Open, settings: Any
) -> None:
    settings.CONSULTATION_FLOOD_LIMITS = {
        "client_ballots": "1/m",
        "consultation_ballots": "3/m",
    }
    script = [
        vote_json(
            Client(REMOTE_ADDR="203.0.113.7"), opened, opened.statements[0], "agree"
        )
        for _ in range(4)
    ]
    assert [r.status_code for r in script] == [200, 429, 429, 429]
    others = [
        vote_json(
            Client(REMOTE_ADDR=f"198.51.100.{n}"), opened, opened.statements[0], "agree"
        ).status_code
        for n in (1, 2, 3)
    ]
    assert others == [200, 200, 429]  # the cap counted 1 + 2, not the script's 429s


def test_every_vote_is_stored_once_and_a_revote_updates_it(
    client: Client, opened: Open
) -> None:
    for vote in ("agree", "disagree", "agree", "pass"):
        assert vote_json(client, opened, opened.statements[0], vote).status_code == 200
    for statement in opened.statements[1:]:
        assert vote_json(client, opened, statement, "agree").status_code == 200
    votes = Vote.objects.filter(statement__consultation=opened.consultation)
    assert votes.count() == len(opened.statements)
    assert votes.get(statement=opened.statements[0]).value == 0
    assert Ballot.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement path is PostgreSQL's"
)
def test_on_postgresql_a_vote_is_one_statement_and_the_cap_spans_every_shard(
    opened: Open, settings: Any
) -> None:
    assert fastvote.one_statement()
    settings.CONSULTATION_FLOOD_LIMITS = {"consultation_votes": "5/m"}
    codes = [
        vote_json(Client(), opened, opened.statements[0], "agree").status_code
        for _ in range(8)
    ]
    # Five votes, wherever each one's shard fell, then the ceiling.
    assert codes == [200] * 5 + [429] * 3
    assert Vote.objects.count() == 5
    now = int(time.time() // 60)
    shards = Counter.objects.filter(
        key__in=[
            pseudonym(f"bc:flood:consultation_votes:{opened.consultation.pk}:{w}:{n}")
            for w in (now - 1, now)
            for n in range(fastvote.SHARDS)
        ]
    )
    # Every vote was counted (the refused ones too), over several rows.
    assert sum(shards.values_list("count", flat=True)) == 8
    assert shards.count() > 1
