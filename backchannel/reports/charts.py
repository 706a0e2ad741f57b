"""Charts of the process report: plain numbers in, SVG or PNG bytes out.

No Django here (the builder hands over numbers and already translated labels).
matplotlib runs on its Agg backend, set explicitly, so no display is needed.
Every chart carries a title, and axis labels with their unit (the ecosystem
graph has no axes: its title and legend say what the nodes and edges are).

SVG for the web page is rewritten for the workspace's Content-Security-Policy
(``style-src 'self'``): matplotlib's ``style="…"`` attributes and its
``<style>`` element would be blocked inline, so they become presentation
attributes (``fill="…"``), which no policy restricts. The SVG gets a
``<title>`` and ``role="img"`` with an ``aria-label`` for screen readers, and
carries no metadata (no creator, no date).

>>> chart = line_chart(
...     "Trust", "Round", "Mean trust (1–5)", ["R1", "R2"], {"A": [2.0, 3.5]}
... )
>>> svg = chart.svg()
>>> svg.startswith("<svg") and "<title>Trust</title>" in svg and "style=" not in svg
True
>>> chart.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib
import networkx as nx

matplotlib.use("Agg", force=True)

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# Colour-blind-safe (Okabe–Ito), in the order sides are listed.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
FONT = "DejaVu Sans"
_NO_METADATA_SVG = {"Creator": None, "Date": None, "Format": None, "Type": None}
_NO_METADATA_PNG = {"Software": None}


@dataclass
class Chart:
    """A finished chart: its figure and the words that describe it."""

    title: str
    figure: Figure
    description: str = ""
    _svg: str | None = field(default=None, repr=False)

    def svg(self) -> str:
        """Inline SVG markup, safe under ``style-src 'self'``."""
        if self._svg is None:
            buffer = io.BytesIO()
            with matplotlib.rc_context(
                {"svg.fonttype": "none", "svg.hashsalt": self.title}
            ):
                self.figure.savefig(buffer, format="svg", metadata=_NO_METADATA_SVG)
            self._svg = _csp_safe(buffer.getvalue(), self.title, self.description)
        return self._svg

    def png(self, dpi: int = 150) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi, metadata=_NO_METADATA_PNG)
        return buffer.getvalue()


def _figure(width: float = 6.4, height: float = 3.4) -> tuple[Figure, Any]:
    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    axes.grid(True, axis="y", color="#d9dee5", linewidth=0.8)
    axes.set_axisbelow(True)
    for spine in ("top", "right"):
        axes.spines[spine].set_visible(False)
    return figure, axes


def _label(axes: Any, title: str, x_label: str, y_label: str) -> None:
    axes.set_title(title, fontsize=11, fontweight="bold", loc="left", family=FONT)
    axes.set_xlabel(x_label, family=FONT)
    axes.set_ylabel(y_label, family=FONT)


def _finite(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def line_chart(
    title: str,
    x_label: str,
    y_label: str,
    x_ticks: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    y_range: tuple[float, float] | None = None,
    description: str = "",
    missing_note: str = "",
) -> Chart:
    """One line per series over the same ticks; None is a gap (e.g. a
    suppressed value), drawn as no point at all."""
    figure, axes = _figure()
    positions = list(range(len(x_ticks)))
    for i, (name, values) in enumerate(series.items()):
        axes.plot(
            positions,
            _finite(values),
            marker="o",
            linewidth=2,
            color=PALETTE[i % len(PALETTE)],
            label=name,
        )
    axes.set_xticks(positions, list(x_ticks))
    if len(positions) == 1:
        axes.set_xlim(-0.5, 0.5)
    if y_range is not None:
        axes.set_ylim(*y_range)
    _label(axes, title, x_label, y_label)
    if series:
        axes.legend(frameon=False, fontsize=8, loc="best")
    if missing_note:
        figure.text(0.01, 0.01, missing_note, fontsize=7, color="#555b66")
    return Chart(title, figure, description)


def bar_chart(
    title: str,
    x_label: str,
    y_label: str,
    groups: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    y_range: tuple[float, float] | None = None,
    description: str = "",
    value_format: str = "{:.0f}",
    integer_axis: bool = False,
) -> Chart:
    """Grouped vertical bars: one group per label, one bar per series
    (``integer_axis``: whole-number ticks, for counts)."""
    figure, axes = _figure()
    count = max(len(series), 1)
    width = 0.8 / count
    for i, (name, values) in enumerate(series.items()):
        xs = [g + (i - (count - 1) / 2) * width for g in range(len(groups))]
        heights = [0.0 if v is None else float(v) for v in values]
        bars = axes.bar(
            xs, heights, width=width, color=PALETTE[i % len(PALETTE)], label=name
        )
        axes.bar_label(
            bars,
            labels=["–" if v is None else value_format.format(v) for v in values],
            fontsize=7,
            padding=2,
        )
    axes.set_xticks(list(range(len(groups))), list(groups))
    if y_range is not None:
        axes.set_ylim(*y_range)
    if integer_axis:
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    _label(axes, title, x_label, y_label)
    if len(series) > 1:
        axes.legend(frameon=False, fontsize=8, loc="best")
    return Chart(title, figure, description)


def hbar_chart(
    title: str,
    x_label: str,
    y_label: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    x_range: tuple[float, float] | None = None,
    description: str = "",
    value_format: str = "{:.0f}",
) -> Chart:
    """Horizontal bars, one per label, top to bottom in the given order."""
    height = max(2.2, 0.45 * len(labels) + 1.4)
    figure, axes = _figure(height=height)
    axes.grid(True, axis="x", color="#d9dee5", linewidth=0.8)
    axes.grid(False, axis="y")
    positions = list(range(len(labels)))[::-1]
    bars = axes.barh(
        positions,
        [0.0 if v is None else float(v) for v in values],
        color=PALETTE[0],
        height=0.6,
    )
    axes.bar_label(
        bars,
        labels=["–" if v is None else value_format.format(v) for v in values],
        fontsize=7,
        padding=2,
    )
    axes.set_yticks(positions, [_short(label) for label in labels], fontsize=8)
    if x_range is not None:
        axes.set_xlim(*x_range)
    _label(axes, title, x_label, y_label)
    return Chart(title, figure, description)


def graph_chart(
    title: str,
    nodes: Sequence[tuple[str, str]],
    edges: Sequence[tuple[int, int, str]],
    *,
    kind_labels: Mapping[str, str],
    description: str = "",
) -> Chart:
    """A network drawing: ``nodes`` are (label, kind), ``edges`` (source index,
    target index, relation). Positions come from networkx's spring layout with a
    fixed seed, so the same graph is drawn the same way every time."""
    figure = Figure(figsize=(6.4, 4.2), layout="constrained")
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_title(title, fontsize=11, fontweight="bold", loc="left", family=FONT)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(nodes)))
    graph.add_edges_from((a, b) for a, b, _ in edges)
    positions = nx.spring_layout(graph, seed=7) if len(nodes) > 1 else {0: (0, 0)}
    kinds = list(dict.fromkeys(kind for _, kind in nodes))
    colour = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(kinds)}
    for a, b, relation in edges:
        (x1, y1), (x2, y2) = positions[a], positions[b]
        axes.annotate(
            "",
            xy=(x2, y2),
            xytext=(x1, y1),
            arrowprops={"arrowstyle": "-|>", "color": "#8a94a3", "lw": 1.2},
        )
        axes.text(
            (x1 + x2) / 2,
            (y1 + y2) / 2,
            relation,
            fontsize=7,
            color="#555b66",
            ha="center",
        )
    for kind in kinds:
        members = [i for i, (_, k) in enumerate(nodes) if k == kind]
        axes.scatter(
            [positions[i][0] for i in members],
            [positions[i][1] for i in members],
            s=260,
            color=colour[kind],
            label=kind_labels.get(kind, kind),
            zorder=3,
        )
    for i, (label, _) in enumerate(nodes):
        x, y = positions[i]
        axes.text(x, y - 0.12, _short(label, 34), fontsize=8, ha="center", va="top")
    if nodes:
        axes.legend(frameon=False, fontsize=8, loc="upper right")
    axes.margins(0.2)
    return Chart(title, figure, description)


def _short(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# -- SVG for a strict Content-Security-Policy

_FONT_SHORTHAND = re.compile(
    r"^(?:(?P<style>italic|oblique|normal)\s+)?(?:(?P<weight>bold|normal|\d{3})\s+)?"
    r"(?P<size>[\d.]+px)\s+(?P<family>.+)$"
)
_ROOT_DEFAULTS = {"stroke-linejoin": "round", "stroke-linecap": "butt"}


def _style_attributes(style: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for declaration in style.split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        if name == "font":
            match = _FONT_SHORTHAND.match(value)
            if match:
                if match["style"]:
                    out["font-style"] = match["style"]
                if match["weight"]:
                    out["font-weight"] = match["weight"]
                out["font-size"] = match["size"]
                out["font-family"] = match["family"].replace("'", "")
            continue
        out[name] = value.replace("'", "")
    return out


def _csp_safe(data: bytes, title: str, description: str) -> str:
    # Ids made unique to this chart: several charts share one HTML page.
    prefix = "c" + hashlib.sha256(title.encode()).hexdigest()[:8] + "-"
    text = data.decode("utf-8")
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", text)
    root = ET.fromstring(text)  # noqa: S314 - matplotlib's own SVG, not input
    for parent in root.iter():
        for child in list(parent):
            tag = child.tag.rsplit("}", 1)[-1]
            if tag in {"style", "metadata"}:
                parent.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for name, value in _style_attributes(style).items():
                element.set(name, value)
    for name, value in _ROOT_DEFAULTS.items():
        root.set(name, value)
    for name in ("width", "height"):
        root.attrib.pop(name, None)  # sized by CSS; the viewBox keeps the ratio
    root.set("role", "img")
    root.set("aria-label", title + (f". {description}" if description else ""))
    root.set("class", "report-chart__svg")
    heading = ET.Element(f"{{{SVG_NS}}}title")
    heading.text = title
    root.insert(0, heading)
    if description:
        desc = ET.Element(f"{{{SVG_NS}}}desc")
        desc.text = description
        root.insert(1, desc)
    return ET.tostring(root, encoding="unicode")
