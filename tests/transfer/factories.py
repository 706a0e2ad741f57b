"""Outputs, transfers and a participant with a distinctive name, built through
the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from backchannel.participants.models import Seat
from backchannel.participants.services import person_create, seat_create
from backchannel.processes.access import ProcessAccess
from backchannel.transfer.models import Output
from backchannel.transfer.services import output_create
from tests.world import World

NAME = "Zofia Dvořáková"
CLEAN_BODY = "Both delegations saw value in a joint gauge station at the border."
NAMED_BODY = f"{NAME} proposed a joint gauge station at the border."


def named_seat(world: World) -> Seat:
    """A participant on the North side whose name the gate must catch."""
    if "named_seat" in world.extra:
        return world.extra["named_seat"]  # type: ignore[return-value]
    north = world.process.sides.order_by("position")[0]
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name=NAME,
        gender="woman",
        capacity="expert",
        level="broader",
    )
    seat = seat_create(
        access=world.access(), person=person, role="participant", side=north
    )
    world.extra["named_seat"] = seat
    return seat


def make_output(
    access: ProcessAccess,
    *,
    body: str = CLEAN_BODY,
    title: str = "Memo on the gauge station",
    **extra: Any,
) -> Output:
    return output_create(
        access=access,
        kind=extra.pop("kind", "memo_to_mediators"),
        audience=extra.pop("audience", "mediators"),
        title=title,
        body=body,
        **extra,
    )


TODAY = dt.date(2026, 3, 1)


def _objects(world: World, access: ProcessAccess, tag: str = "") -> dict[str, Any]:
    from backchannel.transfer.services import output_release, transfer_create

    output = make_output(access, title=f"Draft memo {tag}".strip())
    released = make_output(access, title=f"Released briefing {tag}".strip())
    output_release(access=access, output=released)
    transfer = transfer_create(
        access=access,
        output=released,
        recipient="Deputy minister's office",
        channel="memo",
        transferred_on=TODAY,
    )
    return {"output": output, "released_output": released, "transfer": transfer}


def transfer_objects(world: World) -> dict[str, Any]:
    return _objects(world, world.access())


def rival_transfer_objects(world: World) -> dict[str, Any]:
    from backchannel.processes.access import access_process_by_id

    access = access_process_by_id(world.users["outsider"], world.rival_process.pk)
    return _objects(world, access, "rival")


def transfer_factories(access: ProcessAccess, tag: str) -> dict[str, Any]:
    """Fresh objects for API operations that consume one (``new_*`` names)."""

    def new_transfer() -> Any:
        return _objects(None, access, tag)["transfer"]  # type: ignore[arg-type]

    return {
        "new_output": lambda: make_output(access, title=f"Memo {tag}"),
        "new_transfer": new_transfer,
    }
