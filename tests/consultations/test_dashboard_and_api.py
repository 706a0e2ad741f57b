"""The consultation's groups and common ground fed back into the dialogue: the
dashboard panel and the JSON API's results, for the roles that may see them."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from backchannel.accounts.services import api_token_create
from backchannel.consultations.services import analysis_request
from tests.consultations.conftest import (
    SEEDS,
    Open,
    cast_all,
    make_consultation,
    two_camps,
)
from tests.web.conftest import as_role
from tests.world import MANAGING_ROLES, VIEWING_ROLES, World


def _analysed(opened: Open, world: World) -> None:
    cast_all(opened, two_camps())
    analysis_request(
        access=world.access("facilitator"), consultation=opened.consultation
    )


def test_the_dashboard_shows_the_groups_and_common_ground_to_everyone_seated(
    client: Client, opened: Open, world: World, immediate_tasks: None
) -> None:
    _analysed(opened, world)
    make_consultation(world, status="draft")  # a draft: managers only
    url = reverse("processes:process-detail", args=[world.process.pk])
    results = reverse(
        "consultations:consultation-results", args=[opened.consultation.pk]
    )
    for role in VIEWING_ROLES:
        as_role(client, world, role)
        html = client.get(url).content.decode()
        assert "Public consultations" in html, role
        assert "60 participants in 2 opinion groups" in html, role
        assert SEEDS[4] in html and f'href="{results}"' in html, role
        shown = html.count('<article class="consultation-summary">')
        assert shown == (2 if role in MANAGING_ROLES else 1), role


def _api(client: Client, token: str, path: str) -> Any:
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_api_gives_results_with_texts_and_the_link_to_managers_only(
    client: Client, opened: Open, world: World, immediate_tasks: None
) -> None:
    _analysed(opened, world)
    pk = opened.consultation.pk
    for role in ("facilitator", "observer"):
        token = api_token_create(user=world.users[role])[1]
        body = _api(client, token, f"/api/consultations/{pk}/results").json()
        assert body["latest"]["status"] == "done"
        assert body["results_run"]["participants"] == 60
        result = body["results"]
        assert [g["size"] for g in result["groups"]] == [30, 30]
        assert result["consensus"][0]["text"] == SEEDS[4]
        detail = _api(client, token, f"/api/consultations/{pk}").json()
        assert ("public_url" in detail) == (role == "facilitator"), role
        statements = _api(client, token, f"/api/consultations/{pk}/statements").json()
        assert [s["agree"] + s["disagree"] + s["passes"] for s in statements] == [
            60
        ] * 5


def test_voters_never_appear_in_the_api(
    client: Client, opened: Open, world: World, immediate_tasks: None
) -> None:
    tokens = cast_all(opened, two_camps(3))
    _analysed(opened, world)
    token = api_token_create(user=world.users["org_convener"])[1]
    pk = opened.consultation.pk
    text = "".join(
        _api(client, token, path).content.decode()
        for path in (
            f"/api/consultations/{pk}",
            f"/api/consultations/{pk}/statements",
            f"/api/consultations/{pk}/results",
        )
    )
    from backchannel.consultations.models import Ballot

    for ballot in Ballot.objects.all():
        assert str(ballot.pk) not in text and ballot.pk.hex not in text
    assert not any(t in text for t in tokens)
