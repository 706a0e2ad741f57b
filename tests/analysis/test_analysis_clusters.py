# ruff: noqa: N803, N806  (matrix names X, C, D, Z follow the maths)
import numpy as np
import pytest

from backchannel.analysis import adjusted_rand_index
from backchannel.analysis.clusters import (
    KSmoother,
    choose_group_clustering,
    first_distinct_rows,
    kmeans,
    max_group_k,
    pairwise_distances,
    silhouette_score,
)

pytestmark = pytest.mark.no_db_difference


def _lloyd(X, C, max_iter, tol, w=None):
    """Textbook Lloyd with Pol.is stopping and empty-cluster dropping."""
    w = np.ones(len(X)) if w is None else w
    it = 0
    while it < max_iter:
        it += 1
        lab = pairwise_distances(X, C).argmin(axis=1)
        keep = np.bincount(lab, minlength=len(C)) > 0
        ws = np.bincount(lab, w, len(C))
        new = (
            np.stack([np.bincount(lab, X[:, d] * w, len(C)) for d in range(2)], axis=1)
            / np.where(ws > 0, ws, 1)[:, None]
        )
        done = keep.all() and np.all(np.linalg.norm(new - C, axis=1) < tol)
        lab = (np.cumsum(keep) - 1)[lab]
        C = new[keep]
        if done:
            break
    return C, lab, it


@pytest.mark.parametrize(("n", "k"), [(300, 7), (30_000, 100)])
def test_kmeans_equals_plain_lloyd(n: int, k: int) -> None:
    rng = np.random.default_rng(n)
    X = np.concatenate(
        [rng.normal(c, 1.0, (n // 3, 2)) for c in ([0, 0], [6, 1], [2, 7])]
    )
    start = first_distinct_rows(X, k)
    res = kmeans(X, start, max_iter=30, tol=0.01)
    C, lab, it = _lloyd(X, start, 30, 0.01)
    assert res.n_iter == it
    np.testing.assert_allclose(res.centers, C, atol=1e-9)
    assert np.array_equal(res.labels, lab)


def test_weighted_kmeans_and_empty_cluster_dropped() -> None:
    X = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 0.0], [50.0, 50.0]])
    w = np.array([3.0, 1.0, 1.0, 1.0])
    # The third initial centre attracts nobody and is dropped.
    res = kmeans(X[:3], [[0.0, 0.0], [10.0, 0.0], [100.0, 100.0]], weights=w[:3])
    assert len(res.centers) == 2
    np.testing.assert_allclose(res.centers[0], [0.25, 0.0])
    assert res.labels.tolist() == [0, 0, 1]


def test_first_distinct_rows_in_data_order() -> None:
    X = np.array([[1, 1], [1, 1], [0, 0], [2, 2], [0, 0]])
    assert first_distinct_rows(X, 3).tolist() == [[1, 1], [0, 0], [2, 2]]
    assert first_distinct_rows(X, 10).tolist() == [[1, 1], [0, 0], [2, 2]]


def test_silhouette_by_hand() -> None:
    # points 0, 1 | 4: a(0)=1, b(0)=4 -> 0.75; a(1)=1, b(1)=3 -> 2/3; singleton -> 0
    D = pairwise_distances(np.array([[0.0], [1.0], [4.0]]))
    assert silhouette_score(D, [0, 0, 1]) == pytest.approx((0.75 + 2 / 3 + 0) / 3)
    assert silhouette_score(D, [0, 0, 0]) == 0.0


def test_max_group_k_and_smoother() -> None:
    assert [max_group_k(n) for n in (1, 11, 12, 35, 36, 100)] == [2, 2, 3, 4, 5, 5]
    s = KSmoother(buffer=4)
    seq = [s.step(k) for k in (3, 2, 2, 2, 2, 4, 2)]
    assert seq == [3, 3, 3, 3, 2, 2, 2]


