"""Outcome texts pass the identification gate when written (issue 14, point
5): the same engine as every exit and the Chatham House record, with the same
normalisation, so a disguised name is refused too, on the web and the API,
with the finding quoted and the participant named; nothing is stored."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.accounts.services import api_token_create
from backchannel.core.errors import ValidationFailed
from backchannel.evaluation.models import Outcome
from backchannel.evaluation.services import outcome_create, outcome_update
from tests.world import World

# "Person Participant" is seated in the world's process
DISGUISED = (
    "Person Participant shared the gauge data.",  # as written
    "P\u200berson Partic\u200dipant shared the gauge data.",  # invisible characters
    "**Per**son Parti<b></b>cipant shared the gauge data.",  # markup
    "P\u0435rson Pаrticipant shared the gauge data.",  # Cyrillic е, а
    "P3rson P4rticipant shared the gauge data.",  # digits for letters
    "&#80;erson Participant shared the gauge data.",  # entity
    "P e r s o n  P a r t i c i p a n t shared the gauge data.",  # spaced out
)


@pytest.mark.parametrize("text", DISGUISED)
def test_the_service_refuses_an_outcome_that_names_a_participant(
    world: World, text: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        outcome_create(
            access=world.access(),
            social_actor="Water ministry",
            change=text,
            observed_on=dt.date(2026, 4, 1),
        )
    assert set(refused.value.errors) == {"change"}
    message = refused.value.errors["change"][0]
    # the span typed and its kind, never whose it is
    assert "identifies “" in message and "” (a person's name)" in message
    assert not Outcome.objects.exists()


def test_each_outcome_text_is_checked_and_an_edit_too(world: World) -> None:
    access = world.access()
    outcome = outcome_create(
        access=access,
        social_actor="Water ministry",
        change="Shared gauge data.",
        observed_on=dt.date(2026, 4, 1),
        verified_by="An independent journalist",
    )
    with pytest.raises(ValidationFailed) as refused:
        outcome_update(
            access=access,
            outcome=outcome,
            changes={
                "social_actor": "P3rson Participant",
                "verified_by": "Person  Participant, by phone",
                "evidence": "Minutes of the ministry.",
            },
        )
    assert set(refused.value.errors) == {"social_actor", "verified_by"}
    outcome.refresh_from_db()
    assert outcome.social_actor == "Water ministry"
    assert outcome.verified_by == "An independent journalist"


def test_the_api_refuses_it_with_the_field_and_the_span(
    client: Client, world: World
) -> None:
    token = api_token_create(user=world.users["facilitator"], label="t")[1]
    response = client.post(
        f"/api/processes/{world.process.pk}/outcomes",
        json.dumps(
            {
                "social_actor": "Parliament",
                "change": "P\u200berson Participant tabled the memo.",
                "observed_on": "2026-04-02",
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    body = json.dumps(response.json(), ensure_ascii=False)
    # the span as typed and its kind (never whose it is)
    assert "change" in body and "P\u200berson Participant” (a person's name)" in body
    assert "Traceback" not in body
    assert not Outcome.objects.exists()


def test_the_form_shows_the_refusal_and_keeps_what_was_typed(
    client: Client, world: World
) -> None:
    client.force_login(world.users["facilitator"])
    url = reverse("evaluation:outcome-create", args=[world.process.pk])
    typed = "Pers0n Participant tabled the memo."
    response = client.post(
        url,
        {"social_actor": "Parliament", "change": typed, "observed_on": "2026-04-02"},
    )
    assert response.status_code == 422  # the form again, with its errors
    page = response.content.decode()
    assert "“Pers0n Participant” (a person&#x27;s name)" in page
    assert typed in page  # nothing typed is lost
    assert not Outcome.objects.exists()
