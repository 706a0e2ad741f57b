"""Voting through the public link: one vote per ballot and statement, a re-vote
updates it; the ballot lives in a cookie; nothing else is accepted."""

from __future__ import annotations

from django.test import Client

from backchannel.consultations.models import Ballot, Vote
from backchannel.consultations.public import BALLOT_COOKIE
from backchannel.consultations.services import (
    consultation_update,
    statement_moderate,
)
from tests.consultations.conftest import (
    SEEDS,
    Open,
    make_consultation,
    vote_form,
    vote_json,
)
from tests.web.conftest import without_csrf
from tests.world import World


def test_the_voting_page_shows_one_statement_at_a_time_with_three_buttons(
    client: Client, opened: Open
) -> None:
    html = client.get(opened.vote_url).content.decode()
    assert SEEDS[0] in html and SEEDS[1] not in html
    assert "Statement 1 of 5" in html
    for label in ("Agree", "Disagree", "Pass / unsure"):
        assert f">{label}</button>" in html
    assert "<script" not in html and " style=" not in html
    assert "What should happen to the river?" in html


def test_the_same_ballot_voting_twice_on_a_statement_counts_once(
    client: Client, opened: Open
) -> None:
    first = opened.statements[0]
    assert vote_form(client, opened, first, "agree").status_code == 303
    assert vote_form(client, opened, first, "agree").status_code == 303
    assert Vote.objects.count() == 1
    assert Ballot.objects.count() == 1


def test_a_re_vote_updates_the_vote(client: Client, opened: Open) -> None:
    first = opened.statements[0]
    vote_form(client, opened, first, "agree")
    vote_json(client, opened, first, "disagree")
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


def test_after_a_vote_the_next_statement_comes(client: Client, opened: Open) -> None:
    vote_form(client, opened, opened.statements[0], "pass")
    html = client.get(opened.vote_url).content.decode()
    assert SEEDS[1] in html and "Statement 2 of 5" in html
    for statement in opened.statements[1:]:
        vote_form(client, opened, statement, "agree")
    html = client.get(opened.vote_url).content.decode()
    assert "You have voted on every statement" in html


def test_the_ballot_cookie_is_httponly_samesite_lax_and_scoped_to_the_link(
    client: Client, opened: Open
) -> None:
    assert BALLOT_COOKIE not in client.get(opened.vote_url).cookies
    response = vote_form(client, opened, opened.statements[0], "agree")
    cookie = response.cookies[BALLOT_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == opened.vote_url
    # Only its hash is stored: the token is nowhere in the ballot's row.
    ballot = Ballot.objects.get()
    assert cookie.value not in str(ballot.pk)
    assert ballot.pk == Ballot.id_for(opened.consultation.pk, cookie.value)


def test_two_browsers_are_two_ballots(opened: Open) -> None:
    for _ in range(2):
        vote_form(Client(), opened, opened.statements[0], "agree")
    assert Ballot.objects.count() == 2
    assert Vote.objects.count() == 2


def test_the_json_endpoint_records_a_vote_and_is_idempotent(
    client: Client, opened: Open
) -> None:
    statement = opened.statements[2]
    for _ in range(3):
        response = vote_json(client, opened, statement, "agree")
        assert response.status_code == 200
        assert response.json() == {"statement": str(statement.pk), "vote": 1}
    assert Vote.objects.filter(statement=statement, value=1).count() == 1
    assert vote_json(client, opened, statement, -1).json()["vote"] == -1


def test_the_json_endpoint_refuses_cross_site_and_non_json_requests(
    client: Client, opened: Open
) -> None:
    statement = opened.statements[0]
    cross = vote_json(
        client, opened, statement, "agree", HTTP_ORIGIN="https://elsewhere.example"
    )
    assert cross.status_code == 403
    fetch = vote_json(
        client, opened, statement, "agree", HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert fetch.status_code == 403
    form = client.post(
        opened.json_url, {"statement": str(statement.pk), "vote": "agree"}
    )
    assert form.status_code == 415
    same = vote_json(
        client, opened, statement, "agree", HTTP_ORIGIN="http://testserver"
    )
    assert same.status_code == 200
    assert Vote.objects.count() == 1


def test_the_voting_form_needs_its_csrf_token(opened: Open) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = vote_form(strict, opened, opened.statements[0], "agree")
    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_bad_votes_are_refused_and_change_nothing(
    client: Client, opened: Open, world: World
) -> None:
    statement = opened.statements[0]
    assert vote_json(client, opened, statement, "maybe").status_code == 422
    assert vote_json(client, opened, statement, 2).status_code == 422
    assert vote_json(client, opened, "not-an-id", "agree").status_code == 404
    other = make_consultation(world)
    foreign = vote_json(client, opened, other.statements[0], "agree")
    assert foreign.status_code == 404
    assert vote_form(client, opened, statement, "").status_code == 422
    assert not Vote.objects.exists()


def test_rejected_and_pending_statements_take_no_votes_and_are_not_shown(
    client: Client, opened: Open, world: World
) -> None:
    access = world.access("facilitator")
    rejected = opened.statements[0]
    statement_moderate(access=access, statement=rejected, status="rejected")
    html = client.get(opened.vote_url).content.decode()
    assert SEEDS[0] not in html and "Statement 1 of 4" in html
    assert vote_json(client, opened, rejected, "agree").status_code == 404
    statement_moderate(access=access, statement=rejected, status="pending")
    assert vote_json(client, opened, rejected, "agree").status_code == 404
    assert not Vote.objects.exists()


def test_a_closed_consultation_takes_no_votes_but_says_so(
    client: Client, opened: Open, world: World
) -> None:
    consultation_update(
        access=world.access("facilitator"),
        consultation=opened.consultation,
        status="closed",
    )
    assert "has closed" in client.get(opened.vote_url).content.decode()
    assert vote_json(client, opened, opened.statements[0], "agree").status_code == 409
    assert vote_form(client, opened, opened.statements[0], "agree").status_code == 403
    assert not Vote.objects.exists()


def test_draft_and_unknown_links_answer_the_same_404(
    client: Client, world: World
) -> None:
    draft = make_consultation(world, status="draft")
    unknown = client.get("/c/" + "x" * 43 + "/")
    response = client.get(draft.vote_url)
    assert response.status_code == unknown.status_code == 404
    # Byte for byte, but for the per-response CSRF token of the language switcher.
    assert without_csrf(response.content) == without_csrf(unknown.content)
    assert vote_json(client, draft, draft.statements[0], "agree").status_code == 404


def test_the_public_pages_never_link_into_the_workspace(
    client: Client, opened: Open
) -> None:
    html = client.get(opened.vote_url).content.decode()
    assert "/processes/" not in html and "/login/" not in html
    assert 'href="http' not in html and 'src="http' not in html


def test_a_vote_on_a_statement_withdrawn_meanwhile_moves_on_to_the_next(
    client: Client, opened: Open, world: World
) -> None:
    shown = opened.statements[0]
    statement_moderate(
        access=world.access("facilitator"), statement=shown, status="rejected"
    )
    response = vote_form(client, opened, shown, "agree")
    assert response.status_code == 303 and response["Location"] == opened.vote_url
    assert SEEDS[1] in client.get(opened.vote_url).content.decode()
    assert not Vote.objects.exists()
