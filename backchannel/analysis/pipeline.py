"""The full Pol.is-compatible analysis: matrix → PCA → clusters → repness.

Steps (``math/src/polismath/math/conversation.clj``):

1. vote matrix, last vote wins; moderated-out (and meta) comments are zeroed
   for every row (``rating-mat``, L198–205);
2. participants are *in the conversation* once they cast ``≥ min(7, m)``
   votes (passes and moderated comments included), and stay in; below 15 the
   top voters are added (L217–266);
3. exact PCA of the mean-imputed matrix and the sparsity-aware projection
   (:mod:`.pca`);
4. ``k = 100`` base clusters of the in-conversation projections, then groups =
   weighted k-means of the base centres for ``k = 2..min(5, 2 + ⌊#base/12⌋)``
   picked by silhouette and the k-smoother (:mod:`.clusters`). A one-shot
   analysis cannot replay the history of warm starts and k-smoother wins
   that gave Pol.is its groups, so a deterministic rule stands in for it
   (``n_init`` starts refined on the participants, the tightest kept; a
   ``k`` other than 2 only when its silhouette is ``k_margin`` better; see
   :func:`.clusters.choose_group_clustering` and the README's fidelity table);
5. repness per group, conversation consensus and group-aware consensus
   (:mod:`.repness`, :mod:`.consensus`).

Determinism: everything is a deterministic function of the votes, the
options and ``random_state``/``seed`` (which only seeds the Lanczos start
vector and the optional k-means++ init); equal inputs give identical output.
Pol.is itself is not reproducible (unseeded PCA start, mini-batch PCA on large
conversations, hash-order tie breaks; ``delphi/docs/CLOJURE_QUIRKS.md`` Q10–Q12,
Q17). Data order = rows sorted by participant id (Pol.is ids are join order).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from backchannel.textinput.uploads import DEFAULT_MAX_UPLOAD_BYTES

from .clusters import (
    GroupClustering,
    InitMethod,
    KMeansResult,
    KSmoother,
    choose_group_clustering,
    first_distinct_rows,
    kmeans,
    kmeans_plusplus,
)
from .consensus import ConsensusEntry, group_aware_consensus, select_consensus
from .matrix import IdIndex, VoteMatrix, VoteTable, build_vote_matrix, replace_rows
from .pca import ImputedPCA, PCAMethod
from .polis_io import PolisExport, read_polis_export
from .repness import RepnessEntry, repness_stats, select_representative

__all__ = [
    "AnalysisResult",
    "GroupResult",
    "PolisAnalysis",
    "analyze_export",
    "in_conversation",
    "result_to_json",
    "run_analysis",
]


@dataclass(frozen=True)
class GroupResult:
    """One opinion group: its index, size and representative comments."""

    id: int
    size: int
    repness: list[RepnessEntry]


@dataclass(frozen=True)
class AnalysisResult:
    """Everything one analysis produced. Arrays are aligned with the ids.

    Attributes
    ----------
    participant_ids : ndarray, shape (n,)
    comment_ids : ndarray, shape (m,)
    in_conv : ndarray of bool, shape (n,)
        Participants clustered (Pol.is ``in-conv``).
    group_labels : ndarray of int64, shape (n,)
        Group index, ``-1`` outside the conversation.
    projections : ndarray, shape (n, 2)
        Sparsity-aware PCA projection of every participant.
    base_labels : ndarray of int64, shape (n,)
        Base cluster (``-1`` outside the conversation).
    base_centers : ndarray, shape (B, 2)
    base_groups : ndarray of int64, shape (B,)
    groups : list of GroupResult
    consensus : list of ConsensusEntry
    group_aware_consensus : ndarray, shape (m,)
        ``Π_g (A_g+1)/(S_g+2)`` over the groups (raw votes).
    group_aware_consensus_disagree : ndarray, shape (m,)
    pca_center, pca_components : ndarray, shapes (m,), (2, m)
    comment_projections : ndarray, shape (m, 2)
        Projection of a virtual participant agreeing only with the comment
        (``pca.clj`` L167–178); its norm is the comment's extremity.
    mod_out : ndarray of bool, shape (m,)
    silhouettes : dict[int, float]
        Silhouette of every candidate group count.
    k : int
        Number of groups chosen.
    """

    participant_ids: NDArray[Any]
    comment_ids: NDArray[Any]
    in_conv: NDArray[np.bool_]
    group_labels: NDArray[np.int64]
    projections: NDArray[np.float64]
    base_labels: NDArray[np.int64]
    base_centers: NDArray[np.float64]
    base_groups: NDArray[np.int64]
    groups: list[GroupResult]
    consensus: list[ConsensusEntry]
    group_aware_consensus: NDArray[np.float64]
    group_aware_consensus_disagree: NDArray[np.float64]
    pca_center: NDArray[np.float64]
    pca_components: NDArray[np.float64]
    comment_projections: NDArray[np.float64]
    mod_out: NDArray[np.bool_]
    silhouettes: dict[int, float] = field(default_factory=dict)
    k: int = 0

    @property
    def comment_extremity(self) -> NDArray[np.float64]:
        return np.linalg.norm(self.comment_projections, axis=1)


def in_conversation(
    n_votes: ArrayLike,
    n_comments: int,
    *,
    previous: NDArray[np.bool_] | None = None,
    min_votes: int = 7,
    greedy_n: int = 15,
) -> NDArray[np.bool_]:
    """Pol.is participant inclusion (``conversation.clj`` L217–266).

    A participant is in once ``n_votes >= min(min_votes, n_comments)``; anyone
    in ``previous`` stays in; if fewer than ``greedy_n`` are in, the top voters
    (ties: data order) are added until there are ``greedy_n``.

    Examples
    --------
    >>> in_conversation([7, 6, 1], 10, greedy_n=0).tolist()
    [True, False, False]
    >>> in_conversation([2, 1, 0], 3, greedy_n=2).tolist()
    [True, True, False]
    >>> in_conversation([1, 1], 1).tolist()
    [True, True]
    """
    counts = np.asarray(n_votes, dtype=np.int64)
    inc = counts >= min(min_votes, n_comments)
    if previous is not None and len(previous):
        inc[: len(previous)] |= previous[: len(inc)]
    missing = greedy_n - int(inc.sum())
    if missing > 0:
        out = np.flatnonzero(~inc)
        top = out[np.argsort(-counts[out], kind="stable")][:missing]
        inc[top] = True
    return inc


def _as_vote_table(votes: Any) -> VoteTable:
    if isinstance(votes, VoteTable):
        return votes
    if isinstance(votes, Iterable):
        return VoteTable.from_records(votes)
    raise TypeError(f"cannot read votes from {type(votes).__name__}")


class PolisAnalysis:
    """Stateful Pol.is analysis with an incremental :meth:`update`.

    Parameters
    ----------
    base_k : int, default 100
    max_k : int, default 5
    min_votes : int, default 7
    greedy_n : int, default 15
    base_iters : int, default 100
    group_iters : int, default 20
    tol : float, default 0.01
        k-means convergence threshold on centre moves.
    k_buffer : int, default 4
        k-smoother: wins in a row needed to change the group count.
    pick_max : int, default 5
    n_init : int, default 10
        Seeded k-means++ starts tried beside Pol.is' own for the groups
        (``0``: Pol.is' start only, groups of whole base clusters).
    k_margin : float, default 0.05
        Silhouette lead a ``k`` other than 2 needs to be chosen.
    min_group : float, default 0.02
        Smallest group, as a share of the participants clustered (at least 3).
    init : {"polis", "k-means++"}, default "polis"
        Initial base centres for a cold fit: the first ``base_k`` distinct
        projections in data order (Pol.is), or seeded k-means++.
    pca_method : {"auto", "dense", "lanczos", "arpack"}, default "auto"
    random_state : int, default 0

    Attributes
    ----------
    matrix_ : VoteMatrix
    pca_ : ImputedPCA
    in_conv_ : ndarray of bool
    base_ : KMeansResult
    groups_ : GroupClustering
    result_ : AnalysisResult

    Examples
    --------
    >>> from backchannel.analysis.synthetic import make_conversation
    >>> conv = make_conversation(300, 40, n_groups=2, seed=1)
    >>> model = PolisAnalysis(random_state=0).fit(conv.votes)
    >>> model.result_.k
    2
    """

    def __init__(
        self,
        *,
        base_k: int = 100,
        max_k: int = 5,
        min_votes: int = 7,
        greedy_n: int = 15,
        base_iters: int = 100,
        group_iters: int = 20,
        tol: float = 0.01,
        k_buffer: int = 4,
        pick_max: int = 5,
        n_init: int = 10,
        k_margin: float = 0.05,
        min_group: float = 0.02,
        init: InitMethod = "polis",
        pca_method: PCAMethod = "auto",
        random_state: int = 0,
    ) -> None:
        self.base_k = base_k
        self.max_k = max_k
        self.min_votes = min_votes
        self.greedy_n = greedy_n
        self.base_iters = base_iters
        self.group_iters = group_iters
        self.tol = tol
        self.k_buffer = k_buffer
        self.pick_max = pick_max
        self.n_init = n_init
        self.k_margin = k_margin
        self.min_group = min_group
        self.init = init
        self.pca_method = pca_method
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def fit(
        self,
        votes: VoteTable | VoteMatrix | Iterable[Sequence[Any] | Mapping[str, Any]],
        *,
        mod_out: Iterable[Any] | None = None,
    ) -> PolisAnalysis:
        """Analyse ``votes`` from scratch.

        ``mod_out``: comment ids moderated out (Pol.is also counts meta
        comments here); they are zeroed for clustering and never selected.
        """
        matrix = (
            votes
            if isinstance(votes, VoteMatrix)
            else build_vote_matrix(_as_vote_table(votes))
        )
        self.matrix_ = matrix
        self._pindex = IdIndex(matrix.participant_ids)
        self._cindex = IdIndex(matrix.comment_ids)
        self._mod_out_ids = list(mod_out) if mod_out is not None else []
        self.pca_ = ImputedPCA(method=self.pca_method, random_state=self.random_state)
        self._smoother = KSmoother(buffer=self.k_buffer)
        self.in_conv_ = np.zeros(0, dtype=bool)
        self._compute(warm=False)
        return self

    def update(
        self,
        new_votes: VoteTable | Iterable[Sequence[Any] | Mapping[str, Any]],
        *,
        mod_out: Iterable[Any] | None = None,
    ) -> PolisAnalysis:
        """Add votes (later than all previous ones) and refresh the results.

        Only the rows of voters in ``new_votes`` are rebuilt; the PCA is
        warm-started from the previous axes (LOBPCG), base clusters from the
        previous base centres (recentred on their members, topped up with the
        most distant points, as Pol.is' ``clean-start-clusters``), group
        clusterings from the previous ones per ``k``, and the k-smoother and
        the in-conversation set carry over.
        """
        if not hasattr(self, "matrix_"):
            return self.fit(new_votes, mod_out=mod_out)
        table = _as_vote_table(new_votes)
        if mod_out is not None:
            self._mod_out_ids = list(mod_out)
        if len(table):
            self._merge(table)
        self._compute(warm=True)
        return self

    def _merge(self, table: VoteTable) -> None:
        old = self.matrix_.values
        self._pindex.extend(table.participant_ids)
        self._cindex.extend(table.comment_ids)
        rows = self._pindex.lookup(table.participant_ids)
        cols = self._cindex.lookup(table.comment_ids)
        n, m = len(self._pindex), len(self._cindex)
        affected = np.unique(rows)
        # Old entries of the affected rows, then the new votes (later wins).
        old_n = old.shape[0]
        in_old = affected[affected < old_n]
        sub = old[in_old]
        sub_rows = np.repeat(in_old, np.diff(sub.indptr))
        pos = np.searchsorted(affected, np.concatenate([sub_rows, rows]))
        all_cols = np.concatenate([sub.indices.astype(np.int64), cols])
        all_vals = np.concatenate([sub.data.astype(np.int8), table.votes])
        ts = None
        if table.timestamps is not None:
            lo = np.iinfo(np.int64).min
            ts = np.concatenate([np.full(sub.nnz, lo), table.timestamps])
        seq = np.arange(len(all_vals))
        key = pos.astype(np.int64) * m + all_cols
        order = np.lexsort((seq, key) if ts is None else (seq, ts, key))
        ks = key[order]
        last = np.ones(len(ks), dtype=bool)
        last[:-1] = ks[1:] != ks[:-1]
        keep = order[last]
        new_rows = sp.csr_matrix(
            (all_vals[keep], (pos[keep], all_cols[keep])), shape=(len(affected), m)
        )
        new_rows.sort_indices()
        grown = old
        if old.shape[1] < m:
            grown = sp.csr_matrix((old.data, old.indices, old.indptr), shape=(old_n, m))
        values = replace_rows(grown, affected, new_rows, n)
        self.matrix_ = VoteMatrix(values, self._pindex.labels, self._cindex.labels)

    # -------------------------------------------------------------- compute
    def _compute(self, *, warm: bool) -> None:
        vm = self.matrix_
        values = vm.values
        n, m = vm.shape
        mod_out = np.zeros(m, dtype=bool)
        if self._mod_out_ids:
            idx = self._cindex.lookup(np.asarray(self._mod_out_ids))
            mod_out[idx[idx >= 0]] = True
        n_votes = vm.n_votes_per_participant()
        self.in_conv_ = in_conversation(
            n_votes,
            m,
            previous=self.in_conv_ if warm else None,
            min_votes=self.min_votes,
            greedy_n=self.greedy_n,
        )
        if warm and hasattr(self.pca_, "components_"):
            self.pca_.update(values, mod_out)
        else:
            self.pca_.fit(values, mod_out)
        proj = self.pca_.transform(values)
        members = np.flatnonzero(self.in_conv_)
        pts = proj[members]
        self.base_ = self._base_clusters(pts, members, warm)
        counts = np.bincount(self.base_.labels, minlength=len(self.base_.centers))
        previous = None
        prev_groups: GroupClustering | None = getattr(self, "groups_", None)
        if warm and prev_groups is not None:
            previous = {k: r.centers for k, r in prev_groups.clusterings.items()}
        self.groups_: GroupClustering = choose_group_clustering(
            self.base_.centers,
            counts,
            max_k=self.max_k,
            max_iter=self.group_iters,
            tol=self.tol,
            previous=previous,
            smoother=self._smoother,
            points=pts if self.n_init > 0 else None,
            n_init=self.n_init,
            random_state=self.random_state,
            k_margin=self.k_margin,
            min_group=self.min_group,
        )
        base_labels = np.full(n, -1, dtype=np.int64)
        base_labels[members] = self.base_.labels
        group_labels = np.full(n, -1, dtype=np.int64)
        if len(members):
            point_labels = self.groups_.point_labels
            if point_labels is None:
                point_labels = self.groups_.labels[self.base_.labels]
            group_labels[members] = point_labels
        self._base_members = members
        self.result_ = self._summarise(proj, base_labels, group_labels, mod_out)

    def _base_clusters(
        self, pts: NDArray[np.float64], members: NDArray[np.int64], warm: bool
    ) -> KMeansResult:
        k = self.base_k
        if len(pts) == 0:
            return KMeansResult(np.zeros((0, 2)), np.zeros(0, dtype=np.int64), 0, True)
        start: NDArray[np.float64] | None = None
        prev = getattr(self, "base_", None)
        if warm and prev is not None and len(prev.centers):
            start = self._recentred_start(pts, members, prev)
        if start is None or not len(start):
            if self.init == "k-means++":
                start = kmeans_plusplus(pts, k, random_state=self.random_state)
            else:
                start = first_distinct_rows(pts, k)
        return kmeans(pts, start, max_iter=self.base_iters, tol=self.tol)

    def _recentred_start(
        self, pts: NDArray[np.float64], members: NDArray[np.int64], prev: KMeansResult
    ) -> NDArray[np.float64]:
        """Pol.is ``clean-start-clusters``: recentre previous clusters on their
        members' new positions, drop empty ones, then split off the most
        distant points until ``base_k`` clusters (or all distinct points)."""
        old_members = self._base_members
        pos = np.searchsorted(members, old_members)
        ok = (pos < len(members)) & (
            members[np.minimum(pos, len(members) - 1)] == old_members
        )
        lab = prev.labels[ok]
        where = pos[ok]
        kk = len(prev.centers)
        cnt = np.bincount(lab, minlength=kk)
        centers = np.zeros((kk, 2))
        for d in range(2):
            centers[:, d] = np.bincount(lab, pts[where, d], kk) / np.maximum(cnt, 1)
        centers = centers[cnt > 0]
        missing = self.base_k - len(centers)
        if missing > 0 and len(centers):
            from scipy.spatial import cKDTree  # warm updates only

            dist, _ = cKDTree(centers).query(pts, k=1, workers=-1)
            far = np.argsort(-dist, kind="stable")[: 4 * missing + 16]
            far = far[dist[far] > 0]
            if len(far):
                # The most distant distinct points become new clusters.
                _, first = np.unique(pts[far], axis=0, return_index=True)
                far = far[np.sort(first)][:missing]
                centers = np.vstack([centers, pts[far]])
        return centers

    def _base_groups(self, group_labels: NDArray[np.int64]) -> NDArray[np.int64]:
        """The group most members of each base cluster are in."""
        nb = len(self.base_.centers)
        members = self._base_members
        if not nb or not len(members):
            return np.zeros(nb, dtype=np.int64)
        k = int(group_labels[members].max()) + 1
        counts = np.zeros((nb, k), dtype=np.int64)
        np.add.at(counts, (self.base_.labels, group_labels[members]), 1)
        return counts.argmax(axis=1).astype(np.int64)

    def _summarise(
        self,
        proj: NDArray[np.float64],
        base_labels: NDArray[np.int64],
        group_labels: NDArray[np.int64],
        mod_out: NDArray[np.bool_],
    ) -> AnalysisResult:
        vm = self.matrix_
        n, m = vm.shape
        n_groups = int(group_labels.max()) + 1 if n and group_labels.max() >= 0 else 0
        in_group = np.flatnonzero(group_labels >= 0)
        # One sparse product gives the counts of every group plus the totals
        # over all participants (last column).
        H = np.zeros((n, n_groups + 1), dtype=np.float32)
        H[in_group, group_labels[in_group]] = 1.0
        H[:, n_groups] = 1.0
        ca, cd, cs = vm.vote_counts(H)
        na, nd, ns = ca[:n_groups], cd[:n_groups], cs[:n_groups]
        ta, td, ts = ca[n_groups], cd[n_groups], cs[n_groups]
        groups: list[GroupResult] = []
        if n_groups:
            st = repness_stats(na, nd, ns)
            reps = select_representative(
                st, vm.comment_ids, exclude=mod_out, pick_max=self.pick_max
            )
            sizes = np.bincount(group_labels[in_group], minlength=n_groups)
            groups = [
                GroupResult(id=g, size=int(sizes[g]), repness=reps[g])
                for g in range(n_groups)
            ]
            gac = group_aware_consensus(na, ns)
            gac_d = group_aware_consensus(nd, ns)
        else:
            gac = np.zeros(m)
            gac_d = np.zeros(m)
        consensus = select_consensus(
            ta, td, ts, vm.comment_ids, exclude=mod_out, pick_max=self.pick_max
        )
        pca = self.pca_
        comps = pca.components_
        cproj = (
            (np.sqrt(m) * (1.0 - pca.mean_))[:, None] * comps.T
            if m
            else np.zeros((0, 2))
        )
        cproj[mod_out] = 0.0
        return AnalysisResult(
            participant_ids=vm.participant_ids,
            comment_ids=vm.comment_ids,
            in_conv=self.in_conv_.copy(),
            group_labels=group_labels,
            projections=proj,
            base_labels=base_labels,
            base_centers=self.base_.centers,
            base_groups=self._base_groups(group_labels),
            groups=groups,
            consensus=consensus,
            group_aware_consensus=gac,
            group_aware_consensus_disagree=gac_d,
            pca_center=pca.mean_,
            pca_components=comps,
            comment_projections=cproj,
            mod_out=mod_out,
            silhouettes=dict(self.groups_.silhouettes),
            k=n_groups,
        )


def run_analysis(
    votes: Any,
    *,
    seed: int = 0,
    mod_out: Iterable[Any] | None = None,
    **options: Any,
) -> AnalysisResult:
    """Run the whole Pol.is analysis once.

    Parameters
    ----------
    votes : VoteTable, VoteMatrix, PolisExport or iterable of records
        A :class:`~backchannel.analysis.polis_io.PolisExport` also supplies
        the moderated-out and meta comments.
    seed : int, default 0
        ``random_state`` of :class:`PolisAnalysis`.
    mod_out : iterable, optional
        Comment ids to exclude (added to those of a PolisExport).
    **options
        Any :class:`PolisAnalysis` parameter.

    Examples
    --------
    >>> res = run_analysis([(p, c, 1 if (p + c) % 3 else -1)
    ...                     for p in range(30) for c in range(8)], seed=0)
    >>> bool(res.in_conv.all()), res.projections.shape
    (True, (30, 2))
    """
    excluded: list[Any] = list(mod_out) if mod_out is not None else []
    if isinstance(votes, PolisExport):
        excluded += votes.mod_out_ids()
        votes = votes.votes
    model = PolisAnalysis(random_state=seed, **options)
    model.fit(votes, mod_out=excluded)
    return model.result_


def _json_id(x: Any) -> Any:
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.str_):
        return str(x)
    return x


class _JsonResult(TypedDict):
    participants: dict[str, int | None]
    groups: list[dict[str, Any]]
    consensus: list[dict[str, Any]]
    pca: dict[str, list[float]]


def result_to_json(result: AnalysisResult) -> _JsonResult:
    """JSON-ready dict with exactly the keys ``participants``, ``groups``,
    ``consensus`` and ``pca``.

    ``participants`` maps every participant id (as a string) to its group
    index, or ``None`` when not part of the clustering; ``pca`` maps every
    participant id to ``[x, y]``.

    Examples
    --------
    >>> res = run_analysis([(p, c, 1 if (p + c) % 3 else -1)
    ...                     for p in range(30) for c in range(8)])
    >>> sorted(result_to_json(res))
    ['consensus', 'groups', 'participants', 'pca']
    """
    pids = [str(_json_id(p)) for p in result.participant_ids.tolist()]
    labels = result.group_labels.tolist()
    participants = {
        p: (int(g) if g >= 0 else None) for p, g in zip(pids, labels, strict=True)
    }
    groups = [
        {
            "id": g.id,
            "size": g.size,
            "repness": [
                {**e, "comment_id": _json_id(e["comment_id"])} for e in g.repness
            ],
        }
        for g in result.groups
    ]
    consensus = [
        {**e, "comment_id": _json_id(e["comment_id"])} for e in result.consensus
    ]
    pca = {
        p: [float(x), float(y)]
        for p, (x, y) in zip(pids, result.projections.tolist(), strict=True)
    }
    return _JsonResult(
        participants=participants, groups=groups, consensus=consensus, pca=pca
    )


def analyze_export(
    path: str, *, seed: int = 0, max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
) -> _JsonResult:
    """Read a Pol.is export directory and return :func:`result_to_json` output.

    This is the one call behind ``backchannel analyze PATH --format json --seed N``
    (which passes the configured ``BACKCHANNEL_MAX_UPLOAD_BYTES`` as ``max_bytes``,
    the largest size of each file).
    """
    export = read_polis_export(path, max_bytes=max_bytes, groups=False)
    return result_to_json(run_analysis(export, seed=seed))
