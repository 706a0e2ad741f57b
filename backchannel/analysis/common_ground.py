"""Common ground across the declared sides of a dialogue, for trial balloons.

Each version of an idea collects structured feedback; every response has one
*stance*, in this order (the columns of a counts array):

0. ``acceptable``
1. ``acceptable_if`` (acceptable if conditions are met)
2. ``unacceptable``
3. ``consult`` (must consult at home first)

A *counts* array has shape ``(n_sides, 4)`` for one version, or
``(n_versions, n_sides, 4)`` for several; the Django side builds it from rows.

Definitions
-----------
* **Cross-side score** (strict): the group-aware consensus of Pol.is over the
  declared sides, ``Π_s (A_s + 1) / (N_s + 2)``, with ``A_s`` the responses of
  side ``s`` that are *acceptable* (conditional acceptance does **not** count)
  and ``N_s`` all of its responses, whatever the stance. A side without
  responses contributes ½. Ref: compdemocracy/polis
  ``math/src/polismath/math/conversation.clj`` (group-aware consensus),
  implemented by :func:`backchannel.analysis.consensus.group_aware_consensus`.
* **Lenient score**: the same product, counting ``acceptable_if`` as acceptable.
* **Suppression**: a side with fewer than ``min_cell`` (3) responses is a small
  cell. Its counts are never shown (they read "fewer than 3"). The score uses
  every response, but is *shown* only when no side is a small cell; otherwise
  it reads "not enough responses" (showing it would let a reader infer the
  small side's answers from the others').
* **Crux**: a version on which the sides split: one side's acceptable share
  (strict) is at least ``high`` (0.6) while another's is at most ``low`` (0.4),
  both sides having at least ``min_cell`` responses. Only shown sides take part,
  so a crux never reveals a small cell.
* **Convergence**: the change of the shown score from the first to the last
  version where it is shown.
"""

from __future__ import annotations

from typing import Literal, TypedDict

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .consensus import group_aware_consensus

__all__ = [
    "CRUX_HIGH",
    "CRUX_LOW",
    "MIN_CELL",
    "STANCES",
    "Convergence",
    "Crux",
    "VersionGround",
    "acceptable_shares",
    "common_ground",
    "convergence",
    "cross_side_score",
    "find_cruxes",
    "suppressed_cells",
]

#: The stances, in the column order of every counts array.
STANCES: tuple[str, ...] = ("acceptable", "acceptable_if", "unacceptable", "consult")
#: Cells with fewer responses than this are suppressed.
MIN_CELL = 3
CRUX_HIGH = 0.6
CRUX_LOW = 0.4

_ACCEPTABLE, _CONDITIONAL = 0, 1


class Crux(TypedDict):
    """Sides (as indices) that accept a version and sides that do not."""

    version: int
    high_sides: list[int]
    low_sides: list[int]
    gap: float


class VersionGround(TypedDict):
    """Everything shown about one version (JSON-ready; ``None`` = not shown)."""

    responses: list[int | None]
    suppressed: list[bool]
    acceptable_share: list[float | None]
    score: float | None
    lenient_score: float | None
    crux: Crux | None


class Convergence(TypedDict):
    first: int | None
    last: int | None
    change: float | None
    direction: Literal["converging", "diverging", "steady", "unknown"]


def _counts(counts: ArrayLike) -> NDArray[np.int64]:
    c = np.asarray(counts)
    if c.ndim == 2:
        c = c[None, :, :]
    if c.ndim != 3 or c.shape[-1] != len(STANCES):
        raise ValueError(
            f"counts must have shape (n_sides, {len(STANCES)}) or "
            f"(n_versions, n_sides, {len(STANCES)}): one column per stance "
            f"{STANCES}; got shape {c.shape}"
        )
    if c.size and (np.any(c < 0) or np.any(c != np.round(c))):
        raise ValueError("counts must be non-negative whole numbers")
    return c.astype(np.int64)


def cross_side_score(
    counts: ArrayLike, *, lenient: bool = False
) -> NDArray[np.float64]:
    """The cross-side support score of each version.

    Parameters
    ----------
    counts : array_like, shape (n_sides, 4) or (n_versions, n_sides, 4)
        Responses per side and stance (columns in :data:`STANCES` order).
    lenient : bool, default False
        Count ``acceptable_if`` as acceptable.

    Returns
    -------
    ndarray, shape (n_versions,)
        ``Π_sides (acceptable + 1) / (responses + 2)``: near 1 only when every
        side mostly accepts; ½ per side without responses.

    Examples
    --------
    Two sides of four: one accepts 3 of 4, the other 1 of 4 (plus 2 conditional).

    >>> counts = [[3, 0, 1, 0], [1, 2, 1, 0]]
    >>> round(float(cross_side_score(counts)[0]), 4)  # 4/6 · 2/6
    0.2222
    >>> round(float(cross_side_score(counts, lenient=True)[0]), 4)  # 4/6 · 4/6
    0.4444
    """
    c = _counts(counts)
    agree = c[..., _ACCEPTABLE] + (c[..., _CONDITIONAL] if lenient else 0)
    responses = c.sum(axis=-1)
    # group_aware_consensus takes (n_sides, n_statements).
    return group_aware_consensus(agree.T, responses.T)


