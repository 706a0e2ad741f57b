"""Trend charts of the evaluation as geometry for server-rendered SVG
(``evaluation/_trend_chart.html``): no script, no inline style, the classes of
app.css. A suppressed point is a gap in its line, never a value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format, number_format

WIDTH, HEIGHT = 480, 180
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 14, 30
LINE_CLASSES = ["chart__line", "chart__line chart__line--lenient"]


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    if count == 1:
        return LEFT + span / 2
    return round(LEFT + index * span / (count - 1), 1)


def trend_chart(
    dates: list[dt.date],
    series: list[tuple[str, list[float | None]]],
    *,
    low: float,
    high: float,
    grid: list[float],
) -> dict[str, Any] | None:
    """``series``: (name, one value or None per date). Each unbroken run of
    values is one polyline; None leaves a gap."""
    if not dates:
        return None
    count = len(dates)

    def y(value: float) -> float:
        return round(TOP + (high - value) / (high - low) * (HEIGHT - TOP - BOTTOM), 1)

    lines = []
    for index, (name, values) in enumerate(series):
        runs: list[list[tuple[float, float]]] = [[]]
        points = []
        for i, value in enumerate(values):
            if value is None:
                runs.append([])
                continue
            point = (_x(i, count), y(value))
            runs[-1].append(point)
            points.append({"x": point[0], "y": point[1], "value": value})
        lines.append(
            {
                "name": name,
                "css": LINE_CLASSES[index % len(LINE_CLASSES)],
                "legend": "legend legend--lenient"
                if index % 2
                else "legend legend--strict",
                "runs": [
                    " ".join(f"{px},{py}" for px, py in run) for run in runs if run
                ],
                "points": points,
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "tick_y": HEIGHT - BOTTOM + 16,
        # visible labels in the reader's locale ("0,5", "janv. 2026"); the
        # geometry is written unlocalised by the template
        "grid": [
            {"y": y(v), "label": number_format(int(v) if v == int(v) else v)}
            for v in grid
        ],
        "ticks": [
            {"x": _x(i, count), "label": date_format(d, "M Y")}
            for i, d in enumerate(dates)
        ],
        "lines": lines,
        "description": "; ".join(
            f"{name}: "
            + ", ".join(
                f"{d.isoformat()} {'–' if v is None else f'{v:g}'}"
                for d, v in zip(dates, values, strict=True)
            )
            for name, values in series
        ),
    }
