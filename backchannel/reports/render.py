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


def composition_tables(report: Report) -> list[tuple[str, list[str], list[Any]]]:
    """The composition as three narrow tables (by capacity, gender, level),
    the same on the page and in the PDF: one wide table of every category
    overflowed its box. Each: (title, column labels, rows of (side, seats
    text, cells))."""
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
                else f"{s.seats} ({_percent(s.share)})",
                getattr(s, part),
            )
            for s in comp.sides
        ]
        tables.append((title, columns, rows))
    return tables


def report_context(report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "charts": report_charts(report),
        "composition_tables": composition_tables(report),
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
        image = io.BytesIO(found.png(dpi=130))
        pdf.image(image, w=width * 0.9, alt_text=found.text_alternative)
        if found.note:
            para(found.note, "I")
        pdf.ln(3)

    def table(header: list[str], rows: list[list[str]]) -> None:
        size, widths = _column_widths(pdf, header, rows, width)
        pdf.set_font(FONT_FAMILY, "", size)
        with pdf.table(
            text_align="LEFT",
            line_height=size * 0.55,
            first_row_as_headings=True,
            col_widths=widths,
            width=min(sum(widths), pdf.epw),
            align="LEFT",
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
    for title, columns, rows in composition_tables(report):
        para(title, "B")
        table(
            [_("Side"), _("Seats"), *columns],
            [[side, seats] + [c.text for c in cells] for side, seats, cells in rows],
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


_PADDING = 2.2  # mm: fpdf2's cell padding on both sides, and a margin


def _column_widths(
    pdf: Any, header: list[str], rows: list[list[str]], width: float
) -> tuple[float, list[float]]:
    """A font size and column widths under which no word is wider than its
    column, so no header breaks inside a word ("Governme nt"): each column
    is at least its longest word (bold in the header), and the rest of the
    line is shared by how much text each column holds. The font shrinks
    (to 7 pt at the least) until the longest words fit side by side."""
    for size in (9, 8, 7):
        pdf.set_font(FONT_FAMILY, "B", size)
        floor = [
            max((pdf.get_string_width(w) for w in str(h).split()), default=0)
            for h in header
        ]
        pdf.set_font(FONT_FAMILY, "", size)
        for i in range(len(header)):
            for row in rows:
                cell = str(row[i]) if i < len(row) else ""
                longest = max(
                    (pdf.get_string_width(w) for w in cell.split()), default=0
                )
                floor[i] = max(floor[i], longest)
        floor = [f + 2 * _PADDING for f in floor]
        if sum(floor) <= width:
            break
    bulk = [
        max(
            pdf.get_string_width(str(h)),
            *(pdf.get_string_width(str(r[i])) if i < len(r) else 0 for r in rows),
        )
        + 2 * _PADDING
        for i, h in enumerate(header)
    ]
    if sum(bulk) <= width:
        return size, bulk  # everything on one line: no wider than needed
    spare = max(width - sum(floor), 0.0)
    extra = [max(b - f, 0.0) for b, f in zip(bulk, floor, strict=True)]
    total = sum(extra) or 1.0
    return size, [f + spare * e / total for f, e in zip(floor, extra, strict=True)]


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
