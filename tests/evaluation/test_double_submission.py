"""A double submission (two tabs, a double click, a retry) of trust answers or
contacts: the second request finds the row the first one inserted between its
check and its insert. It gets a clear error, never a server error. And the
audit log records that a round was answered, never by whom."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from backchannel.core.errors import ValidationFailed
from backchannel.core.models import AuditEvent
from backchannel.evaluation import services
from backchannel.evaluation.models import ContactReport, TrustResponse
from tests.ideas.factories import seats_on, sides
from tests.world import World

ANSWERS = {"openness": 4}


def _round(world: World):
    return services.round_create(
        access=world.access(),
        title="Round 1",
        held_on=dt.date(2025, 5, 1),
        status="open",
    )


# (The "other request" runs in this test's transaction here, so the refusal
# rolls its row back too; on a server it was committed by then.)


def _race(monkeypatch: pytest.MonkeyPatch, insert_first: Any) -> None:
    """The other request inserts its row right after this one's check."""
    original = services._existing

    def check_then_lose(model: Any, trust_round: Any, seat: Any) -> Any:
        found = original(model, trust_round, seat)
        insert_first(trust_round, seat)
        return found

    monkeypatch.setattr(services, "_existing", check_then_lose)


def test_a_double_answer_is_a_clear_error(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = _round(world)
    access = world.access("participant")
    _race(
        monkeypatch,
        lambda trust_round, seat: TrustResponse.objects.create(
            round=trust_round,
            seat=seat,
            side_id=seat.side_id,
            data_key_id=trust_round.data_key_id,
            answers=ANSWERS,
        ),
    )
    with pytest.raises(ValidationFailed, match="sent twice"):
        services.answers_record(access=access, trust_round=r, answers=ANSWERS)


def test_a_double_contact_report_is_a_clear_error(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = _round(world)
    access = world.access("participant")
    _race(
        monkeypatch,
        lambda trust_round, seat: ContactReport.objects.create(
            round=trust_round,
            seat=seat,
            side_id=seat.side_id,
            data_key_id=trust_round.data_key_id,
            contacts=[],
        ),
    )
    with pytest.raises(ValidationFailed, match="sent twice"):
        services.contacts_record(access=access, trust_round=r, contacts=[])


def test_answering_twice_in_a_row_keeps_one_answer(world: World) -> None:
    r = _round(world)
    access = world.access("participant")
    services.answers_record(access=access, trust_round=r, answers=ANSWERS)
    services.answers_record(access=access, trust_round=r, answers={"openness": 2})
    assert TrustResponse.objects.get(round=r).answers == {"openness": 2}


def test_the_audit_log_does_not_name_who_answered(world: World) -> None:
    _north, south = sides(world)
    r = _round(world)
    access = world.access("participant")
    services.answers_record(access=access, trust_round=r, answers=ANSWERS)
    services.contacts_record(
        access=access,
        trust_round=r,
        contacts=[{"seat": str(seats_on(world, south, 1)[0].pk), "frequency": "few"}],
    )
    events = AuditEvent.objects.filter(
        verb__in=["trust_response.record", "contact_report.record"]
    )
    assert events.count() == 2
    username = world.users["participant"].username
    for event in events:
        assert event.actor_id is None
        assert event.actor_label != username
