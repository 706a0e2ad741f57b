"""``backchannel evaluation``: the same aggregates, suppressed the same way."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from backchannel.evaluation.services import answers_record_for_seat, round_create
from tests.ideas.factories import seats_on, sides
from tests.world import World


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("evaluation", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_aggregates_and_suppresses_small_sides(world: World) -> None:
    north, south = sides(world)
    r = round_create(
        access=world.access(),
        title="Spring",
        held_on=dt.date(2026, 4, 1),
        status="open",
    )
    for seat in seats_on(world, north, 3):
        answers_record_for_seat(seat=seat, trust_round=r, answers={"openness": 4})
    for seat in seats_on(world, south, 1):
        answers_record_for_seat(seat=seat, trust_round=r, answers={"openness": 1})
    text = _run(str(world.process.pk), "--today", "2026-07-02")
    assert "North 4.00 (n=3); South fewer than 3; all fewer than 3" in text
    assert "[at risk]" in text and "No objective reaches the socio-political" in text
    data = json.loads(_run(str(world.process.pk), "--format", "json"))
    south_cell = data["trust"]["rounds"][0]["sides"][1]
    assert south_cell["suppressed"] and south_cell["overall"]["mean"] is None
    assert "1.0" not in json.dumps(data["trust"])


def test_a_bad_date_is_one_clear_error(world: World) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run(str(world.process.pk), "--today", "July")
