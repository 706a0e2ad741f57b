"""Conversation-wide consensus and group-aware (group-informed) consensus.

* Conversation consensus (``math/repness.clj`` ``select-consensus-comments``
  L281–320, used in ``conversation.clj`` L693–696): over **all** participants,
  agree candidates have ``pa > 0.5`` and ``pat > 1.2816`` and are ranked by
  ``pa · pat``; the top 5 are kept. Disagree likewise with ``pd``, ``pdt``.
  Moderated-out comments are excluded.
* Group-aware consensus (``conversation.clj`` L578–636): for every comment,
  ``Π_g (A_g + 1) / (S_g + 2)`` over the opinion groups, with ``A_g`` the
  agrees and ``S_g`` all votes (passes included) of group ``g``'s members,
  counted on the raw matrix (moderation does not erase votes).
  :func:`group_aware_consensus` takes any per-side counts, so it also serves
  *declared* groups (sides of a dialogue).
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .repness import Z_90, comment_stats

__all__ = [
    "ConsensusEntry",
    "group_aware_consensus",
    "group_informed_consensus",
    "select_consensus",
]


class ConsensusEntry(TypedDict):
    """One consensus comment (JSON-ready)."""

    comment_id: Any
    direction: Literal["agree", "disagree"]
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


def select_consensus(
    na: ArrayLike,
    nd: ArrayLike,
    ns: ArrayLike,
    comment_ids: ArrayLike,
    *,
    exclude: ArrayLike | None = None,
    pick_max: int = 5,
) -> list[ConsensusEntry]:
    """Top agree then top disagree consensus comments (Pol.is rules).

    Parameters
    ----------
    na, nd, ns : array_like, shape (m,)
        Agree, disagree and total (non-missing) vote counts over everyone.
    comment_ids : array_like, shape (m,)
    exclude : array_like of bool, shape (m,), optional
        Moderated-out comments.
    pick_max : int, default 5
        Per direction.

    Returns
    -------
    list of ConsensusEntry
        Agree entries (best first) followed by disagree entries.

    Examples
    --------
    >>> out = select_consensus([9, 1, 5], [0, 8, 5], [10, 10, 10], ["a", "b", "c"])
    >>> [(e["comment_id"], e["direction"]) for e in out]
    [('a', 'agree'), ('b', 'disagree')]
    """
    a = np.asarray(na, dtype=np.int64)
    d = np.asarray(nd, dtype=np.int64)
    s = np.asarray(ns, dtype=np.int64)
    cids = np.asarray(comment_ids).tolist()
    excl = np.zeros(len(a), bool) if exclude is None else np.asarray(exclude, bool)
    st = comment_stats(a, d, s)
    out: list[ConsensusEntry] = []
    for direction, cnt, p, t in (
        ("agree", a, st["pa"], st["pat"]),
        ("disagree", d, st["pd"], st["pdt"]),
    ):
        cand = np.flatnonzero(~excl & (p > 0.5) & (t > Z_90))
        order = cand[np.argsort(-(p[cand] * t[cand]), kind="stable")][:pick_max]
        out.extend(
            ConsensusEntry(
                comment_id=cids[j],
                direction=direction,  # type: ignore[typeddict-item]
                n_success=int(cnt[j]),
                n_trials=int(s[j]),
                p_success=float(p[j]),
                p_test=float(t[j]),
            )
            for j in order.tolist()
        )
    return out


def group_aware_consensus(
    agree_counts: ArrayLike, response_counts: ArrayLike
) -> NDArray[np.float64]:
    """``Π_sides (agree + 1) / (responses + 2)`` for every statement.

    Parameters
    ----------
    agree_counts, response_counts : array_like, shape (n_sides, n_statements)
        Per side (group) and statement: the number of agrees (or disagrees,
        for disagreement consensus) and of all responses including passes.
        A 1-D input is one side.

    Returns
    -------
    ndarray, shape (n_statements,)
        High only when every side mostly agrees; an empty side contributes ½.

    Examples
    --------
    >>> group_aware_consensus([[9, 0], [8, 10]], [[10, 10], [10, 10]]).round(4).tolist()
    [0.625, 0.0764]
    """
    a = np.asarray(agree_counts, dtype=np.float64)
    s = np.asarray(response_counts, dtype=np.float64)
    if a.shape != s.shape:
        raise ValueError("agree_counts and response_counts differ in shape")
    if a.ndim == 1:
        a, s = a[None, :], s[None, :]
    if np.any(a < 0) or np.any(a > s):
        raise ValueError("need 0 <= agree_counts <= response_counts")
    return np.prod((a + 1.0) / (s + 2.0), axis=0)


#: Pol.is' name for the same quantity over the computed opinion groups.
group_informed_consensus = group_aware_consensus
