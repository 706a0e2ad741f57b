"""Matrix-free operators for SciPy's sparse eigensolvers (used by :mod:`.pca`).

Kept apart so that ``scipy.sparse.linalg`` (about a second to import) is
loaded only by the analyses that need it: large matrices and warm updates.
"""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.linalg import LinearOperator

#: Row blocks of the Gram operator; a fixed count keeps results bit-identical
#: whatever the machine's core count.
_N_BLOCKS = 2
_PARALLEL_NNZ = 1_000_000


class GramOperator(LinearOperator):
    """``v ↦ Zᵀ(Z v)`` without forming ``ZᵀZ``.

    Large matrices are split in ``_N_BLOCKS`` row blocks multiplied in
    threads (SciPy's sparse kernels release the GIL): ``Σ_b Z_bᵀ(Z_b v)``.
    """

    def __init__(self, Z: sp.csr_matrix) -> None:
        m = Z.shape[1]
        super().__init__(dtype=np.float64, shape=(m, m))
        n = Z.shape[0]
        if Z.nnz >= _PARALLEL_NNZ and n >= _N_BLOCKS:
            cuts = np.searchsorted(
                Z.indptr, np.linspace(0, Z.nnz, _N_BLOCKS + 1)[1:-1]
            ).tolist()
            bounds = [0, *cuts, n]
            self.blocks = [Z[a:b] for a, b in itertools.pairwise(bounds)]
        else:
            self.blocks = [Z]
        self.pool = _pool() if len(self.blocks) > 1 else None

    def _apply(self, v: NDArray[np.float64]) -> NDArray[np.float64]:
        if self.pool is None:
            Z = self.blocks[0]
            return Z.T @ (Z @ v)
        parts = list(self.pool.map(lambda B: B.T @ (B @ v), self.blocks))
        out = parts[0]
        for p in parts[1:]:
            out = out + p
        return out

    def _matvec(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return self._apply(np.asarray(x, dtype=np.float64).reshape(-1))

    def _matmat(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        return self._apply(np.asarray(X, dtype=np.float64))

    def _rmatvec(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return self._matvec(x)

    def _adjoint(self) -> LinearOperator:
        return self


_POOL: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=_N_BLOCKS, thread_name_prefix="bc-pca")
    return _POOL


class Counter(LinearOperator):
    """Wraps a symmetric operator, counting applications."""

    def __init__(self, op: LinearOperator) -> None:
        super().__init__(dtype=op.dtype, shape=op.shape)
        self.op = op
        self.calls = 0

    def _matvec(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        self.calls += 1
        return self.op.matvec(x)

    def _matmat(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        self.calls += 1
        return self.op.matmat(X)

    def _rmatvec(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return self._matvec(x)

    def _adjoint(self) -> LinearOperator:
        return self
