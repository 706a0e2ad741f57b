"""Template helpers of consultations: the opinion map (the chart layer's inline
SVG, no script) and the panel on the process dashboard."""

from __future__ import annotations

from typing import Any

from django import template

from backchannel.consultations.charts import opinion_chart
from backchannel.consultations.selectors import (
    Results,
    consultation_list_for,
    results_for,
    runs_for_many,
)

register = template.Library()

PANEL_CONSENSUS = 3


@register.inclusion_tag("consultations/_opinion_map.html")
def opinion_map(results: Results, map_id: str = "opinion-map") -> dict[str, Any]:
    """The map drawn by the chart layer (``consultations.charts``)."""
    return {"chart": opinion_chart(results.data, key=map_id), "map_id": map_id}


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
