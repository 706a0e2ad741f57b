"""The evaluation sections of the report, from ``backchannel.evaluation.selectors``
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
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from backchannel.evaluation import selectors as ev
from backchannel.processes.access import ProcessAccess
from backchannel.reports import charts
from backchannel.reports.builder import Cell, suppressed_label
from backchannel.reports.charts import Chart


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
    trends = ev.trust_trends(process)
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
        for r in ev.cohort_continuity(process)
    ]
    density = [
        DensityRow(p.title, p.held_on, None if p.suppressed else p.density)
        for p in ev.network_density_trend(process)
    ]
    objectives = [
        ObjectiveStatusRow(o.text, o.status_label)
        for phase in ev.objective_status(process)
        for o in phase.objectives
    ]
    counts = Counter(
        o.status for phase in ev.objective_status(process) for o in phase.objectives
    )
    status_counts = [
        (ev.status_label(s), counts.get(s, 0))
        for s in (ev.ACHIEVED, ev.ON_TRACK, ev.AT_RISK, ev.NO_DATA)
    ]
    outcomes = [
        OutcomeRow(o.observed_on, o.social_actor, o.change, o.significance)
        for o in ev.outcomes(process)
    ]
    matrix = ev.rpp_matrix(process)
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
        for r in ev.risk_register(process).risks
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


def evaluation_charts(section: EvaluationSection) -> dict[str, Chart]:
    out: dict[str, Chart] = {}
    if section.trust:
        out["trust"] = charts.line_chart(
            _("Trust across rounds, by side"),
            _("Trust round"),
            _("Mean trust score (1–5 scale)"),
            [r.held_on.strftime("%b %Y") for r in section.trust],
            {
                side: [r.sides[i].mean for r in section.trust]
                for i, side in enumerate(section.sides)
            },
            y_range=(1, 5),
            description=_(
                "A missing point: fewer than 3 respondents on that side in that round."
            ),
        )
    if section.density:
        out["density"] = charts.line_chart(
            _("Cross-side relationships"),
            _("Trust round"),
            _("Cross-side network density (0–1)"),
            [r.held_on.strftime("%b %Y") for r in section.density],
            {_("Density"): [r.density for r in section.density]},
            y_range=(0, 1),
            description=_("A missing point: too few participants reported contacts."),
        )
    if section.objectives:
        out["objective_status"] = charts.bar_chart(
            _("Objectives by status"),
            _("Status"),
            _("Objectives (count)"),
            [label for label, _count in section.status_counts],
            {_("Objectives"): [count for _label, count in section.status_counts]},
        )
    return out


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def evaluation_pdf(
    section: EvaluationSection,
    heading: Callable[..., None],
    para: Callable[..., None],
    table: Callable[[list[str], list[list[str]]], None],
    chart: Callable[[str], None],
) -> None:
    heading(_("Trust"))
    if section.trust:
        table(
            [_("Round"), _("Date"), *section.sides, _("All sides")],
            [
                [r.title, r.held_on.isoformat()]
                + [_trust_cell(s) for s in r.sides]
                + ["–" if r.overall is None else f"{r.overall:.2f}"]
                for r in section.trust
            ],
        )
        para(
            _("Per side: respondents, and the mean trust score (1–5).")
            + " "
            + _("Sides with %(suppressed)s respondents show no figure.")
            % {"suppressed": suppressed_label()},
            "I",
        )
    else:
        para(_("No trust rounds yet."))
    chart("trust")
    if section.continuity:
        heading(_("Continuity of respondents"), 12)
        table(
            [_("Round"), *section.sides],
            [
                [r.title]
                + ["–" if r.first else _pct(share) for _side, share in r.shares]
                for r in section.continuity
            ],
        )
    heading(_("Cross-side relationships"))
    if section.density:
        table(
            [_("Round"), _("Date"), _("Density (0–1)")],
            [
                [
                    r.title,
                    r.held_on.isoformat(),
                    suppressed_label() if r.density is None else f"{r.density:.2f}",
                ]
                for r in section.density
            ],
        )
    chart("density")
    heading(_("Objective status"))
    if section.objectives:
        table(
            [_("Objective"), _("Status")],
            [[o.text, o.status] for o in section.objectives],
        )
    chart("objective_status")
    heading(_("Outcomes"))
    if section.outcomes:
        table(
            [_("Observed"), _("Who changed"), _("Change"), _("Significance")],
            [
                [o.observed_on.isoformat(), o.social_actor, o.change, o.significance]
                for o in section.outcomes
            ],
        )
    else:
        para(_("No outcomes harvested yet."))
    heading(_("Reflecting on Peace Practice"))
    table(
        [_("Reach"), _("Level"), _("Objectives"), _("Outcomes")],
        [[c.reach, c.level, str(c.objectives), str(c.outcomes)] for c in section.rpp],
    )
    for warning in section.rpp_warnings:
        para(warning, "I")
    heading(_("Do-no-harm register"))
    if section.risks:
        table(
            [_("Risk"), _("Description"), _("Score"), _("Mitigation"), _("Review")],
            [
                [
                    r.kind,
                    r.description,
                    str(r.score),
                    r.mitigation,
                    r.review_on.isoformat(),
                ]
                for r in section.risks
            ],
        )
    else:
        para(_("No risks registered."))


def _trust_cell(side: TrustSide) -> str:
    if side.respondents.suppressed:
        return suppressed_label()
    mean = "–" if side.mean is None else f"{side.mean:.2f}"
    return _("%(n)d, mean %(mean)s") % {"n": side.respondents.count, "mean": mean}
