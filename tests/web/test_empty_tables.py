"""An empty table says so in a sentence instead of showing its headings over
nothing (issue 16, a newcomer's walk): the gate's findings, the do-no-harm
register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.evaluation.services import risk_create
from tests.transfer.factories import NAME, make_output, named_seat
from tests.world import World

pytestmark = pytest.mark.django_db


def _get(world: World, url: str, role: str = "convener") -> str:
    client = Client()
    client.force_login(world.users[role])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_clean_output_has_no_findings_table_but_a_sentence(world: World) -> None:
    output = make_output(world.access("facilitator"))
    page = _get(world, reverse("transfer:output-gate", args=[output.pk]))
    assert 'id="no-findings"' in page and "No findings." in page
    assert "gate-findings" not in page and "<thead>" not in page


def test_findings_are_still_a_table(world: World) -> None:
    named_seat(world)
    output = make_output(world.access("facilitator"), body=f"{NAME} spoke.")
    page = _get(world, reverse("transfer:output-gate", args=[output.pk]))
    assert 'class="table gate-findings"' in page and "no-findings" not in page


def test_an_empty_risk_register_says_so_without_headings(world: World) -> None:
    url = reverse("evaluation:risk-list", args=[world.process.pk])
    page = _get(world, url)
    assert 'id="no-risks"' in page
    assert "<thead>" not in page and "Likelihood × impact" not in page
    risk_create(
        access=world.access(),
        description="Names leak through a side's delegation list",
        kind="leak",
        likelihood=2,
        impact=3,
        review_on=dt.date(2027, 1, 15),
    )
    page = _get(world, url)
    assert "no-risks" not in page and "Likelihood × impact" in page
