"""Seeded synthetic conversations with latent opinion groups.

Every participant belongs to one of ``n_groups`` latent groups; every group
has an opinion on every comment (probability of agreeing vs disagreeing);
each participant votes on about ``votes_per_participant`` comments drawn
with a popularity skew (early comments are seen more, as in Pol.is), passes
with probability ``pass_rate`` and otherwise follows the group's opinion.
Used by tests and ``bench/bench_polis.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .matrix import VoteTable

__all__ = ["SyntheticConversation", "make_conversation"]


@dataclass(frozen=True)
class SyntheticConversation:
    """A generated conversation.

    Attributes
    ----------
    votes : VoteTable
        One vote per (participant, comment) pair, sorted by participant then
        comment.
    true_groups : ndarray of int64, shape (n_participants,)
        Latent group of participants ``0..n-1`` (participant id = index).
    opinions : ndarray, shape (n_groups, n_comments)
        Probability that a non-passing member of the group agrees.
    """

    votes: VoteTable
    true_groups: NDArray[np.int64]
    opinions: NDArray[np.float64]


def make_conversation(
    n_participants: int,
    n_comments: int,
    *,
    votes_per_participant: float = 30.0,
    n_groups: int = 3,
    pass_rate: float = 0.15,
    polarization: float = 0.95,
    popularity_skew: float = 1.0,
    seed: int = 0,
) -> SyntheticConversation:
    """Generate a conversation (vectorised; 1 M participants in a few seconds).

    Parameters
    ----------
    n_participants, n_comments : int
    votes_per_participant : float, default 30
        Mean number of comments drawn per participant (``1 + Poisson(mean −
        1)``, capped at ``n_comments``); repeated draws are dropped, so the
        mean number of distinct votes is slightly lower.
    n_groups : int, default 3
    pass_rate : float, default 0.15
    polarization : float, default 0.95
        Divisive comments are agreed with by a group with probability
        ``polarization`` or ``1 − polarization``.
    popularity_skew : float, default 1.0
        Comment ``j`` is drawn with weight ``(j + 10)^(−skew)``.
    seed : int, default 0

    Examples
    --------
    >>> conv = make_conversation(100, 20, votes_per_participant=5, seed=3)
    >>> len(conv.votes) > 300, conv.true_groups.shape
    (True, (100,))
    """
    rng = np.random.default_rng(seed)
    n, m = n_participants, n_comments
    weights = rng.dirichlet(np.full(n_groups, 4.0))
    groups = rng.choice(n_groups, size=n, p=weights).astype(np.int64)
    # Each comment: consensual (shared opinion) or divisive (per-group side).
    divisive = rng.random(m) < 0.6
    shared = np.where(rng.random(m) < 0.7, 0.8, 0.25)
    sides = rng.random((n_groups, m)) < 0.5
    opinions = np.where(
        divisive[None, :],
        np.where(sides, polarization, 1.0 - polarization),
        shared[None, :],
    )
    k = np.minimum(1 + rng.poisson(max(votes_per_participant - 1.0, 0.0), n), m)
    pop = (np.arange(m) + 10.0) ** (-popularity_skew)
    cdf = np.cumsum(pop / pop.sum())
    # Draw k_i comments with replacement and drop repeats (a few per
    # participant), so every (participant, comment) pair occurs once.
    pid = np.repeat(np.arange(n, dtype=np.int64), k)
    cid = np.searchsorted(cdf, rng.random(len(pid)), side="right")
    np.minimum(cid, m - 1, out=cid)
    key = np.sort(pid * m + cid, kind="stable")
    del pid, cid
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    key = key[first]
    pid, cid = key // m, key % m
    del key
    p_agree = opinions[groups[pid], cid]
    u = rng.random(len(pid))
    passed = rng.random(len(pid)) < pass_rate
    votes = np.where(passed, 0, np.where(u < p_agree, 1, -1)).astype(np.int8)
    table = VoteTable(pid, cid, votes)
    return SyntheticConversation(table, groups, opinions)
