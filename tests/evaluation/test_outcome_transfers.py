"""Outcomes linked to the transfers they came from, and the RPP warning that
counts recorded transfers as a transfer plan in practice."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.accounts.services import api_token_create
from backchannel.core.errors import ValidationFailed
from backchannel.evaluation.models import Outcome
from backchannel.evaluation.outcomes import outcomes
from backchannel.evaluation.rpp import rpp_matrix
from backchannel.evaluation.services import (
    objective_place,
    outcome_create,
    outcome_update,
    transfer_strategy_set,
)
from tests.transfer.factories import rival_transfer_objects, transfer_objects
from tests.world import World

RECIPIENT = "Deputy minister's office"  # set by tests.transfer.factories


def _api(client: Client, world: World, role: str, method: str, path: str, body=None):
    token = api_token_create(user=world.users[role], label="t")[1]
    response = client.generic(
        method,
        path,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    return response.status_code, response.json() if response.content else None


def test_outcomes_link_transfers_of_the_process_only(world: World) -> None:
    transfer = transfer_objects(world)["transfer"]
    rival = rival_transfer_objects(world)["transfer"]
    access = world.access()
    outcome = outcome_create(
        access=access,
        social_actor="Water ministry",
        change="Shared gauge data",
        observed_on=dt.date(2026, 4, 1),
        transfers=[transfer.pk],
    )
    (view,) = outcomes(world.process)
    (ref,) = view.transfers
    assert (ref.id, ref.transferred_on, ref.channel) == (
        transfer.pk,
        transfer.transferred_on,
        "memo",
    )
    assert RECIPIENT not in repr(view.transfers)
    with pytest.raises(ValidationFailed) as exc:
        outcome_update(access=access, outcome=outcome, changes={}, transfers=[rival.pk])
    assert "transfers" in exc.value.errors
    with pytest.raises(ValidationFailed):
        outcome_update(access=access, outcome=outcome, changes={}, transfers=["x"])
    assert list(outcome.transfers.all()) == [transfer]
    outcome_update(access=access, outcome=outcome, changes={}, transfers=[])
    assert not outcome.transfers.exists()
    assert Outcome.objects.count() == 1


def test_the_api_takes_and_gives_transfer_ids(client: Client, world: World) -> None:
    transfer = transfer_objects(world)["transfer"]
    rival = rival_transfer_objects(world)["transfer"]
    path = f"/api/processes/{world.process.pk}/outcomes"
    body = {
        "social_actor": "Parliament",
        "change": "A motion cites the memo",
        "observed_on": "2026-04-02",
    }
    status, out = _api(
        client,
        world,
        "facilitator",
        "POST",
        path,
        {**body, "transfer_ids": [str(rival.pk)]},
    )
    assert status == 422 and "transfer_ids" in json.dumps(out)
    assert not Outcome.objects.exists()
    status, out = _api(
        client,
        world,
        "facilitator",
        "POST",
        path,
        {**body, "transfer_ids": [str(transfer.pk)]},
    )
    assert status == 201, out
    assert out["transfers"] == [
        {
            "id": str(transfer.pk),
            "transferred_on": "2026-03-01",
            "channel": "memo",
            "classification": transfer.classification,
        }
    ]
    status, out = _api(
        client, world, "facilitator", "PATCH", f"/api/outcomes/{out['id']}",
        {"transfer_ids": []},
    )  # fmt: skip
    assert status == 200 and out["transfers"] == []


def test_the_form_offers_the_process_transfers_and_the_list_shows_them(
    client: Client, world: World
) -> None:
    transfer = transfer_objects(world)["transfer"]
    rival = rival_transfer_objects(world)["transfer"]
    client.force_login(world.users["facilitator"])
    url = reverse("evaluation:outcome-create", args=[world.process.pk])
    page = client.get(url).content.decode()
    assert str(transfer.pk) in page and str(rival.pk) not in page
    assert RECIPIENT not in page
    response = client.post(
        url,
        {
            "social_actor": "Parliament",
            "change": "A motion cites the memo",
            "observed_on": "2026-04-02",
            "transfers": [str(transfer.pk)],
        },
    )
    assert response.status_code == 302
    assert list(Outcome.objects.get().transfers.all()) == [transfer]
    listing = client.get(
        reverse("evaluation:outcome-list", args=[world.process.pk])
    ).content.decode()
    assert 'datetime="2026-03-01"' in listing and "Memo" in listing
    assert RECIPIENT not in listing


def _plan_warning(world: World) -> bool:
    return any("transfer" in w for w in rpp_matrix(world.process).warnings)


def test_a_recorded_transfer_silences_the_no_plan_warning(world: World) -> None:
    objective_place(
        access=world.access(),
        objective=world.objective,
        reach="key_people",
        level="socio_political",
    )
    assert _plan_warning(world)  # no strategy, no transfer
    rival_transfer_objects(world)  # another process's transfer does not count
    assert _plan_warning(world)
    transfer_objects(world)
    matrix = rpp_matrix(world.process)
    assert matrix.warnings == () and matrix.has_transfer_plan


def test_a_written_strategy_alone_silences_it_too(world: World) -> None:
    assert _plan_warning(world)
    transfer_strategy_set(access=world.access(), text="Brief the ministries.")
    assert not _plan_warning(world)
