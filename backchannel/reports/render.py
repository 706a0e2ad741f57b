"""The report's charts, and its one document (``reports.compose``) drawn by
two thin renderers: the page (``reports/_report_body.html``, charts inlined as
SVG) and the PDF (fpdf2 via ``core.pdf``: no author, producer or date; charts
as pictures, drawn once per digest: ``charts.RENDERED``)."""

from __future__ import annotations

import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from backchannel import charts
from backchannel.charts import Chart
from backchannel.core import l10n
from backchannel.core.pdf import FONT_FAMILY, new_pdf, render_pdf, shape_for, style_for
from backchannel.processes.charts import ecosystem_chart
from backchannel.reports.builder import Report
from backchannel.reports.compose import compose
from backchannel.reports.counts import suppressed_label
from backchannel.reports.document import (
    Document,
    Facts,
    Figure,
    Paragraph,
    Subheading,
    Table,
)
from backchannel.reports.evaluation_render import evaluation_charts

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


def report_document(report: Report) -> Document:
    """The report's one document, charts drawn: what the page and the PDF show."""
    return compose(report, report_charts(report))


def report_context(report: Report) -> dict[str, Any]:
    return {"report": report, "document": report_document(report)}


def render_html_document(report: Report) -> str:
    """A standalone HTML file (styles inside it) for the CLI and the API."""
    return render_to_string("reports/report_document.html", report_context(report))


# -- PDF: the same document, laid out by fpdf2


def render_pdf_document(report: Report) -> bytes:
    document = report_document(report)
    rtl = translation.get_language_bidi()
    pdf = new_pdf(lang=translation.get_language() or "en")
    pdf.set_title("")
    pdf.add_page()
    width = pdf.epw
    align = "R" if rtl else "L"

    def heading(text: str, size: float = 14) -> None:
        shape_for(pdf, text, rtl=rtl)
        pdf.set_font(FONT_FAMILY, "B", size)
        pdf.multi_cell(
            width, size * 0.55, text, align=align, new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(1.5)
        pdf.set_font(FONT_FAMILY, "", 10)

    def para(text: str, style: str = "") -> None:
        shape_for(pdf, text, rtl=rtl)
        pdf.set_font(FONT_FAMILY, style_for(style, text), 10)
        pdf.multi_cell(width, 5.2, text, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font(FONT_FAMILY, "", 10)

    def table(header: list[str], rows: list[list[str]]) -> None:
        # each cell finds its own direction: a cell of English in an Arabic
        # table reads left to right, its "(%)" where it was written
        shape_for(pdf, *header, *(str(c) for row in rows for c in row))
        size, widths = _column_widths(pdf, header, rows, width)
        if rtl:  # the first column on the right, read first
            header, widths = header[::-1], widths[::-1]
            rows = [row[::-1] for row in rows]
        pdf.set_font(FONT_FAMILY, "", size)
        with pdf.table(
            text_align="RIGHT" if rtl else "LEFT",
            line_height=size * 0.55,
            first_row_as_headings=True,
            col_widths=widths,
            width=min(sum(widths), pdf.epw),
            align="RIGHT" if rtl else "LEFT",
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

    def figure(chart: Chart) -> None:
        pdf.image(
            chart.picture(dpi=130), w=width * 0.9, alt_text=chart.text_alternative
        )
        if chart.note:
            para(chart.note, "I")
        pdf.ln(3)

    heading(document.title, 16)
    para(document.note, "I")
    for section in document.sections:
        heading(section.title)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                text = f"{block.text} — {block.detail}" if block.detail else block.text
                para(text, _PDF_STYLE.get(block.style, ""))
            elif isinstance(block, Subheading):
                heading(
                    f"{block.text} ({block.detail})" if block.detail else block.text, 12
                )
            elif isinstance(block, Facts):
                table(
                    [
                        pgettext("report facts", "Item"),
                        pgettext("report facts", "Value"),
                    ],
                    [list(item) for item in block.items],
                )
            elif isinstance(block, Table):
                table(block.columns, block.rows)
            elif isinstance(block, Figure):
                figure(block.chart)
    return render_pdf(pdf)


#: A paragraph's style in the PDF: bold, italic for explanations and warnings.
_PDF_STYLE = {"strong": "B", "help": "I", "note": "I", "warning": "I"}


_PADDING = 2.2  # mm: fpdf2's cell padding on both sides, and a margin


def _column_widths(
    pdf: Any, header: list[str], rows: list[list[str]], width: float
) -> tuple[float, list[float]]:
    """A font size and column widths under which no word is wider than its
    column, so no header breaks inside a word ("Governme nt"): each column
    is at least its longest word (bold in the header), and the rest of the
    line is shared by how much text each column holds. The font shrinks
    (to 7 pt at the least) until the longest words fit side by side."""
    measured: dict[tuple[str, str], float] = {}

    def measure(text: str, style: str) -> float:
        # at 10 pt, scaled: widths grow linearly with the size
        if (text, style) not in measured:
            pdf.set_font(FONT_FAMILY, style, 10)
            measured[text, style] = pdf.get_string_width(text)
        return measured[text, style]

    # words as fpdf2 breaks lines: at spaces only, never at a no-break space
    # ("53 %" in French is one word)
    head_words = [str(h).split(" ") for h in header]
    cell_words = [
        [str(row[i]).split(" ") if i < len(row) else [] for row in rows]
        for i in range(len(header))
    ]
    for size in (9, 8, 7):
        scale = size / 10
        floor = [
            max((measure(w, "B") for w in words), default=0) * scale
            for words in head_words
        ]
        for i, column in enumerate(cell_words):
            for words in column:
                longest = max((measure(w, "") for w in words), default=0) * scale
                floor[i] = max(floor[i], longest)
        floor = [f + 2 * _PADDING for f in floor]
        if sum(floor) <= width:
            break
    # the header is set in bold: measured in bold, or a header that seemed to
    # fit on one line broke inside its last word ("Progressio n")
    heads = [measure(str(h), "B") * scale for h in header]
    bulk = [
        max(
            heads[i],
            *(measure(str(r[i]), "") * scale if i < len(r) else 0 for r in rows),
        )
        + 2 * _PADDING
        for i in range(len(header))
    ]
    pdf.set_font(FONT_FAMILY, "", size)
    if sum(bulk) <= width:
        return size, bulk  # everything on one line: no wider than needed
    spare = max(width - sum(floor), 0.0)
    extra = [max(b - f, 0.0) for b, f in zip(bulk, floor, strict=True)]
    total = sum(extra) or 1.0
    return size, [f + spare * e / total for f, e in zip(floor, extra, strict=True)]
