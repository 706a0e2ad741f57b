"""A double submission (two tabs, a double click, a retry) of trust answers or
contacts: the second request finds the row the first one inserted between its
check and its insert. It gets a clear error, never a server error. Answering
leaves no trace in the audit log."""

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


def test_answers_and_contacts_leave_no_trace_in_the_audit_log(world: World) -> None:
    # Even without an actor, the time of each answer beside the attendance of a
    # session would say who answered: answering is not audited at all.
    _north, south = sides(world)
    r = _round(world)
    (south_seat,) = seats_on(world, south, 1)
    access = world.access("participant")
    before = AuditEvent.objects.count()
    services.answers_record(access=access, trust_round=r, answers=ANSWERS)
    services.answers_record(access=access, trust_round=r, answers={"openness": 2})
    services.contacts_record(
        access=access,
        trust_round=r,
        contacts=[{"seat": str(south_seat.pk), "frequency": "few"}],
    )
    assert TrustResponse.objects.filter(round=r).exists()
    assert ContactReport.objects.filter(round=r).exists()
    assert AuditEvent.objects.count() == before
