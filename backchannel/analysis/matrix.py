"""Vote tables and the sparse participant × comment vote matrix.

Encoding follows the Pol.is CSV exports and red-dwarf: ``+1`` = agree,
``-1`` = disagree, ``0`` = pass, and an absent entry = not seen. (The Pol.is
database and Clojure math use the opposite sign for agree, see
``math/src/polismath/utils.clj`` ``agree?``.)

The matrix keeps the *values* in a CSR matrix whose stored entries are exactly
the votes that were cast: a pass is an explicitly stored ``0``, so the
*seen* mask (``VoteMatrix.seen``) is the sparsity structure of the same CSR,
sharing its ``indices``/``indptr`` arrays. Nothing here ever densifies the
``n × m`` matrix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "IdIndex",
    "VoteMatrix",
    "VoteTable",
    "build_vote_matrix",
    "encode_ids",
]

AGREE = 1
DISAGREE = -1
PASS = 0


def _as_id_array(ids: ArrayLike) -> NDArray[Any]:
    """Return ``ids`` as a 1-D integer or unicode array."""
    arr = np.asarray(ids)
    if arr.ndim != 1:
        arr = arr.reshape(-1)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64, copy=False)
    if arr.dtype.kind == "U":
        return arr
    if arr.dtype.kind == "b":
        return arr.astype(np.int64)
    if arr.dtype.kind == "f":
        if arr.size and not np.all(np.isfinite(arr) & (arr == np.round(arr))):
            raise ValueError("float ids must be whole numbers")
        return arr.astype(np.int64)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64)
    return np.array([str(x) for x in arr.tolist()])


@dataclass(frozen=True)
class VoteTable:
    """Votes in long form: one row per vote event.

    Parameters
    ----------
    participant_ids, comment_ids : array_like
        Integer or string identifiers, one per vote.
    votes : array_like of int
        ``+1`` agree, ``-1`` disagree, ``0`` pass.
    timestamps : array_like of int, optional
        Used to keep the *last* vote when a participant voted several times
        on the same comment. Without timestamps, table order is time order.

    Examples
    --------
    >>> t = VoteTable.from_records([(1, 10, 1), (2, 10, -1), (1, 11, 0)])
    >>> len(t), t.votes.tolist()
    (3, [1, -1, 0])
    """

    participant_ids: NDArray[Any]
    comment_ids: NDArray[Any]
    votes: NDArray[np.int8]
    timestamps: NDArray[np.int64] | None = None

    def __post_init__(self) -> None:
        pids = _as_id_array(self.participant_ids)
        cids = _as_id_array(self.comment_ids)
        votes: NDArray[Any] = np.asarray(self.votes)
        if votes.ndim != 1:
            votes = votes.reshape(-1)
        if votes.size and votes.dtype.kind not in "iub":
            as_int = votes.astype(np.int64) if votes.dtype.kind == "f" else None
            if as_int is None or not np.array_equal(as_int, votes):
                raise ValueError("votes must be integers in {-1, 0, 1}")
            votes = as_int
        if votes.size and (votes.min() < -1 or votes.max() > 1):
            raise ValueError("votes must be in {-1, 0, 1} (+1 agree, -1 disagree)")
        votes = votes.astype(np.int8, copy=False)
        n = len(votes)
        if len(pids) != n or len(cids) != n:
            raise ValueError("participant_ids, comment_ids and votes differ in length")
        ts = self.timestamps
        if ts is not None:
            ts = np.asarray(ts).astype(np.int64, copy=False).reshape(-1)
            if len(ts) != n:
                raise ValueError("timestamps and votes differ in length")
        object.__setattr__(self, "participant_ids", pids)
        object.__setattr__(self, "comment_ids", cids)
        object.__setattr__(self, "votes", votes)
        object.__setattr__(self, "timestamps", ts)

    def __len__(self) -> int:
        return len(self.votes)

    @classmethod
    def from_records(
        cls, records: Iterable[Sequence[Any] | Mapping[str, Any]]
    ) -> VoteTable:
        """Build a table from ``(pid, cid, vote[, timestamp])`` tuples or dicts.

        Dicts may use the keys ``participant_id``/``voter-id``/``pid``,
        ``comment_id``/``comment-id``/``statement_id``/``tid``, ``vote`` and
        optionally ``timestamp``/``modified``.

        Examples
        --------
        >>> VoteTable.from_records([{"pid": 1, "tid": 2, "vote": 1}]).comment_ids
        array([2])
        """
        pids: list[Any] = []
        cids: list[Any] = []
        votes: list[int] = []
        stamps: list[int] = []
        for rec in records:
            if isinstance(rec, Mapping):
                pid = _first_key(rec, ("participant_id", "voter-id", "pid"))
                cid = _first_key(
                    rec, ("comment_id", "comment-id", "statement_id", "tid")
                )
                vote = rec["vote"]
                ts = rec.get("timestamp", rec.get("modified"))
            else:
                pid, cid, vote = rec[0], rec[1], rec[2]
                ts = rec[3] if len(rec) > 3 else None
            pids.append(pid)
            cids.append(cid)
            votes.append(int(vote))
            if ts is not None:
                stamps.append(int(ts))
        timestamps = None
        if stamps:
            if len(stamps) != len(votes):
                raise ValueError("either every record has a timestamp or none has")
            timestamps = np.asarray(stamps, dtype=np.int64)
        return cls(np.asarray(pids), np.asarray(cids), np.asarray(votes), timestamps)

    def concat(self, other: VoteTable) -> VoteTable:
        """Append ``other`` (later votes) to this table."""
        ts = None
        if self.timestamps is not None and other.timestamps is not None:
            ts = np.concatenate([self.timestamps, other.timestamps])
        return VoteTable(
            _concat_ids(self.participant_ids, other.participant_ids),
            _concat_ids(self.comment_ids, other.comment_ids),
            np.concatenate([self.votes, other.votes]),
            ts,
        )


def _first_key(rec: Mapping[str, Any], keys: Sequence[str]) -> Any:
    for key in keys:
        if key in rec:
            return rec[key]
    raise KeyError(f"none of {keys} in vote record")


def _concat_ids(a: NDArray[Any], b: NDArray[Any]) -> NDArray[Any]:
    if a.dtype.kind != b.dtype.kind and (len(a) and len(b)):
        return np.concatenate([a.astype(str), b.astype(str)])
    if not len(a):
        return b
    if not len(b):
        return a
    return np.concatenate([a, b])


def encode_ids(ids: ArrayLike) -> tuple[NDArray[Any], NDArray[np.integer[Any]]]:
    """Map identifiers to dense codes ``0..k-1`` in sorted identifier order.

    Integer identifiers with a compact range use an O(n) lookup table instead
    of a sort (this is what keeps 30 M votes fast).

    Examples
    --------
    >>> labels, codes = encode_ids([7, 3, 7, 9])
    >>> labels.tolist(), codes.tolist()
    ([3, 7, 9], [1, 0, 1, 2])
    """
    arr = _as_id_array(ids)
    if arr.size == 0:
        return arr, np.zeros(0, dtype=np.int64)
    if arr.dtype.kind in "iu":
        lo, hi = int(arr.min()), int(arr.max())
        span = hi - lo + 1
        if span <= 4 * arr.size + 1_000_000:
            shifted = arr - lo if lo else arr
            present = np.zeros(span, dtype=bool)
            present[shifted] = True
            code_t = np.int32 if span < 2**31 - 1 else np.int64
            lookup = np.cumsum(present, dtype=code_t) - 1
            labels = np.flatnonzero(present).astype(np.int64) + lo
            return labels, lookup[shifted]
    # Indexed, not unpacked: mypy 1.19 crashes unpacking np.unique's overloads.
    found = np.unique(arr, return_inverse=True)
    return found[0], found[1].reshape(-1).astype(np.int64)


class IdIndex:
    """Position lookup for a (growable) array of identifiers.

    Examples
    --------
    >>> idx = IdIndex(np.array([5, 2, 9]))
    >>> idx.lookup([9, 4, 5]).tolist()
    [2, -1, 0]
    >>> idx.extend([4]).tolist()
    [5, 2, 9, 4]
    """

    def __init__(self, labels: ArrayLike) -> None:
        self.labels: NDArray[Any] = _as_id_array(labels)
        self._sorter: NDArray[np.intp] = np.argsort(self.labels, kind="stable")

    def __len__(self) -> int:
        return len(self.labels)

    def lookup(self, ids: ArrayLike) -> NDArray[np.int64]:
        """Positions of ``ids`` (``-1`` where unknown)."""
        q = _as_id_array(ids)
        out = np.full(len(q), -1, dtype=np.int64)
        if not len(self.labels) or not len(q):
            return out
        labels = self.labels
        if labels.dtype.kind != q.dtype.kind:
            labels, q = labels.astype(str), q.astype(str)
        sorted_labels = labels[self._sorter]
        pos = np.searchsorted(sorted_labels, q)
        pos = np.minimum(pos, len(sorted_labels) - 1)
        hit = sorted_labels[pos] == q
        out[hit] = self._sorter[pos[hit]]
        return out

    def extend(self, new_ids: ArrayLike) -> NDArray[Any]:
        """Append identifiers not yet present (first-appearance order)."""
        q = _as_id_array(new_ids)
        if not len(q):
            return self.labels
        missing = q[self.lookup(q) < 0]
        if len(missing):
            _, first = np.unique(missing, return_index=True)
            missing = missing[np.sort(first)]
            self.labels = _concat_ids(self.labels, missing)
            self._sorter = np.argsort(self.labels, kind="stable")
        return self.labels


@dataclass
class VoteMatrix:
    """Sparse participant × comment vote matrix with a separate *seen* mask.

    Attributes
    ----------
    values : scipy.sparse.csr_matrix of int8, shape (n, m)
        Stored entries are the votes cast; a pass is an explicit ``0``.
        (int8 keeps 30 M votes in 30 MB plus the index arrays.)
    participant_ids, comment_ids : ndarray
        Row and column labels.

    Examples
    --------
    >>> vm = build_vote_matrix(VoteTable.from_records([(1, 10, 1), (2, 11, 0)]))
    >>> vm.shape, vm.n_votes_per_participant().tolist()
    ((2, 2), [1, 1])
    >>> vm.seen.toarray().astype(int).tolist()
    [[1, 0], [0, 1]]
    """

    values: sp.csr_matrix
    participant_ids: NDArray[Any]
    comment_ids: NDArray[Any]
    _seen: sp.csr_matrix | None = field(default=None, repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.values.shape[0]), int(self.values.shape[1]))

    @property
    def nnz(self) -> int:
        return int(self.values.nnz)

    @property
    def seen(self) -> sp.csr_matrix:
        """Boolean-valued (float ``1.0``) CSR sharing the structure of ``values``."""
        if self._seen is None or self._seen.nnz != self.values.nnz:
            v = self.values
            self._seen = sp.csr_matrix(
                (np.ones(v.nnz, dtype=np.float64), v.indices, v.indptr),
                shape=v.shape,
                copy=False,
            )
        return self._seen

    def n_votes_per_participant(self) -> NDArray[np.int64]:
        """Number of non-missing votes (passes included) of every row."""
        return np.diff(self.values.indptr).astype(np.int64)

    def n_votes_per_comment(self) -> NDArray[np.int64]:
        return np.bincount(self.values.indices, minlength=self.shape[1]).astype(
            np.int64
        )

    def row_of_entry(self) -> NDArray[np.int32]:
        """Row index of every stored entry (CSR expansion of ``indptr``)."""
        counts = np.diff(self.values.indptr)
        return np.repeat(np.arange(self.shape[0], dtype=np.int32), counts)

    def category_matrix(self) -> sp.csr_matrix:
        """0/1 CSR of shape ``(n, 3m)``: columns ``j``, ``m+j``, ``2m+j`` flag
        agree, disagree and pass on comment ``j``.

        One sparse product with this matrix yields all three vote counts.
        """
        v = self.values
        m = self.shape[1]
        idx_t = np.int32 if 3 * m < 2**31 - 1 else np.int64
        # agree -> 0, disagree -> 1, pass -> 2
        cat = (v.data < 0).astype(idx_t)
        cat += 2 * (v.data == 0)
        cat *= idx_t(m)
        cat += v.indices
        return sp.csr_matrix(
            (np.ones(v.nnz, dtype=np.float32), cat, v.indptr.astype(idx_t)),
            shape=(v.shape[0], 3 * m),
            copy=False,
        )

    def vote_counts(
        self, row_weights: sp.spmatrix | NDArray[np.float64] | None = None
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """Agree, disagree and seen counts per comment.

        Parameters
        ----------
        row_weights : array or sparse matrix, shape (n,) or (n, G), optional
            Row membership (e.g. a one-hot group matrix, 0/1 entries; sums
            are exact up to 2**24 per cell). Without it all rows count once
            and the result has shape ``(m,)``; otherwise ``(G, m)``.
        """
        m = self.shape[1]
        cat = self.category_matrix()
        if row_weights is None:
            tot = np.bincount(cat.indices, minlength=3 * m).astype(np.int64)
            na, nd, npass = tot[:m], tot[m : 2 * m], tot[2 * m :]
            return na, nd, na + nd + npass
        w: Any = row_weights
        if sp.issparse(w):
            w = w.toarray() if w.shape[1] <= 64 else w
        if not sp.issparse(w):
            w = np.asarray(w, dtype=np.float32)
        prod = cat.T @ w
        if sp.issparse(prod):
            prod = prod.toarray()
        prod = np.rint(np.asarray(prod, dtype=np.float64)).astype(np.int64)
        if prod.ndim == 1:
            na, nd, npass = prod[:m], prod[m : 2 * m], prod[2 * m :]
        else:
            prod = prod.T
            na, nd, npass = prod[:, :m], prod[:, m : 2 * m], prod[:, 2 * m :]
        return na, nd, na + nd + npass


def _resolve_duplicates(
    rows: NDArray[np.integer[Any]],
    cols: NDArray[np.integer[Any]],
    votes: NDArray[np.int8],
    timestamps: NDArray[np.int64] | None,
    m: int,
) -> NDArray[np.intp]:
    """Indices of the votes to keep: the last per (row, col) by time, then order."""
    seq = np.arange(len(votes), dtype=np.int64)
    key = rows.astype(np.int64) * np.int64(m) + cols
    if timestamps is None:
        order = np.lexsort((seq, key))
    else:
        order = np.lexsort((seq, timestamps, key))
    ks = key[order]
    last = np.ones(len(ks), dtype=bool)
    last[:-1] = ks[1:] != ks[:-1]
    return order[last]


def _coo_to_csr(
    rows: NDArray[Any], cols: NDArray[Any], data: NDArray[Any], shape: tuple[int, int]
) -> sp.csr_matrix:
    idx_dtype = np.int32 if max(shape) < 2**31 - 1 else np.int64
    return sp.coo_matrix(
        (
            data,
            (rows.astype(idx_dtype, copy=False), cols.astype(idx_dtype, copy=False)),
        ),
        shape=shape,
    ).tocsr()


def build_vote_matrix(
    votes: VoteTable,
    *,
    participant_ids: ArrayLike | None = None,
    comment_ids: ArrayLike | None = None,
) -> VoteMatrix:
    """Build the sparse vote matrix, keeping the last vote per participant × comment.

    "Last" is by timestamp when the table has timestamps (ties broken by table
    order), otherwise by table order. Rows are the participants and columns the
    comments that have at least one vote (as Pol.is' named matrix, which only
    grows columns as votes arrive), both in sorted identifier order, unless
    explicit ``participant_ids``/``comment_ids`` orders are given (every vote
    must then refer to one of them).

    The common case (no duplicates) costs one O(nnz) COO→CSR conversion:
    votes are stored as ``vote + 4`` so that a summed duplicate is detectable
    (``>= 6``) and only the rows having duplicates are re-resolved.

    Examples
    --------
    >>> t = VoteTable.from_records([(1, 10, 1, 5), (1, 10, -1, 3), (2, 10, 0, 4)])
    >>> build_vote_matrix(t).values.toarray().tolist()
    [[1], [0]]
    """
    if participant_ids is None:
        plabels, rows = encode_ids(votes.participant_ids)
    else:
        index = IdIndex(participant_ids)
        plabels, rows = index.labels, index.lookup(votes.participant_ids)
        if len(rows) and rows.min() < 0:
            raise ValueError("a vote refers to a participant not in participant_ids")
    if comment_ids is None:
        clabels, cols = encode_ids(votes.comment_ids)
    else:
        cindex = IdIndex(comment_ids)
        clabels, cols = cindex.labels, cindex.lookup(votes.comment_ids)
        if len(cols) and cols.min() < 0:
            raise ValueError("a vote refers to a comment not in comment_ids")
    shape = (len(plabels), len(clabels))
    v = votes.votes
    mat = _coo_to_csr(rows, cols, v.astype(np.int32) + 4, shape)
    if mat.nnz and mat.data.max() >= 6:
        # Some (participant, comment) pairs were voted several times.
        dup_entries = mat.data >= 6
        entry_rows = np.repeat(np.arange(shape[0]), np.diff(mat.indptr))
        dirty_row = np.zeros(shape[0], dtype=bool)
        dirty_row[entry_rows[dup_entries]] = True
        dirty = dirty_row[rows]
        clean = np.flatnonzero(~dirty)
        d_idx = np.flatnonzero(dirty)
        ts = votes.timestamps[d_idx] if votes.timestamps is not None else None
        keep_d = d_idx[
            _resolve_duplicates(rows[d_idx], cols[d_idx], v[d_idx], ts, shape[1])
        ]
        keep = np.concatenate([clean, keep_d])
        mat = _coo_to_csr(rows[keep], cols[keep], v[keep].astype(np.int32), shape)
    else:
        mat.data -= 4
    mat.sort_indices()
    values = sp.csr_matrix(
        (mat.data.astype(np.int8), mat.indices, mat.indptr), shape=shape, copy=False
    )
    return VoteMatrix(values=values, participant_ids=plabels, comment_ids=clabels)


def replace_rows(
    mat: sp.csr_matrix, row_ids: NDArray[np.int64], new_rows: sp.csr_matrix, n_rows: int
) -> sp.csr_matrix:
    """Return ``mat`` (grown to ``n_rows`` rows) with rows ``row_ids`` replaced.

    ``new_rows[i]`` becomes row ``row_ids[i]``. Costs O(nnz) array copies, no sort.
    """
    n_old = mat.shape[0]
    m = max(mat.shape[1], new_rows.shape[1])
    old_len = np.zeros(n_rows, dtype=np.int64)
    old_len[:n_old] = np.diff(mat.indptr)
    new_len = old_len.copy()
    new_len[row_ids] = np.diff(new_rows.indptr)
    keep_row = np.ones(n_rows, dtype=bool)
    keep_row[row_ids] = False
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(new_len, out=indptr[1:])
    nnz = int(indptr[-1])
    idx_dtype = np.int32 if max(nnz, m, n_rows) < 2**31 - 1 else np.int64
    indices = np.empty(nnz, dtype=idx_dtype)
    data = np.empty(nnz, dtype=mat.dtype)
    # Destination of every old kept entry: its offset within the row plus the
    # row's new start.
    old_rows_kept = keep_row[:n_old]
    entry_keep = np.repeat(old_rows_kept, np.diff(mat.indptr))
    shift = (indptr[:n_old] - mat.indptr[:-1].astype(np.int64))[old_rows_kept]
    kept_rows = np.flatnonzero(old_rows_kept)
    dest_old = np.flatnonzero(entry_keep) + np.repeat(shift, old_len[kept_rows])
    indices[dest_old] = mat.indices[entry_keep]
    data[dest_old] = mat.data[entry_keep]
    # Destination of the replacement rows' entries.
    nl = np.diff(new_rows.indptr)
    starts = np.repeat(indptr[row_ids] - new_rows.indptr[:-1].astype(np.int64), nl)
    dest_new = np.arange(new_rows.nnz, dtype=np.int64) + starts
    indices[dest_new] = new_rows.indices
    data[dest_new] = new_rows.data
    out = sp.csr_matrix((data, indices, indptr.astype(idx_dtype)), shape=(n_rows, m))
    return out
