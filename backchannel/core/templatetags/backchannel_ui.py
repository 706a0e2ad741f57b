"""Template helpers of the web UI: labels, numbers and the ecosystem graph."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from backchannel.core import web
from backchannel.core.markdown import (
    markdown_text,
    render_markdown,
    render_markdown_inline,
)

register = template.Library()


@register.simple_tag
def error_summary(*forms: Any) -> list[web.ErrorLink]:
    """``{% error_summary form formset as errors %}``: see core.web.error_summary."""
    return web.error_summary(*forms)


@register.filter(name="markdown")
def markdown_filter(text: Any) -> SafeString:
    """User text written in Markdown (a process's context, a note, an idea,
    an output) as sanitised HTML: ``backchannel.core.markdown``, the one
    renderer of every page."""
    return render_markdown(str(text or ""))


@register.filter(name="markdown_inline")
def markdown_inline_filter(text: Any) -> SafeString:
    """One line of user Markdown (a condition, a red line) as sanitised inline
    HTML: emphasis, code and links, without a paragraph around it."""
    return render_markdown_inline(str(text or ""))


@register.filter
def markdown_inline_join(items: Any, separator: str = "; ") -> SafeString:
    """Several one-line Markdown texts rendered inline, joined on one line."""
    return SafeString(
        conditional_escape(separator).join(
            render_markdown_inline(str(item)) for item in items or ()
        )
    )


@register.filter(name="markdown_text")
def markdown_text_filter(text: Any) -> str:
    """User Markdown as plain text on one line (no markup characters), for an
    excerpt; Django escapes it like any other text."""
    return markdown_text(str(text or ""))


@register.filter
def number(value: float | None) -> str:
    """2.0 → "2", 2.5 → "2.5", None → "–"."""
    if value is None:
        return "–"
    return f"{value:g}"


@register.filter
def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


@register.filter
def percent_int(share: float | None) -> int:
    return 0 if share is None else round(share * 100)


# -- the ecosystem graph: nodes on a circle around the process, drawn as SVG


@dataclass
class Node:
    x: float
    y: float
    label: str
    kind: str  # self | internal | external
    label_y: float


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    label_x: float
    label_y: float


WIDTH, HEIGHT = 440, 360
CX, CY, RADIUS, NODE_R = WIDTH / 2, HEIGHT / 2, 120, 8


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_of(
    x1: float, y1: float, x2: float, y2: float, gap: float
) -> tuple[float, float]:
    """The point ``gap`` before (x2, y2) on the line from (x1, y1)."""
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    return x2 - dx / length * gap, y2 - dy / length * gap


def _counterpart(edge: Any, process_id: Any) -> tuple[tuple[str, str], str, str, bool]:
    """The other end of a link: (key, label, kind, outgoing)."""
    link = edge.link
    if link.process_id != process_id:
        return ("p", str(link.process_id)), edge.source, "internal", False
    if link.target_external_id:
        return ("x", str(link.target_external_id)), edge.target, "external", True
    return ("p", str(link.target_process_id)), edge.target, "internal", True


def graph_layout(process_id: Any, title: str, edges: list[Any]) -> dict[str, Any]:
    """Place the process in the middle and each process it is linked with on a circle.

    ``edges`` are ``EcosystemEdge`` rows; a link that starts at this process points
    outwards, one that ends here points inwards.
    """
    ends = [_counterpart(edge, process_id) for edge in edges]
    keys = list(dict.fromkeys(key for key, *_ in ends))
    nodes: dict[tuple[str, str], Node] = {}
    for i, key in enumerate(keys):
        angle = 2 * math.pi * i / len(keys) - math.pi / 2
        x, y = CX + RADIUS * math.cos(angle), CY + RADIUS * math.sin(angle)
        _, label, kind, _ = next(end for end in ends if end[0] == key)
        # Labels sit centred above the nodes of the top half and below the others,
        # so they never run off the sides of a narrow panel.
        label_y = y - NODE_R - 6 if y < CY - 1 else y + NODE_R + 15
        nodes[key] = Node(
            round(x, 1), round(y, 1), _short(label), kind, round(label_y, 1)
        )
    # The process itself is a labelled box in the middle; edges start at its border.
    center_label = _short(title)
    half_w, half_h = min(len(center_label) * 3.8 + 14, 110.0), 15.0
    lines = []
    for edge, (key, _, _, outgoing) in zip(edges, ends, strict=True):
        node = nodes[key]
        dx, dy = node.x - CX, node.y - CY
        scale = min(
            half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf
        )
        bx, by = CX + dx * scale, CY + dy * scale  # where the ray leaves the box
        (sx, sy), (ex, ey) = (bx, by), (node.x, node.y)
        if not outgoing:
            (sx, sy), (ex, ey) = (ex, ey), (sx, sy)
        x1, y1 = _short_of(ex, ey, sx, sy, 3 if outgoing else NODE_R + 2)
        x2, y2 = _short_of(sx, sy, ex, ey, NODE_R + 4 if outgoing else 4)
        # The relation is written nearer the outer node, away from the busy middle.
        t = 0.6 if outgoing else 0.4
        lines.append(
            Edge(
                round(x1, 1),
                round(y1, 1),
                round(x2, 1),
                round(y2, 1),
                edge.relation,
                round(x1 + (x2 - x1) * t, 1),
                round(y1 + (y2 - y1) * t - 5, 1),
            )
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "center": Node(CX, CY, center_label, "self", CY + 4.5),
        "box": {
            "x": round(CX - half_w, 1),
            "y": CY - half_h,
            "w": round(2 * half_w, 1),
            "h": 2 * half_h,
        },
        "nodes": list(nodes.values()),
        "edges": lines,
        "node_r": NODE_R,
    }


@register.inclusion_tag("processes/_ecosystem_graph.html")
def ecosystem_graph(process: Any, edges: list[Any]) -> dict[str, Any]:
    return graph_layout(process.pk, str(process.title), edges)
