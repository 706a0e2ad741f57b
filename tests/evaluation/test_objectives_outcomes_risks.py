"""Objective status, outcomes, the RPP matrix and the do-no-harm register."""

from __future__ import annotations

import datetime as dt

import pytest

from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.evaluation.models import Outcome, Risk
from backchannel.evaluation.objectives import objective_status, phase_expectations
from backchannel.evaluation.outcomes import outcomes
from backchannel.evaluation.risks import risk_register
from backchannel.evaluation.rpp import rpp_matrix
from backchannel.evaluation.services import (
    objective_place,
    outcome_create,
    outcome_update,
    register_mark_reviewed,
    risk_create,
    risk_update,
    transfer_strategy_set,
)
from backchannel.processes.progress import (
    ACHIEVED,
    AT_RISK,
    NO_DATA,
    ON_TRACK,
    objective_rollup,
)
from backchannel.processes.services import (
    indicator_create,
    measurement_record,
    objective_create,
)
from tests.world import World

# The world's phase runs through 2026; its indicator went 0 → 2 of 6 by March.
MID_YEAR = dt.date(2026, 7, 2)  # half the phase elapsed


def _status(world: World, today: dt.date):
    (phase,) = objective_status(world.process, today=today)
    (objective,) = phase.objectives
    return objective


def test_status_follows_the_elapsed_share_of_the_phase(world: World) -> None:
    # 2/6 = 33 % of the way: on track in February, at risk by mid-year.
    assert _status(world, dt.date(2026, 3, 15)).status == ON_TRACK
    late = _status(world, MID_YEAR)
    assert late.status == AT_RISK
    (indicator,) = late.indicators
    assert indicator.progress == pytest.approx(0.333, abs=1e-3)
    assert [m.value for m in indicator.measurements] == [2.0]
    measurement_record(
        access=world.access(),
        indicator=world.indicator,
        measured_on=dt.date(2026, 6, 30),
        value=6,
    )
    assert _status(world, MID_YEAR).status == ACHIEVED


def test_an_objective_without_measurements_has_no_data(world: World) -> None:
    objective = objective_create(
        access=world.access(), phase=world.phase, kind="non_paper", text="A non-paper"
    )
    indicator_create(
        access=world.access(), objective=objective, name="Pages", baseline=0, target=5
    )
    (phase,) = objective_status(world.process, today=MID_YEAR)
    assert phase.objectives[1].status == NO_DATA


def test_falling_below_the_baseline_is_at_risk_even_early(world: World) -> None:
    indicator = indicator_create(
        access=world.access(),
        objective=world.objective,
        name="Trust index",
        baseline=3,
        target=4,
    )
    measurement_record(
        access=world.access(),
        indicator=indicator,
        measured_on=dt.date(2026, 1, 5),
        value=2,
    )
    assert _status(world, dt.date(2026, 1, 6)).status == AT_RISK


def test_decreasing_targets_count_the_way_down(world: World) -> None:
    indicator = indicator_create(
        access=world.access(),
        objective=world.objective,
        name="Incidents at the border",
        baseline=10,
        target=2,
    )
    measurement_record(
        access=world.access(),
        indicator=indicator,
        measured_on=dt.date(2026, 1, 5),
        value=1,
    )
    statuses = [i.status for i in _status(world, MID_YEAR).indicators]
    assert statuses == [AT_RISK, ACHIEVED]


@pytest.mark.parametrize(
    ("statuses", "rolled"),
    [
        ([], NO_DATA),
        ([NO_DATA, NO_DATA], NO_DATA),
        ([ACHIEVED, ACHIEVED], ACHIEVED),
        ([ACHIEVED, NO_DATA], ON_TRACK),
        ([ON_TRACK, ACHIEVED], ON_TRACK),
        ([ON_TRACK, AT_RISK], AT_RISK),
    ],
)
def test_objective_rollup(statuses: list[str], rolled: str) -> None:
    assert objective_rollup(statuses) == rolled


def test_participants_see_expectations_but_not_status(world: World) -> None:
    (phase,) = phase_expectations(world.process)
    assert phase.expectations == (
        "This phase cannot deliver an agreement; it maps options.",
    )
    with pytest.raises(PermissionDenied):
        objective_status(world.process, access=world.access("participant"))


