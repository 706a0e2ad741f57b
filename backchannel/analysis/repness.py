"""Representativeness ("repness") of comments for opinion groups.

Formulas from ``math/src/polismath/math/repness.clj`` and ``stats.clj``:

* per group ``g`` and comment ``c``: ``na``, ``nd``, ``ns`` (agrees,
  disagrees, all non-missing votes including passes);
  ``pa = (na+1)/(ns+2)``, ``pd = (nd+1)/(ns+2)`` (``repness.clj`` L64–75);
* ``pat = 2·√(ns+1)·((na+1)/(ns+1) − ½)`` (``stats.clj`` ``prop-test`` L10–15),
  likewise ``pdt``;
* ``ra = pa / ((Σ_rest na + 1)/(Σ_rest ns + 2))`` and ``rat`` = two-proportion
  z-test with 1 added to all four counts, 0 when the pooled proportion is 1
  (``repness.clj`` L85–100, ``stats.clj`` L18–33), likewise ``rd``, ``rdt``;
* selection (``repness.clj`` ``select-rep-comments`` L130–278): a comment is
  *sufficient* if ``(rat > 1.2816 ∧ pat > 1.2816) ∨ (rdt > 1.2816 ∧ pdt >
  1.2816)``; its direction is agree iff ``rat > rdt``; sufficient comments are
  ranked by ``repness · repness_test · p_success · p_test``; the group's
  "best agree" comment goes first, the top 5 are kept and agrees are listed
  before disagrees. With nothing sufficient, the single best comment (by
  ``max(rat, rdt)``) is returned, the best agree one in preference.
  Moderated-out comments are never selected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypedDict

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "Z_90",
    "CommentStats",
    "RepnessEntry",
    "comment_stats",
    "prop_test",
    "repness_stats",
    "select_representative",
    "two_prop_test",
]

#: One-sided 90 % critical value used throughout Pol.is (``stats.clj`` ``z-sig-90?``).
Z_90 = 1.2816


def prop_test(succ: ArrayLike, n: ArrayLike) -> NDArray[np.float64]:
    """One-proportion test ``2·√(n+1)·((succ+1)/(n+1) − ½)``.

    Examples
    --------
    >>> round(float(prop_test(8, 10)), 4)
    2.1106
    """
    s = np.asarray(succ, dtype=np.float64) + 1.0
    t = np.asarray(n, dtype=np.float64) + 1.0
    return 2.0 * np.sqrt(t) * (s / t - 0.5)


def two_prop_test(
    succ_in: ArrayLike, succ_out: ArrayLike, n_in: ArrayLike, n_out: ArrayLike
) -> NDArray[np.float64]:
    """Two-proportion z-test with +1 on all four counts (0 if pooled p = 1).

    Examples
    --------
    >>> round(float(two_prop_test(8, 2, 10, 10)), 4)
    2.569
    >>> float(two_prop_test(3, 3, 3, 3))
    0.0
    """
    s1 = np.asarray(succ_in, dtype=np.float64) + 1.0
    s2 = np.asarray(succ_out, dtype=np.float64) + 1.0
    n1 = np.asarray(n_in, dtype=np.float64) + 1.0
    n2 = np.asarray(n_out, dtype=np.float64) + 1.0
    pi_hat = (s1 + s2) / (n1 + n2)
    denom = np.sqrt(pi_hat * (1.0 - pi_hat) * (1.0 / n1 + 1.0 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / denom
    return np.where((pi_hat == 1.0) | ~np.isfinite(z), 0.0, z)


@dataclass(frozen=True)
class CommentStats:
    """Per (group, comment) statistics; every array has shape ``(G, m)``."""

    na: NDArray[np.int64]
    nd: NDArray[np.int64]
    ns: NDArray[np.int64]
    pa: NDArray[np.float64]
    pd: NDArray[np.float64]
    pat: NDArray[np.float64]
    pdt: NDArray[np.float64]
    ra: NDArray[np.float64]
    rd: NDArray[np.float64]
    rat: NDArray[np.float64]
    rdt: NDArray[np.float64]


def comment_stats(
    na: ArrayLike, nd: ArrayLike, ns: ArrayLike
) -> dict[str, NDArray[np.float64]]:
    """``pa``, ``pd``, ``pat``, ``pdt`` for vote counts (any shape).

    Examples
    --------
    >>> s = comment_stats(3, 1, 5)
    >>> round(float(s["pa"]), 4), round(float(s["pat"]), 4)
    (0.5714, 0.8165)
    """
    a = np.asarray(na, dtype=np.float64)
    d = np.asarray(nd, dtype=np.float64)
    s = np.asarray(ns, dtype=np.float64)
    return {
        "pa": (a + 1.0) / (s + 2.0),
        "pd": (d + 1.0) / (s + 2.0),
        "pat": prop_test(a, s),
        "pdt": prop_test(d, s),
    }


def repness_stats(na: ArrayLike, nd: ArrayLike, ns: ArrayLike) -> CommentStats:
    """Group-vs-rest statistics from ``(G, m)`` per-group vote counts.

    Examples
    --------
    >>> st = repness_stats([[8], [2]], [[1], [7]], [[10], [10]])
    >>> round(float(st.ra[0, 0]), 4), round(float(st.rat[0, 0]), 4)
    (3.0, 2.569)
    """
    a = np.atleast_2d(np.asarray(na, dtype=np.int64))
    d = np.atleast_2d(np.asarray(nd, dtype=np.int64))
    s = np.atleast_2d(np.asarray(ns, dtype=np.int64))
    base = comment_stats(a, d, s)
    ra_rest = a.sum(axis=0, keepdims=True) - a
    rd_rest = d.sum(axis=0, keepdims=True) - d
    rs_rest = s.sum(axis=0, keepdims=True) - s
    ra = base["pa"] / ((ra_rest + 1.0) / (rs_rest + 2.0))
    rd = base["pd"] / ((rd_rest + 1.0) / (rs_rest + 2.0))
    return CommentStats(
        na=a,
        nd=d,
        ns=s,
        pa=base["pa"],
        pd=base["pd"],
        pat=base["pat"],
        pdt=base["pdt"],
        ra=ra,
        rd=rd,
        rat=two_prop_test(a, ra_rest, s, rs_rest),
        rdt=two_prop_test(d, rd_rest, s, rs_rest),
    )


class RepnessEntry(TypedDict):
    """One representative comment of a group (JSON-ready)."""

    comment_id: Any
    repful: Literal["agree", "disagree"]
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool


def _finalize(st: CommentStats, g: int, j: int, cid: Any) -> RepnessEntry:
    agree = bool(st.rat[g, j] > st.rdt[g, j])
    if agree:
        vals = (st.na, st.pa, st.pat, st.ra, st.rat)
    else:
        vals = (st.nd, st.pd, st.pdt, st.rd, st.rdt)
    return RepnessEntry(
        comment_id=cid,
        repful="agree" if agree else "disagree",
        n_success=int(vals[0][g, j]),
        n_trials=int(st.ns[g, j]),
        p_success=float(vals[1][g, j]),
        p_test=float(vals[2][g, j]),
        repness=float(vals[3][g, j]),
        repness_test=float(vals[4][g, j]),
        best_agree=False,
    )


def _metric(e: RepnessEntry) -> float:
    return e["repness"] * e["repness_test"] * e["p_success"] * e["p_test"]


def select_representative(
    stats: CommentStats,
    comment_ids: ArrayLike,
    *,
    exclude: ArrayLike | None = None,
    pick_max: int = 5,
) -> list[list[RepnessEntry]]:
    """Pol.is' representative-comment selection for every group.

    Parameters
    ----------
    stats : CommentStats
        From :func:`repness_stats`.
    comment_ids : array_like, shape (m,)
    exclude : array_like of bool, shape (m,), optional
        Moderated-out comments.
    pick_max : int, default 5

    Returns
    -------
    list of lists of RepnessEntry, one list per group.

    Examples
    --------
    >>> st = repness_stats([[9, 0], [0, 9]], [[0, 9], [9, 0]], [[10, 10], [10, 10]])
    >>> sel = select_representative(st, ["a", "b"])
    >>> [[(e["comment_id"], e["repful"]) for e in g] for g in sel]
    [[('a', 'agree'), ('b', 'disagree')], [('b', 'agree'), ('a', 'disagree')]]
    """
    cids = np.asarray(comment_ids).tolist()
    n_groups, m = stats.na.shape
    excl = np.zeros(m, dtype=bool) if exclude is None else np.asarray(exclude, bool)
    cols = np.flatnonzero(~excl)
    sufficient_mask = ((stats.rat > Z_90) & (stats.pat > Z_90)) | (
        (stats.rdt > Z_90) & (stats.pdt > Z_90)
    )
    out: list[list[RepnessEntry]] = []
    for g in range(n_groups):
        na, nd = stats.na[g], stats.nd[g]
        ra, rat, pa, pat = stats.ra[g], stats.rat[g], stats.pa[g], stats.pat[g]
        best_agree: int | None = None
        for j in cols.tolist():
            if na[j] == 0 and nd[j] == 0:
                continue
            if best_agree is None:
                ok = pat[j] > Z_90 or (ra[j] > 1.0 and pa[j] > 0.5)
            elif ra[best_agree] > 1.0:
                b = best_agree
                ok = ra[j] * rat[j] * pa[j] * pat[j] > ra[b] * rat[b] * pa[b] * pat[b]
            else:
                ok = pa[j] * pat[j] > pa[best_agree] * pat[best_agree]
            if ok:
                best_agree = j
        ba_entry: RepnessEntry | None = None
        if best_agree is not None:
            ba_entry = _finalize(stats, g, best_agree, cids[best_agree])
            ba_entry["best_agree"] = True
        suff = [j for j in cols.tolist() if sufficient_mask[g, j]]
        if not suff:
            if ba_entry is not None:
                out.append([ba_entry])
                continue
            if len(cols):
                test = np.maximum(stats.rat[g, cols], stats.rdt[g, cols])
                j = int(cols[int(np.argmax(test))])
                out.append([_finalize(stats, g, j, cids[j])])
            else:
                out.append([])
            continue
        entries = [_finalize(stats, g, j, cids[j]) for j in suff if j != best_agree]
        entries.sort(key=lambda e: -_metric(e))
        if ba_entry is not None:
            entries.insert(0, ba_entry)
        entries = entries[:pick_max]
        agrees = [e for e in entries if e["repful"] == "agree"]
        disagrees = [e for e in entries if e["repful"] == "disagree"]
        out.append(agrees + disagrees)
    return out
