"""Consultations in the API's test world, built through the services: ours
(open, so that every seated role sees it), fresh ones for operations that
consume one, and the rival organisation's twins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backchannel.consultations.models import Consultation
from backchannel.consultations.services import consultation_create
from backchannel.processes.access import ProcessAccess, access_process_by_id
from tests.world import World


def _open(access: ProcessAccess, title: str) -> Consultation:
    return consultation_create(
        access=access,
        title=title,
        seed_statements=[
            "Both banks should share their river data.",
            "Dams need consent.",
        ],
        status="open",
    )


def consultations_objects(world: World) -> dict[str, Any]:
    consultation = _open(world.access(), "Basin consultation")
    return {
        "consultation": consultation,
        "consultation_statement": consultation.statements.order_by("number").first(),
    }


def consultations_factories(
    access: ProcessAccess, tag: str
) -> dict[str, Callable[[], Any]]:
    return {
        "new_consultation": lambda: _open(access, f"Consultation {tag}"),
        "new_consultation_statement": lambda: (
            _open(access, f"Consultation {tag}").statements.order_by("number").first()
        ),
        "empty_consultation": lambda: consultation_create(
            access=access, title=f"Moved from Pol.is {tag}", status="open"
        ),
    }


def rival_consultations_objects(world: World) -> dict[str, Any]:
    access = access_process_by_id(world.users["outsider"], world.rival_process.pk)
    consultation = _open(access, "Rival consultation")
    return {
        "consultation": consultation,
        "empty_consultation": consultation,
        "consultation_statement": consultation.statements.order_by("number").first(),
    }
