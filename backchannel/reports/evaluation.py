"""The evaluation sections of the report, from the evaluation's reads (``trust``,
``objectives``, ``outcomes``, ``rpp``, ``risks`` in ``backchannel.evaluation``)
(already suppressed there: under 3 respondents a side's figures are None).

What the report takes, and what it leaves on the evaluation pages: trust per
side and round (means and respondent counts), continuity and cross-side
network density per round, objective statuses, harvested outcomes (the change,
who changed, when, why it matters; not the contribution, the evidence nor who
verified it, which may name people), the RPP matrix, and the do-no-harm register without the
owner of each risk.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from backchannel.evaluation.objectives import objective_status
from backchannel.evaluation.outcomes import outcomes as harvested_outcomes
from backchannel.evaluation.risks import risk_register
from backchannel.evaluation.rpp import rpp_matrix
from backchannel.evaluation.trust import (
    cohort_continuity,
    network_density_trend,
    trust_trends,
)
from backchannel.processes import progress
from backchannel.processes.access import ProcessAccess
from backchannel.reports.counts import Cell


@dataclass
class TrustSide:
    side: str
    respondents: Cell
    mean: float | None  # overall score on the 1–5 scale; None when suppressed


@dataclass
class TrustRoundRow:
    title: str
    held_on: dt.date
    sides: list[TrustSide]
    overall: float | None


@dataclass
class ContinuityRow:
    title: str
    first: bool
    shares: list[tuple[str, float | None]]  # (side, share or None: suppressed)


@dataclass
class DensityRow:
    title: str
    held_on: dt.date
    density: float | None


@dataclass
class ObjectiveStatusRow:
    text: str
    status: str


@dataclass
class OutcomeRow:
    observed_on: dt.date
    social_actor: str
    change: str
    significance: str


@dataclass
class RppRow:
    reach: str
    level: str
    objectives: int
    outcomes: int
    entries: list[str]


@dataclass
class RiskRow:
    kind: str
    description: str
    score: int
    mitigation: str
    review_on: dt.date


@dataclass
class EvaluationSection:
    sides: list[str]
    trust: list[TrustRoundRow]
    continuity: list[ContinuityRow]
    density: list[DensityRow]
    objectives: list[ObjectiveStatusRow]
    status_counts: list[tuple[str, int]]
    outcomes: list[OutcomeRow]
    rpp: list[RppRow]
    rpp_warnings: list[str]
    risks: list[RiskRow]


def evaluation_section(access: ProcessAccess) -> EvaluationSection:
    process = access.process
    trends = trust_trends(process)
    sides = [s.name for s in trends.sides]
    trust = [
        TrustRoundRow(
            title=r.title,
            held_on=r.held_on,
            sides=[
                TrustSide(
                    side=st.side.name,
                    respondents=Cell(st.side.name, st.respondents),
                    mean=None if st.suppressed else st.overall.mean,
                )
                for st in r.sides
            ],
            overall=r.overall.mean,
        )
        for r in trends.rounds
    ]
    continuity = [
        ContinuityRow(
            title=r.title,
            first=r.first,
            shares=[(c.side.name, None if c.suppressed else c.share) for c in r.sides],
        )
        for r in cohort_continuity(process)
    ]
    density = [
        DensityRow(p.title, p.held_on, None if p.suppressed else p.density)
        for p in network_density_trend(process)
    ]
    objectives = [
        ObjectiveStatusRow(o.text, o.status_label)
        for phase in objective_status(process)
        for o in phase.objectives
    ]
    counts = Counter(
        o.status for phase in objective_status(process) for o in phase.objectives
    )
    status_counts = [
        (progress.status_label(s), counts.get(s, 0))
        for s in (
            progress.ACHIEVED,
            progress.ON_TRACK,
            progress.AT_RISK,
            progress.NO_DATA,
        )
    ]
    outcomes = [
        OutcomeRow(o.observed_on, o.social_actor, o.change, o.significance)
        for o in harvested_outcomes(process)
    ]
    matrix = rpp_matrix(process)
    rpp = [
        RppRow(
            reach=c.reach_label,
            level=c.level_label,
            objectives=sum(1 for e in c.entries if e.kind == "objective"),
            outcomes=sum(1 for e in c.entries if e.kind == "outcome"),
            entries=[e.text for e in c.entries],
        )
        for c in matrix.cells
    ]
    risks = [
        RiskRow(r.kind_label, r.description, r.score, r.mitigation, r.review_on)
        for r in risk_register(process).risks
    ]
    return EvaluationSection(
        sides=sides,
        trust=trust,
        continuity=continuity,
        density=density,
        objectives=objectives,
        status_counts=status_counts,
        outcomes=outcomes,
        rpp=rpp,
        rpp_warnings=list(matrix.warnings),
        risks=risks,
    )
