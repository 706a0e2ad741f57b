"""K-means with Pol.is semantics, silhouette and the group-count selection.

Reference: ``math/src/polismath/math/clusters.clj`` (``init-clusters`` L55–65,
``same-clustering?`` L68–76, ``cluster-step`` L140–156, ``kmeans`` L230–312,
``silhouette`` L339–375) and ``math/conversation.clj`` L400–474.

Pol.is semantics kept here:

* initial centres are the first ``k`` *distinct* rows in data order
  (``init="polis"``); a seeded k-means++ is available as ``init="k-means++"``;
* each step assigns every point to its nearest centre and recomputes
  (optionally weighted) means; clusters left without members are dropped, so a
  result may have fewer than ``k`` clusters;
* iteration stops when every centre moved less than ``tol`` (0.01) or after
  ``max_iter`` steps (100 for base clusters, 20 for groups: Pol.is ignores its
  ``:group-iters`` option, see ``delphi/docs/CLOJURE_QUIRKS.md`` Q3).
  Centres are compared cluster by cluster (Pol.is compares the lexicographically
  sorted centre lists, which pairs them identically unless centres cross);
* the silhouette of a clustering of the base-cluster centres is the
  unweighted mean over base clusters, a singleton scoring 0;
* the best ``k`` in ``2..min(5, 2 + ⌊#base/12⌋)`` wins (ties: smallest ``k``),
  and the *k-smoother* only switches to a new ``k`` after it won
  ``buffer = 4`` consecutive updates (``conversation.clj`` L445–474).

For speed, the assignment step is exact Lloyd accelerated with Hamerly's
bounds (one upper and one lower bound per point, so only points whose bounds
overlap are re-examined); the points that need a full search are compared
with every centre directly (in blocks of rows), or through a k-d tree over the
centres above 5,000,000 point-centre pairs. The result is that of plain Lloyd
iterations (up to floating-point ties).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "GroupClustering",
    "KMeansResult",
    "KSmoother",
    "PolisKMeans",
    "choose_group_clustering",
    "first_distinct_rows",
    "kmeans",
    "kmeans_plusplus",
    "max_group_k",
    "pairwise_distances",
    "refine_on_points",
    "silhouette_score",
]

InitMethod = Literal["polis", "k-means++"]

_BRUTE_LIMIT = 200_000  # n·k below which distances are computed directly
_BLOCKED_LIMIT = 5_000_000  # n·k below which they are, in blocks of rows
_REFINE_SAMPLE = 20_000  # participants the group candidates are compared on


@dataclass(frozen=True)
class KMeansResult:
    """Outcome of :func:`kmeans`.

    Attributes
    ----------
    centers : ndarray, shape (k', d)
        ``k' <= k``: clusters that lost all members are dropped (Pol.is).
    labels : ndarray of int64, shape (n,)
    n_iter : int
        Number of update steps performed.
    converged : bool
    """

    centers: NDArray[np.float64]
    labels: NDArray[np.int64]
    n_iter: int
    converged: bool


def first_distinct_rows(points: ArrayLike, k: int) -> NDArray[np.float64]:
    """The first ``k`` distinct rows of ``points`` in data order (Pol.is init).

    Examples
    --------
    >>> first_distinct_rows([[0, 0], [0, 0], [1, 2], [0, 0], [3, 3]], 2).tolist()
    [[0.0, 0.0], [1.0, 2.0]]
    """
    X = np.asarray(points, dtype=np.float64)
    n = len(X)
    w = min(n, max(4 * k, 256))
    while True:
        _, first = np.unique(X[:w], axis=0, return_index=True)
        if len(first) >= k or w >= n:
            return X[np.sort(first)[:k]].copy()
        w = min(n, 4 * w)


def kmeans_plusplus(
    points: ArrayLike,
    k: int,
    *,
    random_state: int = 0,
    weights: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """Seeded k-means++ initial centres (alternative to the Pol.is init).

    Examples
    --------
    >>> c = kmeans_plusplus([[0, 0], [0, 1], [10, 10]], 2, random_state=1)
    >>> c.shape
    (2, 2)
    """
    X = np.asarray(points, dtype=np.float64)
    n = len(X)
    rng = np.random.default_rng(random_state)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    k = min(k, len(np.unique(X, axis=0)) if n <= 100_000 else k)
    centers = np.empty((k, X.shape[1]))
    first = int(rng.choice(n, p=w / w.sum()))
    centers[0] = X[first]
    d2 = np.sum((X - centers[0]) ** 2, axis=1)
    for i in range(1, k):
        p = w * d2
        total = p.sum()
        if total <= 0:
            return centers[:i]
        idx = int(rng.choice(n, p=p / total))
        centers[i] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centers[i]) ** 2, axis=1))
    return centers


def pairwise_distances(a: ArrayLike, b: ArrayLike | None = None) -> NDArray[np.float64]:
    """Euclidean distance matrix (computed from differences, not |a|²+|b|²−2ab,
    which cancels badly for nearly identical points: Pol.is quirk Q11)."""
    A = np.asarray(a, dtype=np.float64)
    B = A if b is None else np.asarray(b, dtype=np.float64)
    diff = A[:, None, :] - B[None, :, :]
    return np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))


def _nearest2(
    X: NDArray[np.float64], C: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """Nearest centre, its distance and the distance to the second nearest."""
    n, k = len(X), len(C)
    if k == 1:
        d1 = np.sqrt(np.sum((X - C[0]) ** 2, axis=1))
        return np.zeros(n, dtype=np.int64), d1, np.full(n, np.inf)
    if n * k <= _BRUTE_LIMIT:
        D = pairwise_distances(X, C)
        lab = np.argmin(D, axis=1)
        rows = np.arange(n)
        d1 = D[rows, lab].copy()
        D[rows, lab] = np.inf
        return lab.astype(np.int64), d1, D.min(axis=1)
    if n * k <= _BLOCKED_LIMIT:
        # The same direct computation in blocks of rows: no k-d tree, whose
        # import (scipy.spatial, a third of a second) would cost a one-shot
        # analysis of a few thousand participants more than it saves.
        step = max(1, _BRUTE_LIMIT // k)
        parts = [_nearest2(X[i : i + step], C) for i in range(0, n, step)]
        return (
            np.concatenate([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
        )
    from scipy.spatial import cKDTree  # imported when needed: ~0.3 s

    tree = cKDTree(C)
    dist, idx = tree.query(X, k=2, workers=-1 if n > 200_000 else 1)
    return idx[:, 0].astype(np.int64), dist[:, 0], dist[:, 1]


def kmeans(
    points: ArrayLike,
    init_centers: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    max_iter: int = 100,
    tol: float = 0.01,
) -> KMeansResult:
    """Lloyd k-means with Pol.is' stopping rule and empty-cluster dropping.

    Parameters
    ----------
    points : array_like, shape (n, d)
    init_centers : array_like, shape (k, d)
    weights : array_like, shape (n,), optional
        Point weights for the means (group clustering weights base clusters
        by their member counts).
    max_iter : int
        Maximum number of update steps.
    tol : float
        Converged once every centre moved less than ``tol``.

    Examples
    --------
    >>> r = kmeans([[0, 0], [0, 1], [10, 0], [10, 1]], [[0, 0], [10, 0]])
    >>> r.labels.tolist(), r.centers.tolist()
    ([0, 0, 1, 1], [[0.0, 0.5], [10.0, 0.5]])
    """
    X = np.ascontiguousarray(points, dtype=np.float64)
    C = np.array(init_centers, dtype=np.float64, copy=True)
    n = len(X)
    if n == 0 or len(C) == 0:
        return KMeansResult(C[:0], np.zeros(n, dtype=np.int64), 0, True)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    dim = X.shape[1]
    lab, upper, lower = _nearest2(X, C)
    # Per-cluster member counts, weight sums and weighted coordinate sums,
    # updated incrementally from the points that changed cluster.
    k0 = len(C)
    counts = np.bincount(lab, minlength=k0)
    wsum = np.bincount(lab, w, k0)
    sums = np.stack([np.bincount(lab, X[:, d] * w, k0) for d in range(dim)], axis=1)
    it = 0
    converged = False
    while True:
        it += 1
        keep = counts > 0
        safe = np.where(wsum > 0, wsum, 1.0)
        new_c = sums / safe[:, None]
        # Zero-weight clusters with members keep their previous centre.
        zero_w = keep & (wsum <= 0)
        new_c[zero_w] = C[zero_w]
        delta = np.sqrt(np.sum((new_c - C) ** 2, axis=1))
        if not keep.all():
            remap = np.cumsum(keep) - 1
            lab = remap[lab]
            new_c, delta = new_c[keep], delta[keep]
            counts, wsum, sums = counts[keep], wsum[keep], sums[keep]
        converged = bool(keep.all() and np.all(delta < tol))
        C = new_c
        if converged or it >= max_iter:
            break
        # Hamerly bound maintenance.
        upper += delta[lab]
        if len(C) > 1:
            top = int(np.argmax(delta))
            others = np.delete(delta, top)
            second = float(others.max()) if len(others) else 0.0
            dec = np.full(len(C), float(delta[top]))
            dec[top] = second
            lower -= dec[lab]
            cc = pairwise_distances(C)
            np.fill_diagonal(cc, np.inf)
            half = 0.5 * cc.min(axis=1)
        else:
            lower[:] = np.inf
            half = np.full(1, np.inf)
        bound = np.maximum(lower, half[lab])
        cand = np.flatnonzero(upper > bound)
        if cand.size:
            diff = X[cand] - C[lab[cand]]
            upper[cand] = np.sqrt(np.einsum("ij,ij->i", diff, diff))
            cand = cand[upper[cand] > bound[cand]]
        if cand.size:
            l2, d1, d2 = _nearest2(X[cand], C)
            moved = l2 != lab[cand]
            if moved.any():
                kk = len(C)
                pm, old, new = cand[moved], lab[cand][moved], l2[moved]
                wm = w[pm]
                counts += np.bincount(new, minlength=kk) - np.bincount(
                    old, minlength=kk
                )
                wsum += np.bincount(new, wm, kk) - np.bincount(old, wm, kk)
                for d in range(dim):
                    xw = X[pm, d] * wm
                    sums[:, d] += np.bincount(new, xw, kk) - np.bincount(old, xw, kk)
            lab[cand] = l2
            upper[cand] = d1
            lower[cand] = d2
    return KMeansResult(C, lab, it, converged)


class PolisKMeans:
    """Estimator wrapper around :func:`kmeans` (base clusters: ``k = 100``).

    Parameters
    ----------
    n_clusters : int, default 100
    init : {"polis", "k-means++"}, default "polis"
        ``polis``: first distinct rows in data order (deterministic, Pol.is);
        ``k-means++``: seeded by ``random_state``.
    max_iter : int, default 100
    tol : float, default 0.01
    random_state : int, default 0

    Attributes
    ----------
    cluster_centers_ : ndarray, shape (k', 2)
    labels_ : ndarray of int64
    n_iter_ : int

    Examples
    --------
    >>> km = PolisKMeans(n_clusters=2).fit([[0, 0], [0, 1], [5, 5], [5, 6]])
    >>> km.labels_.tolist()
    [0, 0, 1, 1]
    """

    def __init__(
        self,
        n_clusters: int = 100,
        *,
        init: InitMethod = "polis",
        max_iter: int = 100,
        tol: float = 0.01,
        random_state: int = 0,
    ) -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(
        self,
        X: ArrayLike,
        sample_weight: ArrayLike | None = None,
        init_centers: ArrayLike | None = None,
    ) -> PolisKMeans:
        """Cluster ``X``; ``init_centers`` (e.g. previous centres) overrides ``init``."""
        pts = np.asarray(X, dtype=np.float64)
        if init_centers is not None:
            start = np.asarray(init_centers, dtype=np.float64)
        elif self.init == "k-means++":
            start = kmeans_plusplus(
                pts,
                self.n_clusters,
                random_state=self.random_state,
                weights=sample_weight,
            )
        else:
            start = first_distinct_rows(pts, self.n_clusters)
        res = kmeans(
            pts, start, weights=sample_weight, max_iter=self.max_iter, tol=self.tol
        )
        self.cluster_centers_ = res.centers
        self.labels_ = res.labels
        self.n_iter_ = res.n_iter
        self.converged_ = res.converged
        return self


def silhouette_score(dist: ArrayLike, labels: ArrayLike) -> float:
    """Mean silhouette from a distance matrix (Pol.is ``clusters.clj`` L339–375).

    A member of a singleton cluster scores 0; the mean is unweighted.

    Examples
    --------
    >>> d = pairwise_distances([[0.0], [1.0], [10.0], [11.0]])
    >>> round(silhouette_score(d, [0, 0, 1, 1]), 4)
    0.8997
    """
    D = np.asarray(dist, dtype=np.float64)
    lab = np.asarray(labels, dtype=np.int64)
    n = len(lab)
    if n == 0:
        return 0.0
    k = int(lab.max()) + 1
    counts = np.bincount(lab, minlength=k)
    if np.count_nonzero(counts) < 2:
        return 0.0
    onehot = np.zeros((n, k))
    onehot[np.arange(n), lab] = 1.0
    sums = D @ onehot
    own = counts[lab]
    with np.errstate(divide="ignore", invalid="ignore"):
        a = sums[np.arange(n), lab] / (own - 1)
        mean_other = sums / np.where(counts > 0, counts, 1)
    mean_other[np.arange(n), lab] = np.inf
    mean_other[:, counts == 0] = np.inf
    b = mean_other.min(axis=1)
    denom = np.maximum(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = (b - a) / denom
    s = np.where((own <= 1) | ~np.isfinite(s), 0.0, s)
    return float(s.mean())


def max_group_k(n_base: int, max_k: int = 5) -> int:
    """``min(max_k, 2 + ⌊n_base / 12⌋)`` (``conversation.clj`` ``max-k-fn``).

    Examples
    --------
    >>> [max_group_k(n) for n in (5, 12, 24, 100)]
    [2, 3, 4, 5]
    """
    return min(max_k, 2 + n_base // 12)


@dataclass
class KSmoother:
    """Pol.is' k-smoother: switch to a new ``k`` only after ``buffer`` wins in a row.

    Examples
    --------
    >>> s = KSmoother()
    >>> [s.step(k) for k in (2, 3, 3, 3, 3)]
    [2, 2, 2, 2, 3]
    """

    buffer: int = 4
    last_k: int | None = None
    last_k_count: int = 0
    smoothed_k: int | None = None

    def step(self, this_k: int) -> int:
        same = self.last_k is not None and this_k == self.last_k
        count = self.last_k_count + 1 if same else 1
        if count >= self.buffer or self.smoothed_k is None:
            self.smoothed_k = this_k
        self.last_k = this_k
        self.last_k_count = count
        return self.smoothed_k


@dataclass
class GroupClustering:
    """Group clusterings of the base clusters, one per candidate ``k``.

    Attributes
    ----------
    k : int
        Selected (smoothed) group count key into ``clusterings``.
    labels : ndarray of int64, shape (n_base,)
        Group of every base cluster under the selected clustering.
    clusterings : dict[int, KMeansResult]
    silhouettes : dict[int, float]
    """

    k: int
    labels: NDArray[np.int64]
    clusterings: dict[int, KMeansResult] = field(default_factory=dict)
    silhouettes: dict[int, float] = field(default_factory=dict)
    #: Group of every participant (in the order of ``points``) when the
    #: groups were refined on the participants, else ``None``.
    point_labels: NDArray[np.int64] | None = None
    #: Group centres refined on the participants, per ``k``.
    point_centers: dict[int, NDArray[np.float64]] = field(default_factory=dict)

    @property
    def centers(self) -> NDArray[np.float64]:
        if self.k in self.point_centers:
            return self.point_centers[self.k]
        return self.clusterings[self.k].centers


def choose_group_clustering(
    base_centers: ArrayLike,
    base_weights: ArrayLike,
    *,
    max_k: int = 5,
    max_iter: int = 20,
    tol: float = 0.01,
    previous: dict[int, NDArray[np.float64]] | None = None,
    smoother: KSmoother | None = None,
    points: ArrayLike | None = None,
    n_init: int = 10,
    random_state: int = 0,
    k_margin: float = 0.0,
    min_group: float = 0.02,
) -> GroupClustering:
    """Weighted k-means of base centres for each ``k`` and silhouette choice.

    ``previous`` maps ``k`` to the centres of the previous update (warm start,
    as Pol.is' ``:last-clusters``); otherwise the first ``k`` distinct base
    centres start. ``smoother`` carries the k-smoother state across updates.

    With ``points`` (the participants' projections), the one-shot rule that
    best reproduces Pol.is' exported groups (see the README's fidelity
    table) is used instead of a single start:

    * candidates per ``k``: Pol.is' own start (``previous`` or the first
      distinct base centres) and ``n_init`` seeded k-means++ starts, each run
      as Pol.is' weighted k-means of the base centres; Pol.is reaches its
      groups from a long history of warm starts, which lands in a good
      partition that a single cold start often misses;
    * each distinct candidate is refined by k-means on the participants
      themselves (:func:`refine_on_points`) and the one with the smallest
      within-group sum of squares wins (ties keep Pol.is' start); partitions
      with a group under ``max(3, min_group · n)`` participants are set aside
      (an outlier or two is not an opinion group);
    * ``k``: the silhouette of the base clustering (Pol.is' measure); a
      ``k`` other than 2 is adopted only when its silhouette beats that of
      ``k = 2`` by more than ``k_margin``. This stands in for the
      k-smoother, which a one-shot analysis cannot replay: a conversation
      starts with ``k = 2`` (fewer than 12 base clusters allow no other), and
      a new ``k`` must then win four updates in a row, so only a clearly
      better ``k`` displaces 2.

    Examples
    --------
    >>> centers = [[0, 0], [0, 1], [9, 9], [9, 8], [0, 0.5]]
    >>> g = choose_group_clustering(centers, [1, 1, 1, 1, 1])
    >>> g.k, g.labels.tolist()
    (2, [0, 0, 1, 1, 0])
    """
    P = np.asarray(base_centers, dtype=np.float64).reshape(-1, 2)
    W = np.asarray(base_weights, dtype=np.float64)
    nb = len(P)
    if nb == 0:
        return GroupClustering(0, np.zeros(0, dtype=np.int64))
    n_distinct = len(np.unique(P, axis=0))
    if n_distinct < 2:
        res = KMeansResult(P[:1].copy(), np.zeros(nb, dtype=np.int64), 0, True)
        return GroupClustering(1, res.labels, {1: res}, {1: 0.0})
    dist = pairwise_distances(P)
    clusterings: dict[int, KMeansResult] = {}
    sil: dict[int, float] = {}
    refined: dict[int, KMeansResult] = {}
    X = None if points is None else np.asarray(points, dtype=np.float64).reshape(-1, 2)
    # Candidates are compared on an evenly spaced, deterministic sample of
    # the participants (all of them up to 20,000), so that a million
    # participants cost no more than 20,000 here.
    step = 1 if X is None else max(1, -(-len(X) // _REFINE_SAMPLE))
    Xs = None if X is None else X[::step]
    for k in range(2, max_group_k(nb, max_k) + 1):
        start = None
        if previous is not None and k in previous and len(previous[k]):
            start = np.asarray(previous[k], dtype=np.float64)
        if start is None:
            start = first_distinct_rows(P, k)
        res = kmeans(P, start, weights=W, max_iter=max_iter, tol=tol)
        if Xs is not None:
            res, refined[k] = _best_of_starts(
                P, W, Xs, k, res, n_init, random_state, max_iter, tol, min_group
            )
        clusterings[k] = res
        sil[k] = silhouette_score(dist, res.labels)
    best = max(sil, key=lambda kk: (sil[kk], -kk))
    if k_margin > 0 and 2 in sil and sil[best] - sil[2] <= k_margin:
        best = 2
    k_sel = best if smoother is None else smoother.step(best)
    if k_sel not in clusterings:
        k_sel = best
    out = GroupClustering(k_sel, clusterings[k_sel].labels, clusterings, sil)
    if X is not None:
        chosen = refined[k_sel]
        out.point_labels = (
            chosen.labels if step == 1 else _nearest2(X, chosen.centers)[0]
        )
        out.point_centers = {kk: r.centers for kk, r in refined.items()}
    return out


def refine_on_points(
    points: ArrayLike,
    centers: ArrayLike,
    *,
    max_iter: int = 20,
    tol: float = 0.01,
    sample: int = 20_000,
) -> KMeansResult:
    """k-means on the participants themselves, started from ``centers``.

    Above ``sample`` points, the iterations run on an evenly spaced,
    deterministic subsample and every point then joins its nearest centre.

    Examples
    --------
    >>> r = refine_on_points([[0, 0], [0, 1], [5, 5], [6, 5]], [[1, 1], [4, 4]])
    >>> r.labels.tolist(), r.centers.tolist()
    ([0, 0, 1, 1], [[0.0, 0.5], [5.5, 5.0]])
    """
    X = np.ascontiguousarray(points, dtype=np.float64)
    n = len(X)
    step = max(1, -(-n // sample))
    res = kmeans(X[::step], centers, max_iter=max_iter, tol=tol)
    if step == 1:
        return res
    lab, _, _ = _nearest2(X, res.centers)
    return KMeansResult(res.centers, lab, res.n_iter, res.converged)


def _canonical(labels: NDArray[np.int64]) -> bytes:
    """Labels renumbered by first appearance: equal partitions, equal bytes."""
    _, first, inv = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))
    return rank[inv].astype(np.int64).tobytes()


def _best_of_starts(
    P: NDArray[np.float64],
    W: NDArray[np.float64],
    X: NDArray[np.float64],
    k: int,
    polis: KMeansResult,
    n_init: int,
    random_state: int,
    max_iter: int,
    tol: float,
    min_group: float,
) -> tuple[KMeansResult, KMeansResult]:
    """Pol.is' start and seeded k-means++ starts; the tightest refined wins.

    Returns the base-level clustering and its refinement on the points.
    """
    candidates = [polis]
    seen = {_canonical(polis.labels)}
    for s in range(n_init):
        start = kmeans_plusplus(P, k, random_state=random_state + s, weights=W)
        res = kmeans(P, start, weights=W, max_iter=max_iter, tol=tol)
        key = _canonical(res.labels)
        if key not in seen:
            seen.add(key)
            candidates.append(res)
    floor = max(3.0, min_group * len(X))
    best: tuple[float, KMeansResult, KMeansResult] | None = None
    fallback = (polis, refine_on_points(X, polis.centers, max_iter=max_iter, tol=tol))
    for res in candidates:
        ref = (
            fallback[1]
            if res is polis
            else refine_on_points(X, res.centers, max_iter=max_iter, tol=tol)
        )
        sizes = np.bincount(ref.labels, minlength=len(ref.centers))
        if len(ref.centers) < k or sizes.min() < floor:
            continue
        diff = X - ref.centers[ref.labels]
        sse = float(np.einsum("ij,ij->", diff, diff))
        if best is None or sse < best[0] * (1 - 1e-9):
            best = (sse, res, ref)
    if best is None:
        return fallback
    return best[1], best[2]