def test_outcomes_link_objectives_of_the_process_only(world: World) -> None:
    access = world.access()
    outcome = outcome_create(
        access=access,
        social_actor="Water ministry",
        change="Shared data",
        observed_on=dt.date(2026, 4, 1),
        objectives=[world.objective.pk],
    )
    (view,) = outcomes(world.process)
    assert [o.id for o in view.objectives] == [world.objective.pk]
    other = objective_create(
        access=world.access(),
        phase=world.phase,
        kind="non_paper",
        text="Elsewhere",
    )
    other.process_id = world.other_process.pk  # an objective of another process
    other.save(update_fields=["process"])
    with pytest.raises(ValidationFailed):
        outcome_update(
            access=access, outcome=outcome, changes={}, objectives=[other.pk]
        )
    with pytest.raises(ValidationFailed):
        outcome_create(
            access=access,
            social_actor="X",
            change="Y",
            observed_on=dt.date(2026, 4, 1),
            rpp_reach="key_people",
        )
    assert Outcome.objects.count() == 1


def test_the_rpp_matrix_warns_until_socio_political_and_a_transfer_plan(
    world: World,
) -> None:
    access = world.access()
    matrix = rpp_matrix(world.process)
    assert len(matrix.warnings) == 2
    assert [e.id for e in matrix.unplaced] == [world.objective.pk]
    objective_place(
        access=access, objective=world.objective, reach="key_people", level="individual"
    )
    outcome_create(
        access=access,
        social_actor="Parliament",
        change="A motion cites the dialogue",
        observed_on=dt.date(2026, 4, 1),
        rpp_reach="more_people",
        rpp_level="socio_political",
    )
    matrix = rpp_matrix(world.process)
    assert len(matrix.warnings) == 2  # an outcome is not an objective
    assert [e.kind for e in matrix.cell("more_people", "socio_political").entries] == [
        "outcome"
    ]
    objective_place(
        access=access,
        objective=world.objective,
        reach="key_people",
        level="socio_political",
    )
    assert len(rpp_matrix(world.process).warnings) == 1
    transfer_strategy_set(access=access, text="Brief the ministries twice a year.")
    matrix = rpp_matrix(world.process)
    assert matrix.warnings == () and matrix.has_transfer_plan


def test_the_register_reminds_of_overdue_and_due_reviews_and_a_new_phase(
    world: World,
) -> None:
    access = world.access()
    base = {"kind": "leak", "likelihood": 2, "impact": 3}
    overdue = risk_create(
        access=access, description="A", review_on=dt.date(2026, 3, 1), **base
    )
    due = risk_create(
        access=access, description="B", review_on=dt.date(2026, 9, 1), **base
    )
    risk_create(access=access, description="C", review_on=dt.date(2027, 3, 1), **base)
    register = risk_register(world.process, today=MID_YEAR)
    assert [(r.kind, r.risk_id) for r in register.reminders] == [
        ("phase_started", None),
        ("overdue", overdue.pk),
        ("due_this_phase", due.pk),
    ]
    assert register.risks[0].score == 6
    register_mark_reviewed(access=access, on=dt.date(2026, 7, 1))
    risk_update(
        access=access, risk=overdue, changes={"review_on": dt.date(2026, 12, 1)}
    )
    kinds = [r.kind for r in risk_register(world.process, today=MID_YEAR).reminders]
    assert kinds == ["due_this_phase", "due_this_phase"]


@pytest.mark.parametrize("bad", [{"likelihood": 0}, {"impact": 6}, {"likelihood": "3"}])
def test_risk_scores_run_from_one_to_five(world: World, bad: dict) -> None:
    fields = {
        "kind": "safety",
        "description": "X",
        "likelihood": 3,
        "impact": 3,
        "review_on": dt.date(2026, 1, 1),
    } | bad
    with pytest.raises(ValidationFailed):
        risk_create(access=world.access(), **fields)
    assert not Risk.objects.exists()


def test_only_managers_change_the_register(world: World) -> None:
    with pytest.raises(PermissionDenied):
        risk_create(
            access=world.access("rapporteur"),
            kind="safety",
            description="X",
            likelihood=1,
            impact=1,
            review_on=dt.date(2026, 1, 1),
        )
