"""Exact 2-component PCA of the imputed vote matrix, never densified.

Pol.is (``math/src/polismath/math/conversation.clj`` L355–377) replaces every
missing vote by its column mean and then centres every column on that same
mean (``math/pca.clj`` ``powerit-pca`` L86–105). An imputed cell therefore
becomes exactly ``0`` after centring, so the centred matrix ``Z`` has the
sparsity structure of the *seen* mask::

    Z[i, j] = seen[i, j] * (x[i, j] - c[j])

and its principal axes are the top eigenvectors of the ``m × m`` matrix
``ZᵀZ``. We obtain them exactly (to solver tolerance) with ARPACK Lanczos
(``scipy.sparse.linalg.eigsh``, or the same Lanczos in NumPy up to 5,000,000
votes, which spares a one-shot analysis that module's import) on the operator
``v ↦ Zᵀ(Z v)`` (two sparse mat-vecs, no densification), with a dense ``eigh``
of ``ZᵀZ`` for small problems and LOBPCG warm-started from the previous axes
for incremental updates. Pol.is instead runs 100 power iterations from a warm start or an
*unseeded random* vector, and switches to an unseeded mini-batch PCA above
10 000 participants (``conversation.clj`` L703–794), whose axes may differ from
exact PCA by tens of degrees (polis PR #2311).

Sign convention (deterministic): each axis is flipped so that its entry of
largest magnitude is positive (first such entry on ties); on
:meth:`ImputedPCA.update`, axes are instead aligned with the previous ones.

Participants are projected as Pol.is does (``pca.clj``
``sparsity-aware-project-ptpt`` L134–164)::

    p_i = sqrt(m / max(n_i, 1)) * Σ_{j seen} (x_ij − c_j) · [pc1_j, pc2_j]
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    from scipy.sparse.linalg import LinearOperator

__all__ = [
    "ImputedPCA",
    "centered_matrix",
    "column_means",
    "projection_scale",
    "sparsity_aware_projection",
]

PCAMethod = Literal["auto", "dense", "lanczos", "arpack"]

#: ``auto`` forms ``ZᵀZ`` densely only for few comments and a cheap product
#: (Σ_i nnz_i² multiply-adds); otherwise Lanczos on the operator is faster.
_GRAM_BUDGET = 20_000_000
_DENSE_MAX_M = 300
#: Larger problems go to Lanczos in NumPy up to this many votes (no
#: ``scipy.sparse.linalg`` import), to ARPACK beyond.
_LANCZOS_MAX_NNZ = 5_000_000
_LANCZOS_MAX_ITER = 300


def _column_counts(
    values: sp.csr_matrix,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Agree, disagree and seen counts per column in one integer bincount."""
    m = values.shape[1]
    key = (values.data < 0).astype(np.int64)
    key += 2 * (values.data == 0)
    key *= m
    key += values.indices
    tot = np.bincount(key, minlength=3 * m)
    na, nd, npass = tot[:m], tot[m : 2 * m], tot[2 * m :]
    return na, nd, na + nd + npass


def column_means(values: sp.csr_matrix) -> NDArray[np.float64]:
    """Mean of the stored (seen) entries of every column; ``0`` if none.

    ``values`` holds votes in ``{-1, 0, 1}``.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> X = sp.csr_matrix(([1, -1, 0, 1], [0, 0, 1, 1], [0, 2, 4]), shape=(2, 3))
    >>> column_means(X).tolist()
    [0.0, 0.5, 0.0]
    """
    na, nd, ns = _column_counts(values)
    return np.divide(na - nd, ns, out=np.zeros(len(ns)), where=ns > 0)


def centered_matrix(
    values: sp.csr_matrix,
    center: NDArray[np.float64],
    zero_columns: NDArray[np.bool_] | None = None,
) -> sp.csr_matrix:
    """``Z = seen ⊙ (X − center)`` as a CSR sharing the structure of ``values``.

    Columns flagged in ``zero_columns`` (moderated out) are zero, as in Pol.is'
    ``rating-mat`` where they are set to pass for every row.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> X = sp.csr_matrix(([1.0, -1.0], [0, 0], [0, 1, 2]), shape=(2, 1))
    >>> centered_matrix(X, np.array([0.5])).toarray().ravel().tolist()
    [0.5, -1.5]
    """
    data = values.data - center[values.indices]
    if zero_columns is not None and zero_columns.any():
        data[zero_columns[values.indices]] = 0.0
    return sp.csr_matrix((data, values.indices, values.indptr), shape=values.shape)


