"""The charts of the workspace: plain numbers and translated words in, a
:class:`Chart` out (its SVG for pages, its PNG for PDFs, its data as a table).

No Django here: the caller hands over labels already translated and a
``number`` function that writes a value the reader's way ("0,25" in French);
ticks, bar labels and the data table go through it. Coordinates never do:
matplotlib writes them with Python's float formatting.

matplotlib runs on its Agg backend, set explicitly, so no display is needed.
Every chart has a title and axis titles with their unit (the network graph has
no axes: its title and legend say what the nodes and edges are); a value axis
always contains every value drawn, whatever nominal range was asked; a point
standing alone is drawn as a marker; labels are never cut off (constrained layout
makes room for them; the graph is cropped to everything drawn). Text is set in DejaVu
Sans; matplotlib (3.11, libraqm) shapes Arabic for the PNG, and in the SVG the
labels stay ``<text>`` that the browser shapes.

>>> chart = line_chart(
...     "Trust", "Round", "Mean trust (1–5)", ["R1", "R2"], {"A": [2.0, 3.5]}
... )
>>> svg = chart.svg()
>>> svg.startswith("<svg") and "<title" in svg and "style=" not in svg
True
>>> chart.table.rows
[['R1', '2'], ['R2', '3.5']]
>>> chart.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import hashlib
import io
import math
import textwrap
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib
import networkx as nx
import numpy as np

matplotlib.use("Agg", force=True)

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from backchannel.charts.svg import csp_safe

# Colour-blind-safe (Okabe–Ito), in the order series are listed.
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
# Line styles and markers as well as colours: a series reads in grey too.
LINESTYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P")
FONT = "DejaVu Sans"
MISSING = "–"
_NO_METADATA_SVG = {"Creator": None, "Date": None, "Format": None, "Type": None}
_NO_METADATA_PNG = {"Software": None}

Numbers = Callable[[float], str]


def tidy(value: float) -> float | int:
    """A tick or value without float noise: 0.30000000000000004 → 0.3, 2.0 → 2."""
    rounded = round(float(value), 6)
    return int(rounded) if rounded.is_integer() else rounded


def plain_number(value: float) -> str:
    """The default ``number``: unlocalised, for tests and the CLI."""
    return str(tidy(value))


@dataclass(frozen=True)
class DataTable:
    """The figures drawn, as text: a header row and one row per tick."""

    columns: list[str]
    rows: list[list[str]]


class _Rendered:
    """Drawn charts (SVG text, PNG bytes, RGB pictures) by the digest of what
    they show, so a report built again (its page, then its PDF, then the PDF
    again) draws nothing twice. In memory only, never on disk; bounded in
    count and kept ``ttl`` seconds at most, so that what a destroyed process
    showed does not linger in a worker."""

    def __init__(self, size: int = 64, ttl: float = 900.0) -> None:
        self.size, self.ttl = size, ttl
        self._items: OrderedDict[tuple[str, str, int], tuple[float, Any]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, int], make: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            found = self._items.get(key)
            if found is not None and now - found[0] < self.ttl:
                self._items.move_to_end(key)
                return found[1]
        value = make()  # drawn outside the lock: other charts go on
        with self._lock:
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


RENDERED = _Rendered()


def digest(kind: str, *parts: object, number: Numbers | None = None) -> str:
    """What a chart shows, as a hash: its kind, every word and value handed
    to it, and how its numbers are written (the format's output for a sample
    value: "-12 345,678" in French), so that no two different pictures share
    a digest."""
    text = repr((kind, parts, None if number is None else number(-12345.678)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Chart:
    """A finished chart: the words that describe it, its data, and how to draw
    its figure (drawn when a picture is first asked for, then kept by digest)."""

    title: str
    draw: Callable[[], Figure] = field(repr=False)
    table: DataTable
    description: str = ""
    note: str = ""
    key: str = ""
    digest: str = ""
    _figure: Figure | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.digest:
            self.digest = digest("chart", self.title, self.table, id(self.draw))

    @property
    def figure(self) -> Figure:
        if self._figure is None:
            self._figure = self.draw()
        return self._figure

    @property
    def text_alternative(self) -> str:
        """What a screen reader hears: the description, the note, the data."""
        parts = [self.description, self.note, _table_sentence(self.table)]
        return " ".join(p for p in parts if p)

    def _crop(self) -> dict[str, Any]:
        """Cropped to what is drawn when no layout engine placed the labels
        (the graph); charts with constrained layout already keep every label
        inside the figure, and skipping the crop saves a second drawing."""
        if self.figure.get_layout_engine() is None:
            return {"bbox_inches": "tight", "pad_inches": 0.08}
        return {}

    def _key(self, kind: str, dpi: int = 0) -> tuple[str, str, int]:
        # the key (element ids) and the words around the picture count too
        own = digest(kind, self.digest, self.key, self.title, self.text_alternative)
        return (own, kind, dpi)

    def svg(self) -> str:
        """Inline SVG markup, safe under ``style-src 'self'``."""
        value: str = RENDERED.get(self._key("svg"), self._draw_svg)
        return value

    def _draw_svg(self) -> str:
        buffer = io.BytesIO()
        with matplotlib.rc_context(
            {"svg.fonttype": "none", "svg.hashsalt": self.key or self.title}
        ):
            self.figure.savefig(
                buffer, format="svg", metadata=_NO_METADATA_SVG, **self._crop()
            )
        return csp_safe(
            buffer.getvalue(),
            key=self.key or self.title,
            title=self.title,
            description=self.text_alternative,
        )

    def png(self, dpi: int = 150) -> bytes:
        value: bytes = RENDERED.get(self._key("png", dpi), lambda: self._png(dpi))
        return value

    def _png(self, dpi: int) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(
            buffer,
            format="png",
            dpi=dpi,
            metadata=_NO_METADATA_PNG,
            **self._crop(),
        )
        return buffer.getvalue()

    def picture(self, dpi: int = 130) -> Any:
        """The chart as an RGB ``PIL.Image`` on white, for PDFs: what the PNG
        shows without encoding a PNG that the PDF writer would decode again,
        nor an alpha channel it would split off."""
        return RENDERED.get(self._key("rgb", dpi), lambda: self._picture(dpi))

    def _picture(self, dpi: int) -> Any:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from PIL import Image

        if self._crop():
            # the graph is cropped to what is drawn: only savefig knows how
            return Image.open(io.BytesIO(self._png(dpi))).convert("RGB")
        figure = self.figure
        screen = figure.get_dpi()
        figure.set_dpi(dpi)
        try:
            canvas = FigureCanvasAgg(figure)
            canvas.draw()
            rgba = Image.fromarray(np.asarray(canvas.buffer_rgba())).copy()
        finally:
            figure.set_dpi(screen)
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white


def _table_sentence(table: DataTable) -> str:
    if not table.rows:
        return ""
    head = table.columns
    return "; ".join(
        f"{row[0]}: "
        + ", ".join(
            f"{name} {cell}" for name, cell in zip(head[1:], row[1:], strict=True)
        )
        for row in table.rows
    )


def _figure(width: float = 5.6, height: float = 3.2) -> tuple[Figure, Any]:
    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    axes.grid(True, axis="y", color="#d9dee5", linewidth=0.8)
    axes.set_axisbelow(True)
    for spine in ("top", "right"):
        axes.spines[spine].set_visible(False)
    return figure, axes


def _label(axes: Any, title: str, x_label: str, y_label: str) -> None:
    axes.set_title(title, fontsize=11, fontweight="bold", loc="left", family=FONT)
    # A long axis title, centred on a narrow axis (the horizontal bars, long
    # labels on their left), ran out of the picture: "… à la cible (%)" lost
    # its unit. Wrapped, it stays inside.
    axes.set_xlabel(textwrap.fill(x_label, _AXIS_TITLE), family=FONT)
    axes.set_ylabel(textwrap.fill(y_label, _AXIS_TITLE), family=FONT)


_AXIS_TITLE = 42  # characters on a line of an axis title


def _legend(figure: Figure, count: int) -> None:
    """Below the plot, outside it: it never hides a point."""
    figure.legend(
        loc="outside lower center",
        ncols=min(count, 3),
        frameon=False,
        fontsize=8,
    )


def _values(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def fit_range(
    values: Sequence[float | None], nominal: tuple[float | None, float | None]
) -> tuple[float, float]:
    """The nominal range widened to hold every value, with a little headroom
    when a value passes it (the density chart once drew 0.639 above a 0–0.2
    axis). A missing end of ``nominal`` comes from the data."""
    present = [float(v) for v in values if v is not None and math.isfinite(v)]
    low, high = nominal
    if not present:
        low = 0.0 if low is None else low
        return float(low), float(low + 1.0 if high is None or high <= low else high)
    data_low, data_high = min(present), max(present)
    pad = 0.1 * ((data_high - data_low) or abs(data_high) or 1.0)
    if low is None or data_low < low:
        low = data_low - pad
    if high is None or data_high > high:
        high = data_high + pad
    return float(low), float(high)


def _number_axis(axis: Any, number: Numbers, *, integer: bool = False) -> None:
    # round steps only (1, 2, 2.5, 5 × 10ⁿ): "1 2 3 4 5", never "1.6 2.4 3.2"
    axis.set_major_locator(
        MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=integer)
    )
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: number(tidy(v))))


def _cell(value: float | None, number: Numbers) -> str:
    return MISSING if value is None else number(tidy(value))


def line_chart(
    title: str,
    x_label: str,
    y_label: str,
    x_ticks: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    y_range: tuple[float | None, float | None] | None = None,
    description: str = "",
    note: str = "",
    number: Numbers = plain_number,
    styles: Sequence[str] = LINESTYLES,
    key: str = "",
) -> Chart:
    """One line per series over the same ticks, every value marked; None is a
    gap (e.g. a suppressed value), drawn as no point at all."""
    series = {name: list(values) for name, values in series.items()}

    def draw() -> Figure:
        figure, axes = _figure()
        positions = list(range(len(x_ticks)))
        everything: list[float | None] = []
        for i, (name, values) in enumerate(series.items()):
            everything.extend(values)
            axes.plot(
                positions,
                _values(values),
                marker=MARKERS[i % len(MARKERS)],
                markersize=6,
                linestyle=styles[i % len(styles)],
                linewidth=2,
                color=PALETTE[i % len(PALETTE)],
                label=name,
                clip_on=False,
            )
        axes.set_xticks(positions, list(x_ticks))
        axes.set_xlim(-0.5, max(len(positions) - 0.5, 0.5))
        axes.set_ylim(*fit_range(everything, y_range or (None, None)))
        _number_axis(axes.yaxis, number)
        _label(axes, title, x_label, y_label)
        if series:
            _legend(figure, len(series))
        return figure

    table = DataTable(
        [x_label, *series],
        [
            [tick, *(_cell(values[i], number) for values in series.values())]
            for i, tick in enumerate(x_ticks)
        ],
    )
    shown = digest(
        "line", title, x_label, y_label, list(x_ticks), series, y_range,
        list(styles), number=number,
    )  # fmt: skip
    return Chart(title, draw, table, description, note, key, shown)


def bar_chart(
    title: str,
    x_label: str,
    y_label: str,
    groups: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    y_range: tuple[float | None, float | None] | None = None,
    description: str = "",
    note: str = "",
    number: Numbers = plain_number,
    integer_axis: bool = False,
    key: str = "",
) -> Chart:
    """Grouped vertical bars: one group per label, one bar per series, its
    value written above it (``integer_axis``: whole-number ticks, for counts)."""
    series = {name: list(values) for name, values in series.items()}

    def draw() -> Figure:
        figure, axes = _figure()
        count = max(len(series), 1)
        width = 0.8 / count
        everything: list[float | None] = [0.0]
        for i, (name, values) in enumerate(series.items()):
            everything.extend(values)
            xs = [g + (i - (count - 1) / 2) * width for g in range(len(groups))]
            heights = [0.0 if v is None else float(v) for v in values]
            bars = axes.bar(
                xs, heights, width=width, color=PALETTE[i % len(PALETTE)], label=name
            )
            axes.bar_label(
                bars, labels=[_cell(v, number) for v in values], fontsize=7, padding=2
            )
        axes.set_xticks(list(range(len(groups))), list(groups))
        axes.set_ylim(*fit_range(everything, y_range or (0, None)))
        _number_axis(axes.yaxis, number, integer=integer_axis)
        _label(axes, title, x_label, y_label)
        if len(series) > 1:
            _legend(figure, len(series))
        return figure

    table = DataTable(
        [x_label, *series],
        [
            [group, *(_cell(values[i], number) for values in series.values())]
            for i, group in enumerate(groups)
        ],
    )
    shown = digest(
        "bar", title, x_label, y_label, list(groups), series, y_range,
        integer_axis, number=number,
    )  # fmt: skip
    return Chart(title, draw, table, description, note, key, shown)


def hbar_chart(
    title: str,
    x_label: str,
    y_label: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    x_range: tuple[float | None, float | None] | None = None,
    description: str = "",
    note: str = "",
    number: Numbers = plain_number,
    key: str = "",
) -> Chart:
    """Horizontal bars, one per label, top to bottom in the given order."""
    labels, values = list(labels), list(values)

    def draw() -> Figure:
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
            bars, labels=[_cell(v, number) for v in values], fontsize=7, padding=2
        )
        axes.set_yticks(positions, [_short(label) for label in labels], fontsize=8)
        axes.set_xlim(*fit_range([0.0, *values], x_range or (0, None)))
        _number_axis(axes.xaxis, number)
        _label(axes, title, x_label, y_label)
        return figure

    table = DataTable(
        [y_label, x_label],
        [[label, _cell(v, number)] for label, v in zip(labels, values, strict=True)],
    )
    shown = digest(
        "hbar", title, x_label, y_label, labels, values, x_range, number=number
    )
    return Chart(title, draw, table, description, note, key, shown)


def scatter_chart(
    title: str,
    x_label: str,
    y_label: str,
    groups: Mapping[str, Sequence[tuple[float, float]]],
    *,
    columns: tuple[str, str, str, str],
    sizes: Mapping[str, int] | None = None,
    description: str = "",
    note: str = "",
    number: Numbers = plain_number,
    key: str = "",
) -> Chart:
    """Points by group, one colour and marker per group, the group's name at
    its centre; both axes on one scale (a distance reads the same either
    way). ``columns`` head the table: group, size, centre on x, centre on y;
    ``sizes`` counts a group's members when ``groups`` holds a sample."""
    points_of = {
        name: [(float(x), float(y)) for x, y in points]
        for name, points in groups.items()
    }

    def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
        return (
            sum(x for x, _y in points) / len(points),
            sum(y for _x, y in points) / len(points),
        )

    def draw() -> Figure:
        figure, axes = _figure(width=5.6, height=4.4)
        axes.grid(True, axis="both", color="#d9dee5", linewidth=0.8)
        axes.axhline(0, color="#9aa3ad", linewidth=0.8, zorder=1)
        axes.axvline(0, color="#9aa3ad", linewidth=0.8, zorder=1)
        for i, (name, points) in enumerate(points_of.items()):
            axes.scatter(
                [x for x, _y in points],
                [y for _x, y in points],
                s=14,
                color=PALETTE[i % len(PALETTE)],
                marker=MARKERS[i % len(MARKERS)],
                alpha=0.7,
                linewidths=0,
                label=name,
                zorder=2,
            )
            if points:
                axes.annotate(
                    name,
                    centre(points),
                    ha="center",
                    va="center",
                    fontsize=12,
                    fontweight="bold",
                    family=FONT,
                    bbox={
                        "boxstyle": "round,pad=0.2",
                        "fc": "white",
                        "ec": "none",
                        "alpha": 0.75,
                    },
                    zorder=3,
                )
        # Every point and the origin inside, one scale on both axes: matplotlib
        # widens the shorter span to fit the box (fixed limits would fight that).
        axes.update_datalim([(0.0, 0.0)])
        axes.margins(0.08)
        axes.set_aspect("equal", adjustable="datalim")
        _number_axis(axes.xaxis, number)
        _number_axis(axes.yaxis, number)
        _label(axes, title, x_label, y_label)
        if points_of:
            _legend(figure, len(points_of))
        return figure

    rows: list[list[str]] = []
    for name, points in points_of.items():
        size = (sizes or {}).get(name, len(points))
        if points:
            cx, cy = centre(points)
            rows.append(
                [name, number(size), number(round(cx, 2)), number(round(cy, 2))]
            )
        else:
            rows.append([name, number(size), MISSING, MISSING])
    shown = digest("scatter", title, x_label, y_label, points_of, number=number)
    return Chart(
        title, draw, DataTable(list(columns), rows), description, note, key, shown
    )


