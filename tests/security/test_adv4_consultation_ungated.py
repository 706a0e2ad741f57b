"""Adversary (round 4): a public consultation publishes a participant's name.

README, "Outputs": "Every path by which text leaves the workspace passes the
identification gate"; "Public consultations": a consultation is published "at
an unguessable public link where anyone votes ... without an account".

Attack (a careless or hostile facilitator): a seed statement (or the
consultation's title or question) naming a participant seated in the process
is published at the public link as written, to anyone who has the link: no
gate runs when the consultation is created, opened or shown, nor when a
voter's proposal naming a participant is accepted by moderation. The
Pol.is export is left ungated because it "carries statements already shown to
the public voters", so nothing on this path is ever checked. Severity: high
(a name leaves the workspace to the public).

Control: the same text is refused by the output export, the exit the README
lists, so the test fails only on the consultation path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.consultations.services import consultation_create
from backchannel.core.errors import ValidationFailed
from backchannel.participants.services import person_create, seat_create
from tests.transfer.test_exits import api_export
from tests.world import World

NAME = "Žofia Dvořáková"
SEED = f"{NAME}'s proposal for weekly flow data should be adopted."


def _seat(world: World) -> None:
    north = world.process.sides.order_by("position")[0]
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name=NAME,
        gender="woman",
        capacity="expert",
        level="broader",
    )
    seat_create(access=world.access(), person=person, role="participant", side=north)


def test_the_output_export_refuses_the_same_text(world: World, tmp_path: Path) -> None:
    _seat(world)
    assert not api_export(world, SEED, tmp_path).passed


def test_a_public_consultation_does_not_publish_a_participants_name(
    world: World,
) -> None:
    _seat(world)
    try:
        consultation = consultation_create(
            access=world.access("facilitator"),
            title="The future of the Kessa",
            question="What should happen to the river?",
            seed_statements=[SEED],
            status="open",
        )
    except ValidationFailed:
        return  # refused by the gate: nothing is published
    page = (
        Client()
        .get(reverse("consultations:vote", args=[str(consultation.token)]))
        .content.decode()
    )
    assert "Dvořáková" not in page, "the public voting page shows the name"


def test_every_way_text_reaches_the_public_link_is_gated(world: World) -> None:
    """Title, question, a later seed statement, and a voter's proposal at
    acceptance: each naming a seated participant is refused with a message
    that quotes the span and says what to do; nothing is stored."""
    from backchannel.consultations.models import Statement, StatementStatus
    from backchannel.consultations.services import (
        consultation_update,
        statement_add,
        statement_moderate,
    )

    _seat(world)
    access = world.access("facilitator")
    with pytest.raises(ValidationFailed) as refused:
        consultation_create(access=access, title=f"What {NAME} proposed")
    assert "Dvořáková" in str(refused.value.errors["title"])
    assert "identifies someone" in str(refused.value.errors["title"])
    consultation = consultation_create(
        access=access, title="The river", seed_statements=["Share the gauges."]
    )
    with pytest.raises(ValidationFailed) as refused:
        consultation_update(access=access, consultation=consultation, question=SEED)
    assert "question" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        statement_add(access=access, consultation=consultation, texts=["Fine.", SEED])
    assert "texts[1]" in refused.value.errors
    assert consultation.statements.count() == 1  # nothing half-written
    proposal = Statement.objects.create(
        consultation=consultation,
        data_key_id=consultation.data_key_id,
        number=99,
        text=SEED,
        origin="participant",
        status=StatementStatus.PENDING,
    )
    with pytest.raises(ValidationFailed):
        statement_moderate(access=access, statement=proposal, status="accepted")
    proposal.refresh_from_db()
    assert proposal.status == StatementStatus.PENDING
    # rejecting it is always possible
    statement_moderate(access=access, statement=proposal, status="rejected")


def test_the_api_refuses_a_seed_naming_a_participant(world: World) -> None:
    import json

    from backchannel.accounts.services import api_token_create

    _seat(world)
    token = api_token_create(user=world.users["facilitator"], label="t")[1]
    response = Client().post(
        f"/api/processes/{world.process.pk}/consultations",
        data=json.dumps({"title": "The river", "seed_statements": [SEED]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code in (400, 422), response.content
    assert "identifies someone" in response.content.decode()
