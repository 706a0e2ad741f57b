"""The report's document (``reports.document``), composed once from the
report's figures (``reports.builder``) and its charts: what the page and the
PDF both show, in the reader's language (numbers and dates included)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backchannel.charts import Chart
from backchannel.core import l10n
from backchannel.reports.builder import Report
from backchannel.reports.compose_evaluation import evaluation_sections
from backchannel.reports.counts import suppressed_label
from backchannel.reports.document import (
    Document,
    Facts,
    Figure,
    Paragraph,
    Section,
    Subheading,
    Table,
)

MISSING = "–"


def percent(value: float | None) -> str:
    return MISSING if value is None else l10n.percent(value)


def figure(section: Section, charts: Mapping[str, Chart], name: str) -> None:
    """The chart ``name``, if the report has it, at the end of ``section``."""
    found = charts.get(name)
    if found is not None:
        section.blocks.append(Figure(found, "chart-" + name.replace("_", "-")))


def compose(report: Report, charts: Mapping[str, Chart]) -> Document:
    sections = [
        _overview(report),
        _phases(report, charts),
        _composition(report, charts),
        _airtime(report, charts),
        _ideas(report, charts),
    ]
    if report.evaluation is not None:
        sections.extend(evaluation_sections(report.evaluation, charts))
    sections.append(_ecosystem(report, charts))
    if report.transfers is not None:
        sections.append(_transfers(report.transfers, charts))
    return Document(
        title=_("Process report: %(title)s") % {"title": report.overview.title},
        note=_(
            "Non-attributed: this report names no participant and no speaker. "
            "Counts of people under 3 read “%(suppressed)s”."
        )
        % {"suppressed": suppressed_label()},
        suppressed=suppressed_label(),
        sections=sections,
    )


def _overview(report: Report) -> Section:
    ov = report.overview
    if ov.meetings:
        meetings = _("%(n)d, from %(first)s to %(last)s") % {
            "n": ov.meetings,
            "first": l10n.day(ov.first_meeting),
            "last": l10n.day(ov.last_meeting),
        }
    else:
        meetings = _("none yet")
    section = Section("report-overview", _("Overview"))
    section.blocks.append(
        Facts(
            [
                (_("Track"), ov.track),
                (_("Stage"), ov.stage),
                (_("Approach"), ov.approach),
                (_("Status"), ov.status),
                (_("Record rule"), ov.record_rule),
                (_("Sides"), ", ".join(ov.sides)),
                (_("Meetings"), meetings),
            ]
        )
    )
    if ov.context:
        section.blocks.append(Paragraph(ov.context))
    return section


def _dates(phase: Any) -> str:
    parts = [phase.stage]
    if phase.starts_on or phase.ends_on:
        parts.append(
            f"{l10n.day(phase.starts_on) or '…'} – {l10n.day(phase.ends_on) or '…'}"
        )
    if phase.current:
        parts.append(_("current"))
    return " · ".join(parts)


def _phases(report: Report, charts: Mapping[str, Chart]) -> Section:
    section = Section("report-phases", _("Phases, objectives and indicators"))
    blocks = section.blocks
    for n, phase in enumerate(report.phases, 1):
        heading = f"report-phase-{n}"
        blocks.append(Subheading(phase.title, heading, _dates(phase)))
        for objective in phase.objectives:
            blocks.append(
                Paragraph(
                    objective.text, "strong", f"{objective.kind} · {objective.status}"
                )
            )
            if objective.expectation:
                blocks.append(Paragraph(objective.expectation, "help"))
            if objective.indicators:
                blocks.append(
                    Table(
                        [
                            _("Indicator"),
                            _("Baseline"),
                            _("Latest"),
                            _("Target"),
                            _("Progress"),
                        ],
                        [
                            [
                                f"{i.name} ({i.unit})" if i.unit else i.name,
                                l10n.number(i.baseline),
                                MISSING if i.latest is None else l10n.number(i.latest),
                                l10n.number(i.target),
                                percent(i.progress),
                            ]
                            for i in objective.indicators
                        ],
                        heading,
                        numeric=frozenset({1, 2, 3, 4}),
                    )
                )
        if not phase.objectives:
            blocks.append(Paragraph(_("No objectives in this phase."), "muted"))
    if not report.phases:
        blocks.append(Paragraph(_("No phases yet."), "muted"))
    figure(section, charts, "indicators")
    return section


def composition_tables(report: Report) -> list[tuple[str, list[str], list[Any]]]:
    """The composition as three narrow tables (by capacity, gender, level):
    one wide table of every category overflowed its box. Each: (title,
    column labels, rows of (side, seats text, cells))."""
    comp = report.composition
    if not comp.sides:
        return []
    tables = []
    for title, part in (
        (_("By capacity"), "capacity"),
        (_("By gender"), "gender"),
        (_("By level"), "level"),
    ):
        columns = [c.label for c in getattr(comp.sides[0], part)]
        rows = [
            (
                s.side,
                suppressed_label()
                if s.seats is None
                else f"{l10n.number(s.seats)} ({percent(s.share)})",
                getattr(s, part),
            )
            for s in comp.sides
        ]
        tables.append((title, columns, rows))
    return tables


def _count(cell: Any) -> str:
    return suppressed_label() if cell.count is None else l10n.number(cell.count)


def _composition(report: Report, charts: Mapping[str, Chart]) -> Section:
    comp = report.composition
    section = Section("report-composition", _("Composition"))
    blocks = section.blocks
    blocks.append(
        Paragraph(
            ngettext(
                "%(n)s participant seated on a side.",
                "%(n)s participants seated on a side.",
                comp.total,
            )
            % {"n": l10n.number(comp.total)}
        )
    )
    for n, (title, columns, rows) in enumerate(composition_tables(report), 1):
        heading = f"composition-table-{n}"
        blocks.append(Subheading(title, heading))
        blocks.append(
            Table(
                [_("Side"), _("Seats"), *columns],
                [
                    [side, seats, *(_count(c) for c in cells)]
                    for side, seats, cells in rows
                ],
                heading,
                numeric=frozenset(range(1, len(columns) + 2)),
                row_headers=True,
            )
        )
    blocks.extend(Paragraph(w, "warning") for w in comp.warnings)
    figure(section, charts, "composition")
    return section


def _airtime(report: Report, charts: Mapping[str, Chart]) -> Section:
    air = report.airtime
    section = Section("report-airtime", _("Airtime and seats"))
    if air.rows:
        section.blocks.append(
            Table(
                [
                    _("Side"),
                    _("Seat share"),
                    _("Airtime share"),
                    _("Well below its seats"),
                ],
                [
                    [
                        r.side,
                        percent(r.seat_share),
                        percent(r.airtime_share),
                        _("yes") if r.below else _("no"),
                    ]
                    for r in air.rows
                ],
                section.title_id,
                numeric=frozenset({1, 2}),
                row_headers=True,
            )
        )
    else:
        section.blocks.append(Paragraph(_("No airtime recorded yet."), "muted"))
    section.blocks.extend(Paragraph(w, "warning") for w in air.warnings)
    figure(section, charts, "airtime")
    return section


def _side_cell(side: Any) -> str:
    if side.responses.suppressed:
        return suppressed_label()
    return _("%(n)d responses, %(share)s acceptable") % {
        "n": side.responses.count,
        "share": percent(side.acceptable_share),
    }


def _ideas(report: Report, charts: Mapping[str, Chart]) -> Section:
    ideas = report.ideas
    section = Section("report-ideas", _("Trial balloons: convergence"))
    if ideas.ideas:
        section.blocks.append(
            Table(
                [_("Idea"), _("Status"), _("Direction"), *ideas.sides],
                [
                    [idea.title, idea.status, idea.direction]
                    + [_side_cell(s) for s in idea.latest]
                    for idea in ideas.ideas
                ],
                section.title_id,
                numeric=frozenset(range(3, 3 + len(ideas.sides))),
                row_headers=True,
            )
        )
        section.blocks.append(
            Paragraph(
                _(
                    "Per side: responses to the latest version, and the share who "
                    "find it acceptable."
                ),
                "help",
            )
        )
    else:
        section.blocks.append(Paragraph(_("No trial balloons yet."), "muted"))
    figure(section, charts, "convergence")
    return section


def _ecosystem(report: Report, charts: Mapping[str, Chart]) -> Section:
    eco = report.ecosystem
    section = Section("report-ecosystem", _("Ecosystem"))
    if eco.edges:

        def node(index: int) -> str:
            n = eco.nodes[index]
            return f"{n.label} ({n.detail})" if n.detail else n.label

        section.blocks.append(
            Table(
                [_("From"), _("Relation"), _("To")],
                [[node(e.source), e.relation, node(e.target)] for e in eco.edges],
                section.title_id,
            )
        )
    else:
        section.blocks.append(Paragraph(_("No links to other processes."), "muted"))
    figure(section, charts, "ecosystem")
    return section


def _transfers(moved: Any, charts: Mapping[str, Chart]) -> Section:
    section = Section("report-transfers", _("Transfers over time"))
    blocks = section.blocks
    if not moved.total:
        blocks.append(Paragraph(_("No transfers recorded yet."), "muted"))
        return section
    blocks.append(
        Paragraph(
            ngettext(
                "%(n)s transfer from %(first)s to %(last)s.",
                "%(n)s transfers from %(first)s to %(last)s.",
                moved.total,
            )
            % {
                "n": l10n.number(moved.total),
                "first": l10n.day(moved.first_on),
                "last": l10n.day(moved.last_on),
            }
        )
    )
    blocks.append(
        Table(
            [_("Month"), *moved.channels, _("Total")],
            [
                [
                    l10n.month(m.first_day),
                    *(l10n.number(n) for n in m.by_channel),
                    l10n.number(m.total),
                ]
                for m in moved.months
            ],
            section.title_id,
            numeric=frozenset(range(1, len(moved.channels) + 2)),
            row_headers=True,
        )
    )
    for label, counts in (
        (_("Classification"), moved.by_classification),
        (_("Kind"), moved.by_kind),
    ):
        blocks.append(
            Table(
                [label, _("Transfers")],
                [[c.label, l10n.number(c.count)] for c in counts],
                section.title_id,
                numeric=frozenset({1}),
            )
        )
    blocks.append(
        Paragraph(
            _(
                "Dates, channels and kinds only: the report never names a "
                "recipient or a carrier."
            ),
            "help",
        )
    )
    figure(section, charts, "transfers")
    return section
