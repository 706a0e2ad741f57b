"""The evaluation sections of the report's document (``reports.compose``):
trust, cross-side relationships, objective status, outcomes with the RPP
matrix, and the do-no-harm register."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from backchannel.charts import Chart
from backchannel.core import l10n
from backchannel.reports.counts import suppressed_label
from backchannel.reports.document import Figure, Paragraph, Section, Subheading, Table
from backchannel.reports.evaluation import EvaluationSection, TrustSide

MISSING = "–"


def _figure(section: Section, charts: Mapping[str, Chart], name: str) -> None:
    found = charts.get(name)
    if found is not None:
        section.blocks.append(Figure(found, "chart-" + name.replace("_", "-")))


def _mean(value: float | None) -> str:
    return MISSING if value is None else l10n.number(round(value, 2))


def _trust_cell(side: TrustSide) -> str:
    if side.respondents.suppressed:
        return suppressed_label()
    return _("%(n)d, mean %(mean)s") % {
        "n": side.respondents.count,
        "mean": _mean(side.mean),
    }


def evaluation_sections(
    ev: EvaluationSection, charts: Mapping[str, Chart]
) -> list[Section]:
    return [
        _trust(ev, charts),
        _network(ev, charts),
        _objective_status(ev, charts),
        _outcomes(ev),
        _risks(ev),
    ]


def _trust(ev: EvaluationSection, charts: Mapping[str, Chart]) -> Section:
    section = Section("report-trust", _("Trust"))
    blocks = section.blocks
    if ev.trust:
        blocks.append(
            Table(
                [_("Round"), _("Date"), *ev.sides, _("All sides")],
                [
                    [r.title, l10n.day(r.held_on)]
                    + [_trust_cell(s) for s in r.sides]
                    + [_mean(r.overall)]
                    for r in ev.trust
                ],
                section.title_id,
                numeric=frozenset(range(2, len(ev.sides) + 3)),
                row_headers=True,
            )
        )
        blocks.append(
            Paragraph(
                _("Per side: respondents, and the mean trust score (1–5).")
                + " "
                + _(
                    "A side with fewer than 3 respondents shows no figure, and "
                    "then neither does the round as a whole."
                ),
                "help",
            )
        )
    else:
        blocks.append(Paragraph(_("No trust rounds yet."), "muted"))
    _figure(section, charts, "trust")
    if ev.continuity:
        blocks.append(Subheading(_("Continuity of respondents"), "continuity-title"))
        blocks.append(
            Table(
                [_("Round"), *ev.sides],
                [
                    [r.title]
                    + [
                        MISSING if r.first or share is None else l10n.percent(share)
                        for _side, share in r.shares
                    ]
                    for r in ev.continuity
                ],
                "continuity-title",
                numeric=frozenset(range(1, len(ev.sides) + 1)),
                row_headers=True,
            )
        )
        blocks.append(
            Paragraph(
                _(
                    "Share of the previous round's respondents on each side who "
                    "answered again."
                ),
                "help",
            )
        )
    return section


def _network(ev: EvaluationSection, charts: Mapping[str, Chart]) -> Section:
    section = Section("report-network", _("Cross-side relationships"))
    if ev.density:
        section.blocks.append(
            Table(
                [_("Round"), _("Date"), _("Density (0–1)")],
                [
                    [
                        r.title,
                        l10n.day(r.held_on),
                        suppressed_label() if r.density is None else _mean(r.density),
                    ]
                    for r in ev.density
                ],
                section.title_id,
                numeric=frozenset({2}),
                row_headers=True,
            )
        )
    else:
        section.blocks.append(Paragraph(_("No contact reports yet."), "muted"))
    _figure(section, charts, "density")
    return section


def _objective_status(ev: EvaluationSection, charts: Mapping[str, Chart]) -> Section:
    section = Section("report-objective-status", _("Objective status"))
    if ev.objectives:
        section.blocks.append(
            Table(
                [_("Objective"), _("Status")],
                [[o.text, o.status] for o in ev.objectives],
                section.title_id,
            )
        )
    _figure(section, charts, "objective_status")
    return section


def _outcomes(ev: EvaluationSection) -> Section:
    section = Section("report-outcomes", _("Outcomes"))
    blocks = section.blocks
    if ev.outcomes:
        blocks.append(
            Table(
                [_("Observed"), _("Who changed"), _("Change"), _("Significance")],
                [
                    [l10n.day(o.observed_on), o.social_actor, o.change, o.significance]
                    for o in ev.outcomes
                ],
                section.title_id,
            )
        )
    else:
        blocks.append(Paragraph(_("No outcomes harvested yet."), "muted"))
    blocks.append(Subheading(_("Reflecting on Peace Practice"), "rpp-title"))
    blocks.append(
        Table(
            [_("Reach"), _("Level"), _("Objectives"), _("Outcomes")],
            [
                [c.reach, c.level, l10n.number(c.objectives), l10n.number(c.outcomes)]
                for c in ev.rpp
            ],
            "rpp-title",
            numeric=frozenset({2, 3}),
        )
    )
    blocks.extend(Paragraph(w, "warning") for w in ev.rpp_warnings)
    return section


def _risks(ev: EvaluationSection) -> Section:
    section = Section("report-risks", _("Do-no-harm register"))
    if ev.risks:
        section.blocks.append(
            Table(
                [_("Risk"), _("Description"), _("Score"), _("Mitigation"), _("Review")],
                [
                    [
                        r.kind,
                        r.description,
                        l10n.number(r.score),
                        r.mitigation,
                        l10n.day(r.review_on),
                    ]
                    for r in ev.risks
                ],
                section.title_id,
                numeric=frozenset({2}),
            )
        )
    else:
        section.blocks.append(Paragraph(_("No risks registered."), "muted"))
    return section
