"""The report as an HTML page (charts inlined as SVG) and as a PDF (fpdf2 via
``core.pdf``: no author, producer or date; charts as PNG)."""

from __future__ import annotations

import io
import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from backchannel import charts
from backchannel.charts import Chart
from backchannel.core import l10n
from backchannel.core.pdf import FONT_FAMILY, new_pdf, render_pdf
from backchannel.processes.charts import ecosystem_chart
from backchannel.reports.builder import Report
from backchannel.reports.counts import suppressed_label
from backchannel.reports.evaluation_render import evaluation_charts, evaluation_pdf

# fontTools reports every font subset at INFO: nothing an operator needs.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def report_charts(report: Report) -> dict[str, Chart]:
    """Every chart of the report, by section, with translated titles and axes."""
    out: dict[str, Chart] = {}
    comp = report.composition
    if comp.sides:
        genders = [cell.label for cell in comp.sides[0].gender]
        series = {
            label: [
                next(c.count for c in s.gender if c.label == label) for s in comp.sides
            ]
            for label in genders
            if any(
                next(c for c in s.gender if c.label == label).count for s in comp.sides
            )
        }
        out["composition"] = charts.bar_chart(
            _("Participants by side and gender"),
            _("Side"),
            _("Participants (people)"),
            [s.side for s in comp.sides],
            series,
            note=_("A dash: a count of %(suppressed)s, not shown.")
            % {"suppressed": suppressed_label()},
            number=l10n.number,
            integer_axis=True,
            key="composition",
        )
    if report.airtime.rows:
        rows = report.airtime.rows
        out["airtime"] = charts.bar_chart(
            _("Airtime and seats by side"),
            _("Side"),
            _("Share (%)"),
            [r.side for r in rows],
            {
                _("Seats"): [_pct(r.seat_share) for r in rows],
                _("Airtime"): [_pct(r.airtime_share) for r in rows],
            },
            y_range=(0, 100),
            number=l10n.number,
            key="airtime",
        )
    scored = [idea for idea in report.ideas.ideas if idea.versions]
    if scored:
        longest = max(len(idea.versions) for idea in scored)
        out["convergence"] = charts.line_chart(
            _("Idea convergence across versions"),
            _("Version"),
            _("Cross-side support score (0–1)"),
            [f"v{n}" for n in range(1, longest + 1)],
            {
                idea.title: idea.scores + [None] * (longest - len(idea.scores))
                for idea in scored
            },
            y_range=(0, 1),
            note=_("No point for a version: a side gave fewer than 3 responses."),
            number=l10n.number,
            key="convergence",
        )
    indicators = [
        (indicator.name, _pct(indicator.progress))
        for phase in report.phases
        for objective in phase.objectives
        for indicator in objective.indicators
    ]
    if indicators:
        out["indicators"] = charts.hbar_chart(
            _("Indicator progress"),
            _("Progress from baseline to target (%)"),
            _("Indicator"),
            [name for name, _value in indicators],
            [value for _name, value in indicators],
            x_range=(0, 100),
            number=l10n.number,
            key="indicators",
        )
    eco = report.ecosystem
    ecosystem = ecosystem_chart(
        [(n.label, n.kind) for n in eco.nodes],
        [(e.source, e.target, e.relation) for e in eco.edges],
    )
    if ecosystem is not None:
        out["ecosystem"] = ecosystem
    if report.evaluation is not None:
        out.update(evaluation_charts(report.evaluation))
    moved = report.transfers
    if moved is not None and moved.total:
        out["transfers"] = charts.bar_chart(
            _("Transfers by month and channel"),
            _("Month"),
            _("Transfers (count)"),
            [l10n.month(m.first_day) for m in moved.months],
            {
                channel: [m.by_channel[i] for m in moved.months]
                for i, channel in enumerate(moved.channels)
            },
            note=_("Dates and channels only: no recipient, carrier or text is shown."),
            number=l10n.number,
            integer_axis=True,
            key="transfers",
        )
    return out


def report_context(report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "charts": report_charts(report),
        "suppressed": suppressed_label(),
    }


def render_html_document(report: Report) -> str:
    """A standalone HTML file (styles inside it) for the CLI and the API."""
    return render_to_string("reports/report_document.html", report_context(report))


# -- PDF