def projection_scale(n_votes: ArrayLike, n_columns: int) -> NDArray[np.float64]:
    """Pol.is' sparsity scaling ``sqrt(m / max(n_i, 1))`` (``pca.clj`` L160–163).

    Examples
    --------
    >>> projection_scale([0, 1, 4, 16], 16).tolist()
    [4.0, 4.0, 2.0, 1.0]
    """
    n = np.maximum(np.asarray(n_votes, dtype=np.float64), 1.0)
    return np.sqrt(n_columns / n)


def sparsity_aware_projection(
    Z: sp.csr_matrix,
    components: NDArray[np.float64],
    n_votes: ArrayLike,
    n_columns: int | None = None,
) -> NDArray[np.float64]:
    """Project rows of the centred matrix and apply :func:`projection_scale`.

    Parameters
    ----------
    Z : csr_matrix, shape (n, m)
        Centred matrix (:func:`centered_matrix`); unseen cells contribute 0.
    components : ndarray, shape (k, m)
    n_votes : array_like, shape (n,)
        ``n_i`` of the scaling (Pol.is counts non-nil entries of
        ``rating-mat``, i.e. including every moderated-out column).
    n_columns : int, optional
        ``m`` of the scaling; defaults to ``Z.shape[1]``.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> Z = sp.csr_matrix(np.array([[1.0, 0.0, 0.0, 0.0]]))
    >>> sparsity_aware_projection(Z, np.eye(4)[:2], [1]).tolist()
    [[2.0, 0.0]]
    """
    m = Z.shape[1] if n_columns is None else n_columns
    proj = np.asarray(Z @ np.ascontiguousarray(components.T))
    return proj * projection_scale(n_votes, m)[:, None]


