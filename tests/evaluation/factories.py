"""Evaluation objects for the page and API tests, built through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from backchannel.evaluation.services import outcome_create, risk_create, round_create
from backchannel.processes.access import ProcessAccess, access_process_by_id
from tests.world import World


def _objects(access: ProcessAccess, tag: str) -> dict[str, Any]:
    trust_round = round_create(
        access=access,
        title=f"{tag} round",
        held_on=dt.date(2026, 5, 1),
        status="open",
        custom_items=["The venue feels neutral."],
    )
    outcome = outcome_create(
        access=access,
        social_actor=f"{tag} water ministry",
        change="Shared flow data with the other side for the first time.",
        observed_on=dt.date(2026, 6, 1),
        rpp_reach="key_people",
        rpp_level="socio_political",
    )
    risk = risk_create(
        access=access,
        kind="leak",
        description=f"{tag}: the venue's staff overhear the plenary.",
        likelihood=2,
        impact=4,
        review_on=dt.date(2026, 9, 1),
    )
    return {"round": trust_round, "outcome": outcome, "risk": risk}


def evaluation_objects(world: World) -> dict[str, Any]:
    return _objects(world.access(), "Our")


def rival_evaluation_objects(world: World) -> dict[str, Any]:
    access = access_process_by_id(world.users["outsider"], world.rival_process.pk)
    return _objects(access, "Rival")


def evaluation_factories(access: ProcessAccess, tag: str) -> dict[str, Any]:
    """Fresh objects for API operations that consume one (``new_*`` names)."""
    objects = lambda: _objects(access, tag)  # noqa: E731
    return {
        "new_outcome": lambda: objects()["outcome"],
        "new_risk": lambda: objects()["risk"],
    }
