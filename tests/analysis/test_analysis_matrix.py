import numpy as np
import pytest
import scipy.sparse as sp

from backchannel.analysis.matrix import (
    IdIndex,
    VoteTable,
    build_vote_matrix,
    encode_ids,
    replace_rows,
)

pytestmark = pytest.mark.no_db_difference


def test_pass_is_seen_and_missing_is_not() -> None:
    vm = build_vote_matrix(VoteTable.from_records([(1, 1, 0), (1, 2, 1), (2, 2, -1)]))
    assert vm.values.toarray().tolist() == [[0, 1], [0, -1]]
    assert vm.seen.toarray().tolist() == [[1, 1], [0, 1]]
    assert vm.n_votes_per_participant().tolist() == [2, 1]
    assert vm.n_votes_per_comment().tolist() == [1, 2]


def test_last_vote_wins_by_timestamp_then_order() -> None:
    t = VoteTable.from_records(
        [(1, 1, 1, 10), (1, 1, -1, 5), (2, 1, 1, 3), (2, 1, 0, 3), (3, 1, -1, 1)]
    )
    vm = build_vote_matrix(t)
    assert vm.values.toarray().ravel().tolist() == [1, 0, -1]
    no_ts = VoteTable.from_records([(1, 1, 1), (1, 1, -1), (1, 2, 0)])
    assert build_vote_matrix(no_ts).values.toarray().tolist() == [[-1, 0]]


def test_many_duplicates_do_not_overflow() -> None:
    n = 300
    t = VoteTable(np.zeros(n, int), np.zeros(n, int), np.r_[np.ones(n - 1), -1])
    assert build_vote_matrix(t).values.toarray().tolist() == [[-1]]


def test_string_ids_and_counts() -> None:
    t = VoteTable.from_records(
        [("bob", "c2", 1), ("amy", "c1", -1), ("amy", "c2", 0), ("bob", "c1", 1)]
    )
    vm = build_vote_matrix(t)
    assert vm.participant_ids.tolist() == ["amy", "bob"]
    assert vm.comment_ids.tolist() == ["c1", "c2"]
    na, nd, ns = vm.vote_counts()
    assert (na.tolist(), nd.tolist(), ns.tolist()) == ([1, 1], [1, 0], [2, 2])
    na, nd, ns = vm.vote_counts(np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert na.tolist() == [[0, 0], [1, 1]]
    assert ns.tolist() == [[1, 1], [1, 1]]


def test_invalid_votes_are_rejected() -> None:
    with pytest.raises(ValueError, match="-1, 0, 1"):
        VoteTable([1], [1], [2])
    with pytest.raises(ValueError, match="length"):
        VoteTable([1, 2], [1], [1])


def test_encode_ids_sparse_and_compact_ranges() -> None:
    labels, codes = encode_ids([10**15, 3, 10**15])
    assert labels.tolist() == [3, 10**15]
    assert codes.tolist() == [1, 0, 1]
    labels, codes = encode_ids(np.array([5, -2, 5]))
    assert labels.tolist() == [-2, 5]
    assert codes.tolist() == [1, 0, 1]


def test_id_index_lookup_and_extend() -> None:
    idx = IdIndex(np.array([4, 1]))
    assert idx.lookup([1, 9]).tolist() == [1, -1]
    idx.extend([9, 1, 7, 9])
    assert idx.labels.tolist() == [4, 1, 9, 7]
    assert idx.lookup([7, 4]).tolist() == [3, 0]


def test_replace_rows_matches_dense_edit() -> None:
    rng = np.random.default_rng(0)
    dense = rng.integers(-1, 2, (6, 5)) * (rng.random((6, 5)) < 0.6)
    mat = sp.csr_matrix(dense)
    new = sp.csr_matrix(np.array([[1, 0, 0, 0, -1, 1], [0, 0, 1, 0, 0, 0]]))
    out = replace_rows(mat, np.array([2, 7]), new, 8)
    expect = np.zeros((8, 6), dtype=dense.dtype)
    expect[:6, :5] = dense
    expect[2] = new.toarray()[0]
    expect[7] = new.toarray()[1]
    assert out.shape == (8, 6)
    assert np.array_equal(out.toarray(), expect)