def _fix_signs(
    comps: NDArray[np.float64], reference: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    out = comps.copy()
    if out.shape[1] == 0:
        return out
    for k in range(out.shape[0]):
        if reference is not None and k < reference.shape[0]:
            flip = float(out[k] @ reference[k]) < 0
        else:
            j = int(np.argmax(np.abs(out[k])))
            flip = out[k, j] < 0
        if flip:
            out[k] = -out[k]
    return out


def _gram_cost(Z: sp.csr_matrix) -> int:
    lens = np.diff(Z.indptr).astype(np.int64)
    return int(lens @ lens)


class ImputedPCA:
    """PCA of a sparse vote matrix with column-mean imputation (Pol.is PCA).

    Parameters
    ----------
    n_components : int, default 2
    method : {"auto", "dense", "lanczos", "arpack"}, default "auto"
        ``dense`` forms ``ZᵀZ`` (sparse product) and calls ``numpy.linalg.eigh``;
        ``arpack`` uses Lanczos on ``v ↦ Zᵀ(Z v)`` (``scipy.sparse.linalg``);
        ``lanczos`` the same in NumPy, with full reorthogonalisation (ARPACK
        if it has not converged in 300 steps); ``auto`` picks ``dense`` when
        ``m ≤ 300`` and ``Σ_i nnz_i² ≤ 2·10⁷``, or ``m`` is tiny, else
        ``lanczos`` up to 5,000,000 votes and ``arpack`` beyond.
    tol : float, default 1e-10
        Relative eigen-solver tolerance.
    random_state : int, default 0
        Seeds the Lanczos start vector (the result does not depend on it
        beyond solver tolerance).

    Attributes
    ----------
    mean_ : ndarray, shape (m,)
        Column means of the seen votes (zero for ``zero_columns``).
    components_ : ndarray, shape (n_components, m)
    eigenvalues_ : ndarray, shape (n_components,)
        Eigenvalues of ``ZᵀZ`` (sum of squares along each axis).
    zero_columns_ : ndarray of bool, shape (m,)
    n_iter_ : int
        Operator applications used by the last solve (0 for ``dense``).

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> X = sp.csr_matrix(np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, 1.0]]))
    >>> pca = ImputedPCA().fit(X)
    >>> np.round(pca.components_[0], 6).tolist()
    [0.707107, 0.707107]
    """

    def __init__(
        self,
        n_components: int = 2,
        *,
        method: PCAMethod = "auto",
        tol: float = 1e-10,
        random_state: int = 0,
    ) -> None:
        self.n_components = n_components
        self.method = method
        self.tol = tol
        self.random_state = random_state

    def fit(
        self,
        values: sp.csr_matrix,
        zero_columns: NDArray[np.bool_] | None = None,
    ) -> ImputedPCA:
        """Fit on ``values`` (stored entries = seen votes).

        ``zero_columns`` marks moderated-out comments, zeroed as Pol.is does.
        """
        self._setup(values, zero_columns)
        Z = self.centered(values)
        self._cache = (values, Z)
        comps, eig = self._solve(Z, start=None)
        self.components_ = _fix_signs(comps)
        self.eigenvalues_ = eig
        return self

    def update(
        self,
        values: sp.csr_matrix,
        zero_columns: NDArray[np.bool_] | None = None,
    ) -> ImputedPCA:
        """Refit after votes changed, warm-starting from the previous axes.

        New columns (appended at the end) start at 0 in the warm start. The
        result is the exact PCA of the new matrix (LOBPCG to ``tol``, with a
        Lanczos fallback); axes keep the orientation of the previous fit.
        """
        prev = getattr(self, "components_", None)
        self._setup(values, zero_columns)
        Z = self.centered(values)
        self._cache = (values, Z)
        start = None
        if prev is not None:
            m = Z.shape[1]
            start = np.zeros((prev.shape[0], m))
            start[:, : prev.shape[1]] = prev[:, :m]
        comps, eig = self._solve(Z, start=start)
        ref = start if start is not None else None
        self.components_ = _fix_signs(comps, ref)
        self.eigenvalues_ = eig
        return self

    def _setup(
        self, values: sp.csr_matrix, zero_columns: NDArray[np.bool_] | None
    ) -> None:
        m = values.shape[1]
        zc = np.zeros(m, dtype=bool)
        if zero_columns is not None:
            zc[: len(zero_columns)] = np.asarray(zero_columns, dtype=bool)[:m]
        na, nd, ns = _column_counts(values)
        mean = np.divide(na - nd, ns, out=np.zeros(m), where=ns > 0)
        mean[zc] = 0.0
        # Columns whose centred entries are all zero (moderated out, or every
        # vote equal) get exactly zero loadings.
        sq = (na + nd) - ns * mean**2
        self._flat = zc | (sq <= 1e-12 * np.maximum(ns, 1))
        self.mean_ = mean
        self.zero_columns_ = zc
        self.n_features_in_ = m

    def centered(self, values: sp.csr_matrix) -> sp.csr_matrix:
        """The centred, imputed matrix ``Z`` for ``values`` (sparse)."""
        return centered_matrix(values, self.mean_, self.zero_columns_)

    def transform(
        self, values: sp.csr_matrix, n_votes: ArrayLike | None = None
    ) -> NDArray[np.float64]:
        """Sparsity-aware projection of the rows of ``values``.

        ``n_votes`` defaults to Pol.is' count: seen votes on kept columns plus
        the number of zeroed (moderated-out) columns.
        """
        cache = getattr(self, "_cache", None)
        Z = (
            cache[1]
            if cache is not None and cache[0] is values
            else self.centered(values)
        )
        if n_votes is None:
            n_votes = self.rating_counts(values)
        comps = self.components_
        return sparsity_aware_projection(Z, comps, n_votes, values.shape[1])

    def rating_counts(self, values: sp.csr_matrix) -> NDArray[np.int64]:
        """Non-nil entries per row of Pol.is' ``rating-mat`` (see ``transform``)."""
        zc = self.zero_columns_
        total = np.diff(values.indptr).astype(np.int64)
        if not zc.any():
            return total
        on_zeroed = np.bincount(
            np.repeat(np.arange(values.shape[0]), np.diff(values.indptr))[
                zc[values.indices]
            ],
            minlength=values.shape[0],
        )
        return total - on_zeroed + int(zc.sum())

    def _solve(
        self, Z: sp.csr_matrix, start: NDArray[np.float64] | None
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        n, m = Z.shape
        k_req = self.n_components
        k = min(k_req, m, n) if n else 0
        comps = np.zeros((k_req, m))
        eig = np.zeros(k_req)
        self.n_iter_ = 0
        if k == 0 or Z.nnz == 0:
            return comps, eig
        method = self.method
        if method == "auto":
            small = m <= _DENSE_MAX_M and _gram_cost(Z) <= _GRAM_BUDGET
            method = "dense" if small or m <= 2 * k + 2 else "arpack"
            if method == "arpack" and Z.nnz <= _LANCZOS_MAX_NNZ:
                method = "lanczos"
        if method in ("arpack", "lanczos") and m <= 2 * k + 2:
            method = "dense"
        found: tuple[NDArray[np.float64], NDArray[np.float64]] | None = None
        if method == "dense":
            found = self._dense(Z)
        elif start is not None and np.any(start):
            found = self._lobpcg(Z, start[:k].T)
        elif method == "lanczos":
            found = self._lanczos(Z, k)
        if found is None:
            found = self._arpack(Z, k, start)
        vals, vecs = found
        order = np.argsort(-vals, kind="stable")[:k]
        comps[:k] = vecs[:, order].T
        flat = getattr(self, "_flat", None)
        if flat is not None and len(flat) == m:
            comps[:, flat] = 0.0
        eig[:k] = np.maximum(vals[order], 0.0)
        return comps, eig

    @staticmethod
    def _operator(Z: sp.csr_matrix) -> LinearOperator:
        # SciPy's sparse eigensolvers take about a second to import: only the
        # large matrices and the warm updates that use them pay for it.
        from ._operators import GramOperator

        return GramOperator(Z)

    def _dense(
        self, Z: sp.csr_matrix
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        C = (Z.T @ Z).toarray()
        vals, vecs = np.linalg.eigh(C)
        return vals, vecs

    def _lanczos(
        self, Z: sp.csr_matrix, k: int
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
        """Lanczos with full reorthogonalisation in NumPy, ``None`` if it has
        not converged within ``_LANCZOS_MAX_ITER`` steps (ARPACK then runs).

        The same start vector and tolerance as :meth:`_arpack`; the point is
        the import: ``scipy.sparse.linalg`` costs more to load than a whole
        analysis of a few thousand participants takes.
        """
        m = Z.shape[1]
        steps = min(m, _LANCZOS_MAX_ITER)
        ZT = Z.T.tocsr()
        V = np.zeros((steps + 1, m))
        alpha = np.zeros(steps)
        beta = np.zeros(steps)
        v0 = np.random.default_rng(self.random_state).standard_normal(m)
        V[0] = v0 / np.linalg.norm(v0)
        self.n_iter_ = 0
        for j in range(steps):
            w = ZT @ (Z @ V[j])
            self.n_iter_ += 1
            basis = V[: j + 1]
            h = basis @ w
            w -= basis.T @ h
            h2 = basis @ w  # twice is enough (Kahan–Parlett)
            w -= basis.T @ h2
            alpha[j] = h[j] + h2[j]
            b = float(np.linalg.norm(w))
            scale = max(float(np.abs(alpha[: j + 1]).max()), 1e-300)
            last = j + 1 == steps or b <= 1e-14 * scale
            if j + 1 >= k and (last or (j + 1) % 5 == 0):
                T = np.diag(alpha[: j + 1])
                if j:
                    T += np.diag(beta[:j], 1) + np.diag(beta[:j], -1)
                theta, S = np.linalg.eigh(T)
                top, St = theta[-k:], S[:, -k:]
                resid = b * np.abs(St[-1])
                if np.all(resid <= self.tol * np.maximum(np.abs(top), 1e-300)):
                    vecs = basis.T @ St
                    return top, vecs / np.linalg.norm(vecs, axis=0)
            if last:
                return None
            beta[j] = b
            V[j + 1] = w / b
        return None  # pragma: no cover - the last step always returns

    def _arpack(
        self, Z: sp.csr_matrix, k: int, start: NDArray[np.float64] | None
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        m = Z.shape[1]
        if start is not None and np.any(start):
            v0 = start.sum(axis=0)
        else:
            v0 = np.random.default_rng(self.random_state).standard_normal(m)
        from scipy.sparse.linalg import eigsh

        from ._operators import Counter

        op = self._operator(Z)
        counter = Counter(op)
        vals, vecs = eigsh(
            counter,
            k=k,
            which="LA",
            v0=v0,
            tol=self.tol,
            ncv=min(m, max(2 * k + 8, 20)),
        )
        self.n_iter_ = counter.calls
        return vals, vecs

    def _lobpcg(
        self, Z: sp.csr_matrix, X0: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
        from scipy.sparse.linalg import lobpcg

        from ._operators import Counter

        op = self._operator(Z)
        counter = Counter(op)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                vals, vecs, res = lobpcg(
                    counter,
                    X0.copy(),
                    largest=True,
                    tol=1e-7,
                    maxiter=60,
                    retResidualNormsHistory=True,
                )
            except (np.linalg.LinAlgError, ValueError):
                return None
        self.n_iter_ = counter.calls
        scale = max(float(np.max(np.abs(vals))), 1e-300)
        if not res or float(np.max(res[-1])) > 1e-6 * scale:
            return None
        return np.asarray(vals), np.asarray(vecs)
