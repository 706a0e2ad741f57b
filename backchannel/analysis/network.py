"""Cross-side relationship network density (framework-free, networkx).

Nodes are participants, each on one side; an edge is a contact between two
participants reported by either of them (undirected, counted once). Only
edges between *different* sides count: contacts within a side are dropped.

* **Cross-side density**: cross-side edges ÷ possible cross-side pairs, where
  the possible pairs are ``Σ_{s<t} |s|·|t|`` over the sides' node counts. It
  is 0 without contacts and 1 when everyone knows everyone on every other side;
  ``None`` when there is no pair to count (fewer than two sides with nodes).
* **Suppression**: a density is shown only when at least ``min_reporters``
  (3) participants *on every side with nodes* reported. With fewer, the figure
  would tell what one or two people reported (and it would be too noisy to
  mean anything); :func:`density_point` then returns ``density=None``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

__all__ = ["MIN_REPORTERS", "DensityResult", "cross_side_density", "density_point"]

MIN_REPORTERS = 3


def _graph(
    sides: Mapping[Hashable, Hashable], edges: Iterable[tuple[Hashable, Hashable]]
) -> nx.Graph:
    graph = nx.Graph()
    for node, side in sides.items():
        graph.add_node(node, side=side)
    for a, b in edges:
        if a in sides and b in sides and a != b and sides[a] != sides[b]:
            graph.add_edge(a, b)
    return graph


def cross_side_density(
    sides: Mapping[Hashable, Hashable], edges: Iterable[tuple[Hashable, Hashable]]
) -> float | None:
    """Cross-side edges over possible cross-side pairs.

    >>> cross_side_density({"a": 1, "b": 1, "c": 2, "d": 2}, [("a", "c"), ("c", "a")])
    0.25
    >>> cross_side_density({"a": 1, "b": 1}, [("a", "b")]) is None
    True
    """
    graph = _graph(sides, edges)
    sizes = Counter(sides.values())
    possible = sum(
        sizes[s] * sizes[t] for s, t in combinations(sorted(sizes, key=str), 2)
    )
    if possible == 0:
        return None
    return graph.number_of_edges() / possible


@dataclass(frozen=True)
class DensityResult:
    density: float | None  # None when suppressed or not computable
    participants: int
    reporters: int
    suppressed: bool


def density_point(
    sides: Mapping[Hashable, Hashable],
    reports: Mapping[Hashable, Iterable[Hashable]],
    *,
    min_reporters: int = MIN_REPORTERS,
) -> DensityResult:
    """The density of one period from ``reports`` (reporter → contacted nodes),
    suppressed unless every side with nodes has ``min_reporters`` reporters.

    Reporters and contacts missing from ``sides`` are ignored.
    """
    reporters = [r for r in reports if r in sides]
    per_side = Counter(sides[r] for r in reporters)
    suppressed = any(per_side[s] < min_reporters for s in set(sides.values()))
    if suppressed:
        return DensityResult(None, len(sides), len(reporters), True)
    edges = [(r, c) for r in reporters for c in reports[r]]
    return DensityResult(
        cross_side_density(sides, edges), len(sides), len(reporters), False
    )