def render_pdf_document(report: Report) -> bytes:
    pdf = new_pdf()
    pdf.set_title("")
    pdf.add_page()
    width = pdf.epw
    charts_by_name = report_charts(report)

    def heading(text: str, size: float = 14) -> None:
        pdf.set_font(FONT_FAMILY, "B", size)
        pdf.multi_cell(width, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
        pdf.set_font(FONT_FAMILY, "", 10)

    def para(text: str, style: str = "") -> None:
        pdf.set_font(FONT_FAMILY, style, 10)
        pdf.multi_cell(width, 5.2, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font(FONT_FAMILY, "", 10)

    def chart(name: str) -> None:
        found = charts_by_name.get(name)
        if found is None:
            return
        image = io.BytesIO(found.png(dpi=160))
        pdf.image(image, w=width * 0.9, alt_text=found.text_alternative)
        if found.note:
            para(found.note, "I")
        pdf.ln(3)

    def table(header: list[str], rows: list[list[str]]) -> None:
        pdf.set_font(FONT_FAMILY, "", 9)
        with pdf.table(
            text_align="LEFT", line_height=5, first_row_as_headings=True
        ) as t:
            row = t.row()
            for cell in header:
                row.cell(cell)
            for values in rows:
                row = t.row()
                for cell in values:
                    row.cell(cell)
        pdf.ln(3)
        pdf.set_font(FONT_FAMILY, "", 10)

    ov = report.overview
    heading(_("Process report: %(title)s") % {"title": ov.title}, 16)
    para(
        _(
            "Non-attributed: this report names no participant and no speaker. "
            "Counts of people under 3 read “%(suppressed)s”."
        )
        % {"suppressed": suppressed_label()},
        "I",
    )
    heading(_("Overview"))
    table(
        [_("Item"), _("Value")],
        [
            [_("Track"), ov.track],
            [_("Stage"), ov.stage],
            [_("Approach"), ov.approach],
            [_("Status"), ov.status],
            [_("Record rule"), ov.record_rule],
            [_("Sides"), ", ".join(ov.sides)],
            [_("Meetings"), _meetings_text(ov)],
        ],
    )
    if ov.context:
        para(ov.context)

    heading(_("Phases, objectives and indicators"))
    for phase in report.phases:
        heading(
            f"{phase.title} ({phase.stage}, {_dates(phase.starts_on, phase.ends_on)})",
            12,
        )
        for objective in phase.objectives:
            para(f"{objective.text} — {objective.kind}; {objective.status}", "B")
            if objective.expectation:
                para(objective.expectation)
            if objective.indicators:
                table(
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
                            f"{i.baseline:g}",
                            "–" if i.latest is None else f"{i.latest:g}",
                            f"{i.target:g}",
                            _percent(i.progress),
                        ]
                        for i in objective.indicators
                    ],
                )
    chart("indicators")

    heading(_("Composition"))
    comp = report.composition
    para(_("%(n)d participants seated on a side.") % {"n": comp.total})
    for title, part in (
        (_("By capacity"), "capacity"),
        (_("By gender"), "gender"),
        (_("By level"), "level"),
    ):
        if not comp.sides:
            break
        first = getattr(comp.sides[0], part)
        para(title, "B")
        table(
            [_("Side"), _("Seats"), *[c.label for c in first]],
            [
                [
                    s.side,
                    suppressed_label()
                    if s.seats is None
                    else f"{s.seats} ({_percent(s.share)})",
                ]
                + [c.text for c in getattr(s, part)]
                for s in comp.sides
            ],
        )
    for warning in comp.warnings:
        para(warning, "I")
    chart("composition")

    heading(_("Airtime and seats"))
    air = report.airtime
    if air.rows:
        table(
            [_("Side"), _("Seat share"), _("Airtime share"), _("Well below its seats")],
            [
                [
                    r.side,
                    _percent(r.seat_share),
                    _percent(r.airtime_share),
                    _("yes") if r.below else _("no"),
                ]
                for r in air.rows
            ],
        )
    else:
        para(_("No airtime recorded yet."))
    for warning in air.warnings:
        para(warning, "I")
    chart("airtime")

    heading(_("Trial balloons: convergence"))
    if report.ideas.ideas:
        table(
            [_("Idea"), _("Status"), _("Direction"), *report.ideas.sides],
            [
                [idea.title, idea.status, idea.direction]
                + [_side_cell(s) for s in idea.latest]
                for idea in report.ideas.ideas
            ],
        )
        para(
            _("Per side: responses to the latest version, and the acceptable share."),
            "I",
        )
    else:
        para(_("No trial balloons yet."))
    chart("convergence")

    if report.evaluation is not None:
        evaluation_pdf(report.evaluation, heading, para, table, chart)

    heading(_("Ecosystem"))
    eco = report.ecosystem
    if eco.edges:
        table(
            [_("From"), _("Relation"), _("To")],
            [
                [eco.nodes[e.source].label, e.relation, eco.nodes[e.target].label]
                for e in eco.edges
            ],
        )
    else:
        para(_("No links to other processes."))
    chart("ecosystem")

    if report.transfers is not None:
        _transfers_pdf(report.transfers, heading, para, table)
        chart("transfers")
    return render_pdf(pdf)


def _transfers_pdf(moved: Any, heading: Any, para: Any, table: Any) -> None:
    heading(_("Transfers over time"))
    if not moved.total:
        para(_("No transfers recorded yet."))
        return
    para(
        _("%(n)d transfers from %(first)s to %(last)s.")
        % {
            "n": moved.total,
            "first": l10n.day(moved.first_on),
            "last": l10n.day(moved.last_on),
        }
    )
    table(
        [_("Month"), *moved.channels, _("Total")],
        [
            [l10n.month(m.first_day), *[str(n) for n in m.by_channel], str(m.total)]
            for m in moved.months
        ],
    )
    table(
        [_("Classification"), _("Transfers")],
        [[c.label, str(c.count)] for c in moved.by_classification],
    )
    table(
        [_("Kind"), _("Transfers")],
        [[c.label, str(c.count)] for c in moved.by_kind],
    )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _dates(start: Any, end: Any) -> str:
    if start is None and end is None:
        return _("no dates")
    return f"{l10n.day(start) or '…'} – {l10n.day(end) or '…'}"


def _meetings_text(ov: Any) -> str:
    if not ov.meetings:
        return _("none yet")
    return _("%(n)d, from %(first)s to %(last)s") % {
        "n": ov.meetings,
        "first": l10n.day(ov.first_meeting),
        "last": l10n.day(ov.last_meeting),
    }


def _side_cell(side: Any) -> str:
    if side.responses.suppressed:
        return suppressed_label()
    return _("%(n)d responses, %(share)s acceptable") % {
        "n": side.responses.count,
        "share": _percent(side.acceptable_share),
    }
