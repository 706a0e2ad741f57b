"""`backchannel gate --roster … --format json FILE` on one text, against the
gate's fixture roster: the way in that the adversary rounds' tests share."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.management import call_command

from backchannel.participants.services import person_create, seat_create

if TYPE_CHECKING:
    from tests.world import World

ROSTER = Path(__file__).resolve().parents[1] / "data" / "gate" / "roster.csv"


def gate_cli(tmp: Path, text: str) -> tuple[int, str]:
    """The command's exit code (1: something identifies someone) and its JSON."""
    doc = tmp / "doc.md"
    doc.write_text(text, encoding="utf-8")
    out = io.StringIO()
    try:
        call_command(
            "gate", "--roster", str(ROSTER), "--format", "json", str(doc), stdout=out
        )
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def seat_zofia(world: World) -> None:
    """Seat Žofia Dvořáková (a phone on file) on the first side of the world's
    process: the participant the exit tests disguise."""
    north = world.process.sides.order_by("position")[0]
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Žofia Dvořáková",
        gender="woman",
        capacity="expert",
        level="broader",
        contact={"phones": ["+420 601 234 567"]},
    )
    seat_create(access=world.access(), person=person, role="participant", side=north)
