"""Template helpers of consultations: the opinion map (inline SVG drawn on the
server, no script) and the panel on the process dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from backchannel.consultations.selectors import (
    Results,
    consultation_list_for,
    results_for,
    runs_for_many,
)

register = template.Library()

WIDTH, HEIGHT, MARGIN = 480, 360, 24
DOT_R = 3.0
PANEL_CONSENSUS = 3


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    group: int


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    group: int


def map_layout(data: dict[str, Any]) -> dict[str, Any]:
    """Fit the stored projection into the SVG box, keeping the aspect ratio so
    that distances on the map mean the same in both directions."""
    points = data.get("map", {}).get("points", [])
    x0, x1, y0, y1 = data.get("map", {}).get("extent", [-1.0, 1.0, -1.0, 1.0])
    span = max(x1 - x0, y1 - y0, 1e-9)
    scale = min(WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN) / span
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        # SVG's y grows downwards.
        return (
            round(WIDTH / 2 + (x - cx) * scale, 1),
            round(HEIGHT / 2 - (y - cy) * scale, 1),
        )

    dots = [Dot(*at(x, y), int(g)) for x, y, g in points]
    groups = data.get("groups", [])
    labels = []
    for g in groups:
        members = [d for d in dots if d.group == g["id"]]
        if members:
            lx = sum(d.x for d in members) / len(members)
            ly = sum(d.y for d in members) / len(members)
            labels.append(Label(round(lx, 1), round(ly, 1), g["label"], g["id"]))
    ox, oy = at(0.0, 0.0)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "dots": dots,
        "labels": labels,
        "groups": groups,
        "dot_r": DOT_R,
        "origin": {"x": ox, "y": oy},
        "shown": len(dots),
        "total": data.get("in_map", len(dots)),
        "sampled": data.get("map", {}).get("sampled", False),
    }


@register.inclusion_tag("consultations/_opinion_map.html")
def opinion_map(results: Results, map_id: str = "opinion-map") -> dict[str, Any]:
    return {**map_layout(results.data), "map_id": map_id}


@register.inclusion_tag("consultations/_panel.html")
def consultation_panel(access: Any) -> dict[str, Any]:
    """The dashboard's summary of the process's consultations: the groups and
    what they agree on, fed back into the dialogue."""
    entries = []
    consultations = consultation_list_for(access)
    runs = runs_for_many(consultations)
    for consultation in consultations:
        latest, done = runs[consultation.pk]
        results = results_for(done)
        entries.append(
            {
                "consultation": consultation,
                "latest": latest,
                "results": results,
                "consensus": results.consensus[:PANEL_CONSENSUS] if results else [],
            }
        )
    return {"access": access, "process": access.process, "entries": entries}


@register.filter
def share(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"
