"""The convergence chart: the cross-side score of each version of an idea, as
geometry for a server-rendered SVG (``ideas/_convergence.html``). No script,
no inline style: the look comes from classes in app.css."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format

from backchannel.ideas.selectors import IdeaGround

WIDTH, HEIGHT = 360, 160
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 14, 30


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    if count == 1:
        return LEFT + span / 2
    return round(LEFT + index * span / (count - 1), 1)


def _y(score: float) -> float:
    return round(TOP + (1 - score) * (HEIGHT - TOP - BOTTOM), 1)


def convergence_chart(ground: IdeaGround) -> dict[str, Any] | None:
    """Points of the strict and lenient scores by version; None with no version."""
    versions = ground.versions
    if not versions:
        return None
    count = len(versions)
    ticks = []
    strict, lenient = [], []
    for i, view in enumerate(versions):
        x = _x(i, count)
        label = f"v{view.version.number}"
        if view.score is None:
            reason = "not shared" if not view.visible else "not enough responses"
            ticks.append({"x": x, "label": label, "missing": True, "reason": reason})
            continue
        ticks.append({"x": x, "label": label, "missing": False, "reason": ""})
        strict.append(
            {"x": x, "y": _y(view.score), "score": view.score, "label": label}
        )
        lenient.append({"x": x, "y": _y(view.lenient_score or 0.0)})
    # visible labels in the reader's locale ("0,25"); the geometry is written
    # unlocalised by the template
    grid = [
        {"y": _y(v), "label": number_format(int(v) if v == int(v) else v)}
        for v in (0.0, 0.25, 0.5, 0.75, 1.0)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": HEIGHT - BOTTOM,
        "tick_y": HEIGHT - BOTTOM + 16,
        "grid": grid,
        "ticks": ticks,
        "strict": strict,
        "strict_points": " ".join(f"{p['x']},{p['y']}" for p in strict),
        "lenient_points": " ".join(f"{p['x']},{p['y']}" for p in lenient),
        "description": "; ".join(
            f"{t['label']}: "
            + (
                t["reason"]
                if t["missing"]
                else f"{next(p['score'] for p in strict if p['label'] == t['label']):.2f}"
            )
            for t in ticks
        ),
        "trend": ground.trend,
    }
