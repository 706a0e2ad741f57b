"""The opinion map on the chart layer: a title, axes with units, a marker and
colour per group, a text alternative, the groups as a table, numbers in the
reader's language and coordinates never."""

from __future__ import annotations

import re

from django.utils import translation

from backchannel.consultations.charts import opinion_chart
from tests.web.svg import assert_svg_unlocalised


def _results(sampled: bool = False) -> dict:
    west = [[-1.0 + 0.05 * i, 0.25 - 0.02 * i, 0] for i in range(12)]
    east = [[1.0 - 0.05 * i, -0.5 + 0.03 * i, 1] for i in range(8)]
    return {
        "in_map": 40 if sampled else 20,
        "groups": [
            {"id": 0, "label": "A", "size": 24 if sampled else 12},
            {"id": 1, "label": "B", "size": 16 if sampled else 8},
        ],
        "map": {
            "points": west + east,
            "extent": [-1, 1, -0.5, 0.25],
            "sampled": sampled,
        },
    }


def test_the_map_has_a_title_axes_with_units_and_the_groups_as_a_table() -> None:
    chart = opinion_chart(_results())
    assert chart is not None
    axes = chart.figure.axes[0]
    assert axes.get_title(loc="left") == "Opinion map"
    assert "(principal component, no unit)" in " ".join(axes.get_xlabel().split())
    assert "(principal component, no unit)" in " ".join(axes.get_ylabel().split())
    # every point drawn, each group with its own marker
    collections = axes.collections
    assert [len(c.get_offsets()) for c in collections] == [12, 8]
    shapes = [len(c.get_paths()[0].vertices) for c in collections]
    assert shapes[0] != shapes[1]  # a circle and a square: reads in grey too
    # the axes hold every point and the origin, one scale on both
    axes.figure.canvas.draw()
    (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
    assert x0 < -1.0 and x1 > 1.0 and y0 < -0.5 and y1 > 0.25
    assert axes.get_aspect() == 1.0
    assert chart.table.columns[:2] == ["Opinion group", "Participants"]
    assert [row[:2] for row in chart.table.rows] == [
        ["Group A", "12"],
        ["Group B", "8"],
    ]
    assert chart.table.rows[0][2] == "-0.72"  # the centre of group A on x
    svg = chart.svg()
    assert re.search(r"<title [^>]*>Opinion map</title>", svg)
    assert "Each dot is a participant" in chart.text_alternative
    assert "20 participants" in chart.text_alternative
    assert chart.note == ""


def test_numbers_follow_the_reader_and_coordinates_never_do() -> None:
    with translation.override("fr"):
        chart = opinion_chart(_results(sampled=True))
        assert chart is not None
        svg = chart.svg()
    assert chart.title == "Carte des opinions"
    assert chart.table.rows[0][2] == "-0,72"
    assert "-0,5" in svg or "0,5" in svg  # a tick label, the French way
    assert_svg_unlocalised(svg, at_least=50)
    assert "20" in chart.note and "40" in chart.note  # sampled: says so


def test_no_map_before_anyone_is_placed() -> None:
    assert opinion_chart({"groups": [], "map": {"points": []}}) is None
