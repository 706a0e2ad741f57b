"""Statements proposed by voters wait for moderation; facilitators add seeds,
accept and reject, on the web and through the services."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from backchannel.consultations.models import Statement
from backchannel.consultations.services import consultation_update
from backchannel.core.models import AuditEvent
from tests.consultations.conftest import Open, vote_json
from tests.web.conftest import as_role
from tests.world import World

PROPOSAL = "Ferries across the Kessa should run every hour."


def _propose(client: Client, opened: Open, text: str = PROPOSAL) -> object:
    return client.post(
        reverse("consultations:propose", args=[opened.link]), {"text": text}
    )


def test_a_proposed_statement_waits_for_moderation_and_is_not_shown(
    client: Client, opened: Open
) -> None:
    response = _propose(client, opened)
    assert response.status_code == 303
    assert "proposed=1" in response["Location"]
    statement = Statement.objects.get(number=6)
    assert (statement.status, statement.origin) == ("pending", "participant")
    assert statement.author_id is not None
    for seed in opened.statements:
        vote_json(client, opened, seed, "agree")
    html = client.get(opened.vote_url).content.decode()
    assert PROPOSAL not in html and "You have voted on every statement" in html


def test_an_accepted_proposal_is_shown_and_a_rejected_one_never(
    client: Client, opened: Open, world: World
) -> None:
    _propose(client, opened)
    _propose(client, opened, "Something off-topic and rude.")
    accepted, rejected = Statement.objects.filter(number__gt=5).order_by("number")
    as_role(client, world, "facilitator")
    for statement, status in ((accepted, "accepted"), (rejected, "rejected")):
        url = reverse("consultations:statement-moderate", args=[statement.pk])
        assert client.post(url, {"status": status}).status_code == 302
    queue = client.get(
        reverse("consultations:statement-list", args=[opened.consultation.pk])
    ).content.decode()
    assert PROPOSAL in queue and "Something off-topic" in queue
    voter = Client()
    for seed in opened.statements:
        vote_json(voter, opened, seed, "pass")
    html = voter.get(opened.vote_url).content.decode()
    assert PROPOSAL in html and "Something off-topic" not in html
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "consultation.statement_accepted",
        "consultation.statement_rejected",
    } <= verbs


def test_facilitators_add_seed_statements_numbered_in_order(
    client: Client, opened: Open, world: World
) -> None:
    as_role(client, world, "convener")
    url = reverse("consultations:statement-list", args=[opened.consultation.pk])
    response = client.post(url, {"texts": "First new one\n\nSecond new one\n"})
    assert response.status_code == 302
    added = Statement.objects.filter(number__gt=5).order_by("number")
    assert [(s.number, str(s.text), s.status) for s in added] == [
        (6, "First new one", "accepted"),
        (7, "Second new one", "accepted"),
    ]
    too_long = client.post(url, {"texts": "x" * 401})
    assert too_long.status_code == 422
    assert "at most 400 characters" in too_long.content.decode()


def test_proposals_are_refused_when_switched_off_or_too_many(
    client: Client, opened: Open, world: World
) -> None:
    for n in range(5):
        assert _propose(client, opened, f"Idea number {n}").status_code == 303
    flooded = _propose(client, opened, "One more")
    assert flooded.status_code == 429
    consultation_update(
        access=world.access("facilitator"),
        consultation=opened.consultation,
        accepts_statements=False,
    )
    assert _propose(Client(), opened).status_code == 403
    assert (
        "Add your own statement" not in Client().get(opened.vote_url).content.decode()
    )


def test_an_empty_proposal_re_renders_the_page_with_the_error(
    client: Client, opened: Open
) -> None:
    response = _propose(client, opened, "   ")
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    assert not Statement.objects.filter(origin="participant").exists()