def graph_chart(
    title: str,
    nodes: Sequence[tuple[str, str]],
    edges: Sequence[tuple[int, int, str]],
    *,
    kind_labels: Mapping[str, str],
    columns: tuple[str, str, str],
    description: str = "",
    note: str = "",
    key: str = "",
) -> Chart:
    """A network drawing: ``nodes`` are (label, kind), ``edges`` (source index,
    target index, relation); ``columns`` head the table of edges (from,
    relation, to). Positions come from networkx's spring layout with a fixed
    seed, so the same graph is drawn the same way every time."""
    nodes, edges = list(nodes), list(edges)
    kind_labels = dict(kind_labels)

    def draw() -> Figure:
        figure = Figure(figsize=(6.0, 4.0))  # cropped to its texts when saved
        axes = figure.add_subplot()
        axes.set_axis_off()
        axes.set_title(title, fontsize=11, fontweight="bold", loc="left", family=FONT)
        graph = nx.DiGraph()
        graph.add_nodes_from(range(len(nodes)))
        graph.add_edges_from((a, b) for a, b, _ in edges)
        positions = _graph_positions(graph, nodes)
        kinds = list(dict.fromkeys(kind for _, kind in nodes))
        colour = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(kinds)}
        for a, b, relation in edges:
            (x1, y1), (x2, y2) = positions[a], positions[b]
            axes.annotate(
                "",
                xy=(x2, y2),
                xytext=(x1, y1),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "#5f6b7a",
                    "lw": 1.2,
                    "shrinkA": 11,
                    "shrinkB": 11,
                    "mutation_scale": 14,
                },
            )
            axes.text(
                (x1 + x2) / 2,
                (y1 + y2) / 2,
                relation,
                fontsize=7,
                color="#555b66",
                ha="center",
            )
        for i, kind in enumerate(kinds):
            members = [n for n, (_, k) in enumerate(nodes) if k == kind]
            axes.scatter(
                [positions[n][0] for n in members],
                [positions[n][1] for n in members],
                s=200,
                color=colour[kind],
                marker=MARKERS[i % len(MARKERS)],
                label=kind_labels.get(kind, kind),
                zorder=3,
            )
        for i, (label, _) in enumerate(nodes):
            x, y = positions[i]
            axes.text(x, y - 0.12, _short(label, 34), fontsize=8, ha="center", va="top")
        if nodes:
            axes.legend(
                frameon=False,
                fontsize=8,
                loc="upper center",
                bbox_to_anchor=(0.5, 0.0),
                ncols=min(len(kinds), 3),
                markerscale=0.6,
            )
        # Layouts fit in [-1, 1]: fixed limits, so a graph whose nodes sit on one
        # line (two processes) keeps a sane height instead of a zero-span axis.
        axes.set_xlim(-1.45, 1.45)
        axes.set_ylim(-1.35, 1.3)
        return figure

    table = DataTable(
        list(columns),
        [[nodes[a][0], relation, nodes[b][0]] for a, b, relation in edges],
    )
    shown = digest("graph", title, nodes, edges, kind_labels)
    return Chart(title, draw, table, description, note, key, shown)


def _graph_positions(graph: Any, nodes: Sequence[tuple[str, str]]) -> dict[int, Any]:
    """A node of kind "this" in the middle and the others on a circle around
    it (a process and its neighbours); else a spring layout, seeded."""
    if len(nodes) < 2:
        return {0: (0.0, 0.0)}
    centre = [i for i, (_, kind) in enumerate(nodes) if kind == "this"]
    if len(centre) == 1:
        others = [i for i in range(len(nodes)) if i != centre[0]]
        return dict(nx.shell_layout(graph, nlist=[centre, others]))
    return dict(nx.spring_layout(graph, seed=7))


def _short(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
