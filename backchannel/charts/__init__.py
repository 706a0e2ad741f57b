"""One chart layer for the pages and the PDFs (matplotlib's SVG and PNG).

Framework-free like the other engines: see :mod:`backchannel.charts.figures`.
Pages show a chart with ``{% chart … %}`` (``core/templatetags/charts.py``):
the SVG, its note, and its data as a table in a collapsed ``<details>``.
"""

from backchannel.charts.figures import (
    RENDERED,
    Chart,
    DataTable,
    Numbers,
    bar_chart,
    fit_range,
    graph_chart,
    hbar_chart,
    line_chart,
    plain_number,
    scatter_chart,
)

__all__ = [
    "RENDERED",
    "Chart",
    "DataTable",
    "Numbers",
    "bar_chart",
    "fit_range",
    "graph_chart",
    "hbar_chart",
    "line_chart",
    "plain_number",
    "scatter_chart",
]
