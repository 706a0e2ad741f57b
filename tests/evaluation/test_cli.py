"""``backchannel evaluation``: the same aggregates, suppressed the same way."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from backchannel.evaluation.services import (
    answers_record,
    round_create,
    round_update,
)
from backchannel.processes.access import ProcessAccess
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
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=r,
            answers={"openness": 4},
        )
    for seat in seats_on(world, south, 1):
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=r,
            answers={"openness": 1},
        )
    round_update(access=world.access(), trust_round=r, changes={"status": "closed"})
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


def test_the_command_prints_no_risk_text_nor_rpp_entry(world: World) -> None:
    from backchannel.evaluation.services import outcome_create, risk_create

    secret = "The minister's cousin relays the plenary to the press."
    risk = risk_create(
        access=world.access(),
        kind="leak",
        description=secret,
        mitigation="Brief the cousin's office separately.",
        owner="Facilitator Anna",
        likelihood=4,
        impact=4,
        review_on=dt.date(2026, 1, 1),
    )
    outcome_create(
        access=world.access(),
        social_actor="The ministry of water",
        change="Quietly shared its flow data.",
        observed_on=dt.date(2026, 6, 1),
        rpp_reach="key_people",
        rpp_level="socio_political",
    )
    text = _run(str(world.process.pk), "--today", "2026-07-02")
    raw = _run(str(world.process.pk), "--format", "json", "--today", "2026-07-02")
    for out in (text, raw):
        for word in ("cousin", "Anna", "ministry of water", "flow data"):
            assert word not in out
    assert f"overdue: risk {risk.pk}, review on 2026-01-01" in text
    data = json.loads(raw)
    assert data["risks"]["count"] == 1
    assert data["risks"]["by_kind"] == {"leak": 1}
    assert data["risks"]["by_score_band"]["high"] == 1
    assert {"kind": "overdue", "risk_id": str(risk.pk), "review_on": "2026-01-01"} in (
        data["reminders"]
    )
    assert "register" not in data and "rpp" not in data
