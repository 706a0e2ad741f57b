"""``{% chart some_chart "dom-id" %}``: a chart of :mod:`backchannel.charts` on
a page: its SVG (title, description, ARIA), its note, and the figures as a
table in a collapsed ``<details>`` that works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import mark_safe

from backchannel.charts import Chart

register = template.Library()


@register.inclusion_tag("charts/_chart.html")
def chart(chart: Chart | str | None, chart_id: str = "") -> dict[str, Any]:
    if not isinstance(chart, Chart):  # None, or a chart the report lacks ("")
        return {"chart": None}
    # matplotlib's own output, serialised by ElementTree: every text escaped.
    svg = mark_safe(chart.svg())  # noqa: S308
    return {"chart": chart, "svg": svg, "chart_id": chart_id}
