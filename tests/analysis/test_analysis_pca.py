# ruff: noqa: N803, N806  (matrix names X, C, D, Z follow the maths)
import numpy as np
import pytest
import scipy.sparse as sp

from backchannel.analysis.pca import (
    ImputedPCA,
    column_means,
    projection_scale,
    sparsity_aware_projection,
)

pytestmark = pytest.mark.no_db_difference


def _random_votes(n: int, m: int, density: float, seed: int) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    mask = rng.random((n, m)) < density
    mask[np.arange(n), rng.integers(0, m, n)] = True
    vals = rng.choice([-1, 0, 1], size=(n, m), p=[0.4, 0.2, 0.4])
    rows, cols = np.nonzero(mask)
    return sp.csr_matrix((vals[rows, cols].astype(np.int8), (rows, cols)), shape=(n, m))


def _dense_reference(X: sp.csr_matrix, zero_cols: np.ndarray | None = None):
    """Pol.is PCA written the slow, dense way: impute, centre, eigendecompose."""
    seen = X.copy()
    seen.data = np.ones_like(seen.data)
    D = np.where(seen.toarray() > 0, X.toarray().astype(float), np.nan)
    if zero_cols is not None:
        D[:, zero_cols] = 0.0
    mean = np.nanmean(D, axis=0)
    filled = np.where(np.isnan(D), mean, D)
    Zc = filled - mean
    _, vecs = np.linalg.eigh(Zc.T @ Zc)
    comps = vecs[:, ::-1][:, :2].T
    for k in range(2):
        if comps[k, np.argmax(np.abs(comps[k]))] < 0:
            comps[k] = -comps[k]
    return mean, comps, Zc


@pytest.mark.parametrize("method", ["dense", "arpack"])
def test_matches_dense_imputed_pca(method: str) -> None:
    X = _random_votes(400, 30, 0.3, seed=1)
    mean, comps, _ = _dense_reference(X)
    pca = ImputedPCA(method=method).fit(X)
    np.testing.assert_allclose(pca.mean_, mean, atol=1e-12)
    np.testing.assert_allclose(pca.components_, comps, atol=1e-7)


@pytest.mark.parametrize("method", ["lanczos", "arpack"])
def test_lanczos_operator_path_matches_dense(method: str) -> None:
    X = _random_votes(3000, 60, 0.5, seed=2)
    _, comps, _ = _dense_reference(X)
    pca = ImputedPCA(method=method).fit(X)  # type: ignore[arg-type]
    assert pca.n_iter_ > 0  # the operator (not a dense matrix) was used
    np.testing.assert_allclose(pca.components_, comps, atol=1e-7)


def test_numpy_lanczos_agrees_with_arpack_and_is_what_auto_picks() -> None:
    """Above 300 comments ``auto`` solves with NumPy's Lanczos (no import of
    ``scipy.sparse.linalg``); its axes and eigenvalues are ARPACK's."""
    X = _random_votes(1500, 400, 0.1, seed=5)
    auto = ImputedPCA().fit(X)
    arpack = ImputedPCA(method="arpack").fit(X)
    lanczos = ImputedPCA(method="lanczos").fit(X)
    assert auto.n_iter_ == lanczos.n_iter_ > 0
    np.testing.assert_allclose(auto.components_, lanczos.components_, atol=0)
    np.testing.assert_allclose(lanczos.components_, arpack.components_, atol=1e-7)
    np.testing.assert_allclose(lanczos.eigenvalues_, arpack.eigenvalues_, rtol=1e-9)


def test_numpy_lanczos_hands_over_to_arpack_when_it_does_not_converge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import backchannel.analysis.pca as pca_mod

    X = _random_votes(1500, 400, 0.1, seed=5)
    expected = ImputedPCA(method="arpack").fit(X).components_
    monkeypatch.setattr(pca_mod, "_LANCZOS_MAX_ITER", 3)
    pca = ImputedPCA(method="lanczos")
    pca._setup(X, None)
    assert pca._lanczos(pca.centered(X), 2) is None  # 3 steps are not enough
    np.testing.assert_allclose(pca.fit(X).components_, expected, atol=1e-7)


def test_zero_columns_are_excluded_like_rating_mat() -> None:
    X = _random_votes(200, 12, 0.5, seed=3)
    zero = np.zeros(12, dtype=bool)
    zero[[2, 5]] = True
    _, comps, _ = _dense_reference(X, zero)
    pca = ImputedPCA().fit(X, zero_columns=zero)
    np.testing.assert_allclose(pca.components_, comps, atol=1e-7)
    assert np.all(pca.components_[:, zero] == 0)
    # n_i counts every zeroed column as a (pass) vote, as Pol.is' rating-mat.
    seen = np.diff(X.indptr)
    on_zero = np.diff(X[:, zero].tocsr().indptr)
    assert pca.rating_counts(X).tolist() == (seen - on_zero + 2).tolist()


def test_projection_scaling_by_hand() -> None:
    # Two participants, four comments; pc1 = e1, pc2 = e2; centre 0.
    Z = sp.csr_matrix(np.array([[1.0, -1.0, 0.0, 0.0], [0.5, 0.0, 0.0, 0.0]]))
    comps = np.eye(4)[:2]
    proj = sparsity_aware_projection(Z, comps, n_votes=[2, 1])
    # sqrt(4/2) * [1, -1] and sqrt(4/1) * [0.5, 0]
    np.testing.assert_allclose(proj, [[np.sqrt(2), -np.sqrt(2)], [1.0, 0.0]])
    assert projection_scale([0], 9).tolist() == [3.0]


def test_transform_is_pca_projection_of_imputed_rows() -> None:
    X = _random_votes(300, 20, 0.4, seed=4)
    _, comps, Zc = _dense_reference(X)
    pca = ImputedPCA().fit(X)
    n_i = np.diff(X.indptr)
    expect = (Zc @ comps.T) * np.sqrt(20 / np.maximum(n_i, 1))[:, None]
    np.testing.assert_allclose(pca.transform(X), expect, atol=1e-9)


def test_column_means_ignore_missing() -> None:
    X = sp.csr_matrix(([1, 1, -1, 0], [0, 1, 1, 2], [0, 2, 4]), shape=(2, 4))
    assert column_means(X).tolist() == [1.0, 0.0, 0.0, 0.0]


def test_update_warm_start_equals_fresh_fit() -> None:
    X = _random_votes(2000, 80, 0.4, seed=5)
    pca = ImputedPCA().fit(X[:1900])
    pca.update(X)
    fresh = ImputedPCA().fit(X)
    for k in range(2):
        assert abs(abs(pca.components_[k] @ fresh.components_[k]) - 1) < 1e-8
