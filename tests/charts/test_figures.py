"""The chart layer: titles, axes with units and fitted ranges, markers, a text
alternative and a data table, SVG safe under the CSP, numbers the reader's way."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from backchannel import charts
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
        charts.scatter_chart(
            "Opinion map",
            "First axis (principal component, no unit)",
            "Second axis (principal component, no unit)",
            {"Group A": [(-1.0, 0.2), (-0.8, 0.1)], "Group B": [(0.9, -0.3)]},
            columns=("Group", "Participants", "Centre x", "Centre y"),
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
    assert re.search(rf"<title [^>]*>{re.escape(chart.title)}</title>", svg)
    assert "<desc " in svg and "aria-labelledby" in svg
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
        columns=("From", "Relation", "To"),
    )
    svg = chart.svg()
    assert ">The ecosystem of processes</title>" in svg
    assert "This process" in svg and "feeds into" in svg
    assert chart.table.rows == [["Lakeshore", "feeds into", "Joint Commission"]]


def test_the_charts_module_imports_without_django() -> None:
    code = (
        "import sys; import backchannel.charts, backchannel.reports.cells; "
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


def _axis_values(chart: charts.Chart) -> tuple[float, float]:
    (axes,) = chart.figure.axes
    return axes.get_ylim()


def test_the_value_axis_holds_every_value_drawn() -> None:
    # The density chart once drew 0.639 above an axis of 0 to 0.2.
    chart = charts.line_chart(
        "Density", "Round", "Density (0 to 1)", ["a", "b"], {"d": [0.12, 0.639]},
        y_range=(0, 0.2),
    )  # fmt: skip
    low, high = _axis_values(chart)
    assert low <= 0 and high > 0.639
    ticks = [float(t) for t in chart.figure.axes[0].get_yticks() if low <= t <= high]
    assert max(ticks) >= 0.6  # a gridline near the top value, not only 0–0.2
    bars = charts.bar_chart("Shares", "Side", "Share (%)", ["N"], {"s": [130.0]},
                            y_range=(0, 100))  # fmt: skip
    assert _axis_values(bars)[1] > 130
    below = charts.line_chart("T", "R", "Mean (1 to 5)", ["a"], {"s": [0.5]},
                              y_range=(1, 5))  # fmt: skip
    assert _axis_values(below)[0] < 0.5


@pytest.mark.parametrize(
    "nominal, values",
    [((0, 1), [0.2, 0.4]), ((None, None), [3.0]), ((0, None), []), ((1, 5), [7.5])],
)
def test_fit_range_contains_the_values_and_the_nominal_range(
    nominal: tuple[float | None, float | None], values: list[float]
) -> None:
    low, high = charts.fit_range(values, nominal)
    assert low < high
    for v in values:
        assert low <= v <= high
    if nominal[0] is not None:
        assert low <= nominal[0]
    if nominal[1] is not None:
        assert high >= nominal[1]


def test_a_lone_point_has_a_marker_and_is_drawn() -> None:
    chart = charts.line_chart(
        "Trust", "Round", "Mean (1 to 5)", ["Jan 2027"], {"North": [3.5]},
        y_range=(1, 5),
    )  # fmt: skip
    (line,) = chart.figure.axes[0].get_lines()
    assert line.get_marker() not in (None, "", "None")
    svg = chart.svg()
    # The marker is a <use> of a path definition in the SVG, inside the plot.
    assert "<use " in svg and "Jan 2027" in svg


def test_numbers_follow_the_given_format_and_coordinates_do_not() -> None:
    def french(value: float) -> str:
        return str(value).replace(".", ",")

    chart = charts.line_chart(
        "Score", "Version", "Score (0 to 1)", ["v1", "v2"], {"s": [0.25, 0.5]},
        y_range=(0, 1), number=french,
    )  # fmt: skip
    svg = chart.svg()
    assert re.search(r">0,[2468]</text>", svg)
    assert chart.table.rows == [["v1", "0,25"], ["v2", "0,5"]]
    # No attribute carries a decimal comma: "130,5" is not a coordinate.
    attributes = re.findall(r'\s(?:[a-z:-]+)="([^"]*)"', svg)
    geometry = [a for a in attributes if re.search(r"\d", a) and " " not in a.strip()]
    assert not [a for a in geometry if re.fullmatch(r"-?\d+,\d+", a)]
    assert not re.search(r'\sd="[^"]*\d,\d', svg)


def test_every_chart_has_a_data_table_and_a_text_alternative() -> None:
    for chart in _all():
        assert chart.table.columns and chart.table.rows
        assert all(len(row) == len(chart.table.columns) for row in chart.table.rows)
        assert chart.table.rows[0][0] in chart.text_alternative
        assert chart.text_alternative.split(":")[0] in chart.svg()


@pytest.mark.parametrize("count", [1, 2, 3])
def test_a_small_graph_draws_at_a_sane_size(count: int) -> None:
    # Two processes on one line once gave the picture a zero-span axis and a
    # height of millions of pixels.
    nodes = [("Lakeshore", "this"), *[(f"P{i}", "internal") for i in range(1, count)]]
    edges = [(0, i, "feeds into") for i in range(1, count)]
    chart = charts.graph_chart(
        "Ecosystem", nodes, edges, kind_labels={}, columns=("From", "Relation", "To")
    )
    from io import BytesIO

    from PIL import Image

    width, height = Image.open(BytesIO(chart.png(dpi=100))).size
    assert 200 < width < 1200 and 200 < height < 1200


def _trust(number: charts.Numbers = charts.plain_number) -> charts.Chart:
    return charts.line_chart(
        "Trust across rounds, by side",
        "Trust round",
        "Mean trust score (1–5 scale)",
        ["Mar 2026", "Sep 2026"],
        {"North": [2.5, 3.25], "South": [None, 3.0]},
        y_range=(1, 5),
        number=number,
        key="trust-cache",
    )


def test_the_same_chart_built_again_is_not_drawn_again() -> None:
    # The report's page, then its PDF, then the PDF again: one drawing each.
    charts.RENDERED.clear()
    first = _trust()
    svg, picture = first.svg(), first.picture(dpi=60)
    again = _trust()
    assert again.svg() == svg and again.picture(dpi=60) is picture
    assert again._figure is None  # never drawn: its figure was not even built
    assert picture.mode == "RGB" and picture.size[0] > 100


def test_charts_that_differ_in_a_value_or_a_number_format_are_drawn_apart() -> None:
    charts.RENDERED.clear()
    plain = _trust()
    french = _trust(lambda v: str(v).replace(".", ","))
    other = charts.line_chart(
        "Trust across rounds, by side",
        "Trust round",
        "Mean trust score (1–5 scale)",
        ["Mar 2026", "Sep 2026"],
        {"North": [2.5, 3.5], "South": [None, 3.0]},
        y_range=(1, 5),
        key="trust-cache",
    )
    assert len({plain.digest, french.digest, other.digest}) == 3
    assert "3,25" in french.svg() or "3,2" in french.svg()
    assert plain.svg() != french.svg() != other.svg()


def test_drawn_charts_are_forgotten_after_their_time() -> None:
    # What a destroyed process showed must not stay in a worker's memory.
    cache = charts.figures._Rendered(size=2, ttl=0.0)
    calls: list[int] = []
    cache.get(("a", "svg", 0), lambda: calls.append(1))
    cache.get(("a", "svg", 0), lambda: calls.append(1))
    assert len(calls) == 2
    bounded = charts.figures._Rendered(size=2, ttl=60.0)
    for name in "abc":
        bounded.get((name, "svg", 0), lambda: calls.append(1))
    assert len(bounded._items) == 2
