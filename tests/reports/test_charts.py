"""Charts of the report: titles, axes with units, SVG safe under the CSP."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from backchannel.reports import charts
from backchannel.reports.cells import suppress_counts


def _all() -> list[charts.Chart]:
    return [
        charts.line_chart(
            "Trust across rounds, by side",
            "Trust round",
            "Mean trust score (1–5 scale)",
            ["Mar 2026", "Sep 2026"],
            {"North": [2.5, 3.25], "South": [None, 3.0]},
            y_range=(1, 5),
        ),
        charts.bar_chart(
            "Airtime and seats by side",
            "Side",
            "Share (%)",
            ["North", "South"],
            {"Seats": [50.0, 50.0], "Airtime": [70.0, 30.0]},
        ),
        charts.hbar_chart(
            "Indicator progress",
            "Progress from baseline to target (%)",
            "Indicator",
            ["Gauges shared", "Officials consulted"],
            [80.0, None],
        ),
        charts.bar_chart(
            "Transfers by month and channel",
            "Month",
            "Transfers (count)",
            ["2026-02", "2026-03"],
            {"Memo": [1, 0], "Meeting": [0, 2]},
            integer_axis=True,
        ),
    ]


def test_a_count_axis_has_whole_number_ticks() -> None:
    chart = _all()[-1]
    (axes,) = chart.figure.axes
    ticks = [t for t in axes.get_yticks() if t >= 0]
    assert ticks and all(float(t).is_integer() for t in ticks)


@pytest.mark.parametrize("chart", _all(), ids=lambda c: c.title)
def test_every_chart_has_a_title_and_axes_with_units(chart: charts.Chart) -> None:
    axes = chart.figure.axes[0]
    assert axes.get_title(loc="left") == chart.title
    assert axes.get_xlabel() and axes.get_ylabel()
    # A unit in brackets on the value axis.
    assert re.search(r"\(.+\)", axes.get_xlabel() + axes.get_ylabel())
    svg = chart.svg()
    assert svg.startswith("<svg")
    assert f"<title>{chart.title}</title>" in svg
    assert 'role="img"' in svg
    # Text stays text (readable, searchable), labels included.
    assert axes.get_ylabel() in svg or axes.get_xlabel() in svg


@pytest.mark.parametrize("chart", _all(), ids=lambda c: c.title)
def test_svg_carries_no_inline_style_and_no_metadata(chart: charts.Chart) -> None:
    svg = chart.svg()
    assert "style=" not in svg
    assert "<style" not in svg
    assert "<metadata" not in svg
    assert "Matplotlib" not in svg
    assert 'fill="' in svg  # the look survives as presentation attributes


def test_two_charts_share_no_element_id() -> None:
    first, second = (c.svg() for c in _all()[:2])
    ids_first = set(re.findall(r'\bid="([^"]+)"', first))
    ids_second = set(re.findall(r'\bid="([^"]+)"', second))
    assert ids_first and ids_second
    assert not ids_first & ids_second
    # Every reference points at an id of the same chart.
    for ref in re.findall(r'href="#([^"]+)"', first):
        assert ref in ids_first


def test_png_is_an_image_without_software_tag() -> None:
    data = _all()[1].png()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"Matplotlib" not in data


def test_the_ecosystem_graph_has_a_title_and_a_legend() -> None:
    chart = charts.graph_chart(
        "The ecosystem of processes",
        [("Lakeshore", "this"), ("Joint Commission", "external")],
        [(0, 1, "feeds into")],
        kind_labels={"this": "This process", "external": "External process"},
    )
    svg = chart.svg()
    assert "<title>The ecosystem of processes</title>" in svg
    assert "This process" in svg and "feeds into" in svg


def test_the_charts_module_imports_without_django() -> None:
    code = (
        "import sys; import backchannel.reports.charts, backchannel.reports.cells; "
        "assert 'django' not in sys.modules; "
        "import matplotlib; assert matplotlib.get_backend().lower() == 'agg'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_small_cells_and_their_partner_are_suppressed() -> None:
    assert suppress_counts({"a": 1, "b": 7, "c": 4}) == {"a": None, "b": 7, "c": None}
    assert suppress_counts({"a": 0, "b": 7}) == {"a": 0, "b": 7}
    assert suppress_counts({"a": 2, "b": 1, "c": 5}) == {"a": None, "b": None, "c": 5}


def test_a_lone_small_cell_among_zeros_takes_a_zero_as_its_partner() -> None:
    # "0, 0, fewer than 3, 0" next to a known total gives the hidden cell away.
    shown = suppress_counts({"woman": 0, "man": 0, "non_binary": 2, "undisclosed": 0})
    assert list(shown.values()).count(None) == 2 and shown["non_binary"] is None