def test_group_choice_prefers_true_structure() -> None:
    rng = np.random.default_rng(0)
    truth = rng.permutation(np.repeat([0, 1, 2], 20))
    blobs = np.array([[0, 0], [8, 0], [4, 7]])
    centers = blobs[truth] + rng.normal(0, 0.3, (60, 2))
    g = choose_group_clustering(centers, np.ones(60))
    assert g.k == 3
    assert set(g.silhouettes) == {2, 3, 4, 5}
    assert adjusted_rand_index(g.labels, truth) == 1.0


def _participants(seed: int):
    """Participants in three blobs of unequal size, and base clusters of them."""
    rng = np.random.default_rng(seed)
    sizes = (300, 120, 40)
    means = np.array([[0.0, 0.0], [3.0, 1.5], [-6.0, -1.0]])
    pts = np.vstack(
        [rng.normal(mu, 1.2, (n, 2)) for mu, n in zip(means, sizes, strict=True)]
    )
    pts = pts[rng.permutation(len(pts))]
    base = kmeans(pts, first_distinct_rows(pts, 100), max_iter=100)
    weights = np.bincount(base.labels, minlength=len(base.centers))
    return pts, base, weights


def _sse(pts, labels):
    return sum(
        float(((pts[labels == g] - pts[labels == g].mean(0)) ** 2).sum())
        for g in np.unique(labels)
    )


@pytest.mark.parametrize("seed", range(6))
def test_several_starts_refined_on_participants_are_never_looser(seed: int) -> None:
    """The one-shot rule keeps Pol.is' start unless a refined candidate is
    tighter: its partition of the participants is never looser than that
    single start's, and it labels every participant."""
    pts, base, w = _participants(seed)
    single = choose_group_clustering(base.centers, w, points=pts, n_init=0)
    several = choose_group_clustering(base.centers, w, points=pts, n_init=10)
    assert single.point_labels is not None and several.point_labels is not None
    assert len(several.point_labels) == len(pts)
    for k in several.point_centers:
        lab_1 = np.argmin(pairwise_distances(pts, single.point_centers[k]), axis=1)
        lab_n = np.argmin(pairwise_distances(pts, several.point_centers[k]), axis=1)
        assert _sse(pts, lab_n) <= _sse(pts, lab_1) * (1 + 1e-9)


def test_a_k_other_than_two_needs_a_clear_silhouette_lead() -> None:
    rng = np.random.default_rng(0)
    truth = rng.permutation(np.repeat([0, 1, 2], 20))
    centers = np.array([[0, 0], [8, 0], [4, 7]])[truth] + rng.normal(0, 0.3, (60, 2))
    free = choose_group_clustering(centers, np.ones(60))
    lead = free.silhouettes[3] - free.silhouettes[2]
    assert free.k == 3 and lead > 0
    held = choose_group_clustering(centers, np.ones(60), k_margin=lead + 0.01)
    assert held.k == 2
    assert choose_group_clustering(centers, np.ones(60), k_margin=lead - 0.01).k == 3


@pytest.mark.parametrize("n", [1_500, 30_000, 60_000])
def test_nearest_centre_search_is_the_direct_one_at_every_size(n: int) -> None:
    """Direct distances (n·k ≤ 200,000), the same in blocks of rows (up to
    5,000,000, no k-d tree to import) and the k-d tree beyond all give each
    point its nearest and second-nearest centre."""
    from backchannel.analysis.clusters import _nearest2

    rng = np.random.default_rng(n)
    X = rng.normal(size=(n, 2))
    C = rng.normal(size=(100, 2))
    lab, d1, d2 = _nearest2(X, C)
    D = np.sqrt(((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2))
    order = np.sort(D, axis=1)
    assert (lab == D.argmin(axis=1)).all()
    np.testing.assert_allclose(d1, order[:, 0], rtol=1e-12)
    np.testing.assert_allclose(d2, order[:, 1], rtol=1e-12)
