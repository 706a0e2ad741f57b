"""A consultation of the test world's process, open, with five seed statements;
helpers to vote through the public pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.consultations.models import Consultation, Statement
from backchannel.consultations.services import consultation_create
from tests.world import World

SEEDS = [
    "Dry-season releases from the reservoir should follow a joint schedule.",
    "Both governments should publish their river flow data every week.",
    "Farmers downstream should be compensated for lost harvests.",
    "New dams need the agreement of both countries.",
    "A joint commission should settle disputes over the river.",
]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class Open:
    """An open consultation and its statements, in order."""

    consultation: Consultation
    statements: list[Statement]

    @property
    def link(self) -> str:
        return str(self.consultation.token)

    @property
    def vote_url(self) -> str:
        return reverse("consultations:vote", args=[self.link])

    @property
    def json_url(self) -> str:
        return reverse("consultations:vote-json", args=[self.link])


def make_consultation(world: World, *, status: str = "open", **extra: Any) -> Open:
    consultation = consultation_create(
        access=world.access("facilitator"),
        title="The future of the Kessa",
        question="What should happen to the river?",
        seed_statements=SEEDS,
        status=status,
        **extra,
    )
    return Open(consultation, list(consultation.statements.order_by("number")))


@pytest.fixture
def opened(world: World) -> Open:
    return make_consultation(world)


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Run tasks at once, in the request that enqueues them."""
    settings.TASKS = IMMEDIATE


def vote_form(client: Client, opened: Open, statement: Statement, vote: str) -> Any:
    return client.post(opened.vote_url, {"statement": str(statement.pk), "vote": vote})


def vote_json(
    client: Client, opened: Open, statement: Any, vote: Any, **headers: Any
) -> Any:
    return client.post(
        opened.json_url,
        json.dumps(
            {"statement": str(getattr(statement, "pk", statement)), "vote": vote}
        ),
        content_type="application/json",
        **headers,
    )


@pytest.fixture(autouse=True)
def _fresh_flood_counters() -> None:
    # In the database (the default) each test's transaction starts them afresh.
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    if isinstance(caches["flood"], RedisCache):
        caches["flood"].clear()


def cast_all(opened: Open, ballots: list[list[int | None]]) -> list[str]:
    """Vote through the service: one ballot per row, one value per statement
    (None: no vote). Returns the ballot tokens."""
    from backchannel.consultations.services import new_token, vote_cast

    tokens = []
    for row in ballots:
        token = new_token()
        tokens.append(token)
        for statement, value in zip(opened.statements, row, strict=False):
            if value is not None:
                vote_cast(
                    consultation=opened.consultation,
                    ballot_token=token,
                    statement_id=statement.pk,
                    vote=value,
                )
    return tokens


def two_camps(n: int = 30) -> list[list[int | None]]:
    """Half agree with statements 1-2 and reject 3-4, half the reverse; everyone
    agrees with statement 5."""
    return [[1, 1, -1, -1, 1]] * n + [[-1, -1, 1, 1, 1]] * n