def suppressed_cells(responses: ArrayLike, *, min_cell: int = MIN_CELL) -> NDArray:
    """True where a side has fewer than ``min_cell`` responses (a small cell).

    Examples
    --------
    >>> suppressed_cells([0, 2, 3, 10]).tolist()
    [True, True, False, False]
    """
    if min_cell < 1:
        raise ValueError("min_cell must be at least 1")
    return np.asarray(responses) < min_cell


def acceptable_shares(counts: ArrayLike) -> NDArray[np.float64]:
    """Share of *acceptable* (strict) responses per version and side; NaN if none.

    Examples
    --------
    >>> acceptable_shares([[3, 0, 1, 0], [0, 0, 0, 0]]).round(2).tolist()
    [[0.75, nan]]
    """
    c = _counts(counts)
    responses = c.sum(axis=-1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = c[..., _ACCEPTABLE] / responses
    return np.where(responses > 0, share, np.nan)


def find_cruxes(
    counts: ArrayLike,
    *,
    high: float = CRUX_HIGH,
    low: float = CRUX_LOW,
    min_cell: int = MIN_CELL,
) -> list[Crux]:
    """Versions on which the sides split (see the module docstring).

    Parameters
    ----------
    counts : array_like, shape (n_sides, 4) or (n_versions, n_sides, 4)
    high, low : float
        A side at or above ``high`` accepts; at or below ``low`` it does not.
    min_cell : int
        Sides with fewer responses are ignored (they are suppressed).

    Returns
    -------
    list of Crux
        In version order; ``gap`` is the highest minus the lowest share.

    Examples
    --------
    Version 0: 4 of 5 accept on side 0, 1 of 4 on side 1: a crux. Version 1:
    side 1 has only 2 responses, so nothing is said.

    >>> find_cruxes([[[4, 0, 1, 0], [1, 1, 2, 0]], [[5, 0, 0, 0], [0, 0, 2, 0]]])
    [{'version': 0, 'high_sides': [0], 'low_sides': [1], 'gap': 0.55}]
    """
    if not 0 <= low < high <= 1:
        raise ValueError("need 0 <= low < high <= 1")
    c = _counts(counts)
    share = acceptable_shares(c)
    shown = ~suppressed_cells(c.sum(axis=-1), min_cell=min_cell)
    out: list[Crux] = []
    for v in range(c.shape[0]):
        s = np.where(shown[v], share[v], np.nan)
        hi = np.flatnonzero(s >= high)
        lo = np.flatnonzero(s <= low)
        if hi.size and lo.size:
            gap = float(np.nanmax(s) - np.nanmin(s))
            out.append(
                Crux(
                    version=v,
                    high_sides=hi.tolist(),
                    low_sides=lo.tolist(),
                    gap=round(gap, 4),
                )
            )
    return out


def common_ground(
    counts: ArrayLike, *, min_cell: int = MIN_CELL
) -> list[VersionGround]:
    """What may be shown about each version, with small cells suppressed.

    Examples
    --------
    Two sides; on the second version one side has answered only twice.

    >>> out = common_ground([[[3, 1, 0, 0], [3, 0, 1, 0]], [[4, 0, 0, 0], [1, 1, 0, 0]]])
    >>> out[0]["responses"], round(out[0]["score"], 4), round(out[0]["lenient_score"], 4)
    ([4, 4], 0.4444, 0.5556)
    >>> out[1]["responses"], out[1]["suppressed"], out[1]["score"]
    ([4, None], [False, True], None)
    """
    c = _counts(counts)
    responses = c.sum(axis=-1)
    small = suppressed_cells(responses, min_cell=min_cell)
    strict = cross_side_score(c)
    lenient = cross_side_score(c, lenient=True)
    share = acceptable_shares(c)
    cruxes = {x["version"]: x for x in find_cruxes(c, min_cell=min_cell)}
    out: list[VersionGround] = []
    for v in range(c.shape[0]):
        shown = not bool(small[v].any())
        out.append(
            VersionGround(
                responses=[
                    None if small[v, s] else int(responses[v, s])
                    for s in range(c.shape[1])
                ],
                suppressed=[bool(x) for x in small[v]],
                acceptable_share=[
                    None if small[v, s] else round(float(share[v, s]), 4)
                    for s in range(c.shape[1])
                ],
                score=round(float(strict[v]), 4) if shown else None,
                lenient_score=round(float(lenient[v]), 4) if shown else None,
                crux=cruxes.get(v),
            )
        )
    return out


def convergence(scores: ArrayLike) -> Convergence:
    """How the shown score moved across versions (NaN = not shown).

    Examples
    --------
    >>> convergence([0.2, float("nan"), 0.45])
    {'first': 0, 'last': 2, 'change': 0.25, 'direction': 'converging'}
    >>> convergence([float("nan"), 0.3])["direction"]
    'unknown'
    """
    s = np.asarray(scores, dtype=np.float64)
    known = np.flatnonzero(~np.isnan(s))
    if known.size < 2:
        return Convergence(first=None, last=None, change=None, direction="unknown")
    first, last = int(known[0]), int(known[-1])
    change = round(float(s[last] - s[first]), 4)
    direction: Literal["converging", "diverging", "steady", "unknown"] = (
        "converging" if change > 0.005 else "diverging" if change < -0.005 else "steady"
    )
    return Convergence(first=first, last=last, change=change, direction=direction)
