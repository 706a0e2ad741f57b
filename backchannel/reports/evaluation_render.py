"""The evaluation sections of the report drawn: charts and PDF tables.

Apart from :mod:`backchannel.reports.evaluation` (the figures), so building a
report's figures does not load matplotlib; :mod:`backchannel.reports.render`
calls these.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from backchannel import charts
from backchannel.charts import Chart
from backchannel.core import l10n
from backchannel.evaluation.charts import density_chart, trust_chart
from backchannel.reports.counts import suppressed_label
from backchannel.reports.evaluation import EvaluationSection, TrustSide


def evaluation_charts(section: EvaluationSection) -> dict[str, Chart]:
    out: dict[str, Chart] = {}
    trust = trust_chart(
        [r.held_on for r in section.trust],
        [
            (side, [r.sides[i].mean for r in section.trust])
            for i, side in enumerate(section.sides)
        ],
    )
    if trust is not None:
        out["trust"] = trust
    density = density_chart(
        [r.held_on for r in section.density], [r.density for r in section.density]
    )
    if density is not None:
        out["density"] = density
    if section.objectives:
        out["objective_status"] = charts.bar_chart(
            _("Objectives by status"),
            _("Status"),
            _("Objectives (count)"),
            [label for label, _count in section.status_counts],
            {_("Objectives"): [count for _label, count in section.status_counts]},
            number=l10n.number,
            integer_axis=True,
            key="objective-status",
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
                [r.title, l10n.day(r.held_on)]
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
                    l10n.day(r.held_on),
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
                [l10n.day(o.observed_on), o.social_actor, o.change, o.significance]
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
                    l10n.day(r.review_on),
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
