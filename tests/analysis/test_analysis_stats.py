"""Hand-computed checks of repness, consensus, GAC, inclusion and ARI."""

import math

import numpy as np
import pytest

from backchannel.analysis import (
    adjusted_rand_index,
    group_aware_consensus,
    in_conversation,
    prop_test,
    repness_stats,
    select_consensus,
    select_representative,
    two_prop_test,
)

pytestmark = pytest.mark.no_db_difference


def test_prop_tests_by_hand() -> None:
    # 2*sqrt(11)*(9/11 - 1/2)
    assert float(prop_test(8, 10)) == pytest.approx(2 * math.sqrt(11) * (9 / 11 - 0.5))
    p1, p2, ph = 9 / 11, 3 / 11, 12 / 22
    z = (p1 - p2) / math.sqrt(ph * (1 - ph) * (2 / 11))
    assert float(two_prop_test(8, 2, 10, 10)) == pytest.approx(z)
    assert float(two_prop_test(4, 4, 4, 4)) == 0.0  # pooled proportion 1


def test_repness_stats_by_hand() -> None:
    # Group 0: 8 agree / 1 disagree of 10; group 1: 2 / 7 of 10.
    st = repness_stats([[8], [2]], [[1], [7]], [[10], [10]])
    assert st.pa[0, 0] == pytest.approx(9 / 12)
    assert st.pd[1, 0] == pytest.approx(8 / 12)
    assert st.ra[0, 0] == pytest.approx((9 / 12) / (3 / 12))
    assert st.rd[1, 0] == pytest.approx((8 / 12) / (2 / 12))
    assert st.rat[0, 0] == pytest.approx(float(two_prop_test(8, 2, 10, 10)))
    assert st.rdt[0, 0] == pytest.approx(float(two_prop_test(1, 7, 10, 10)))
    assert st.pat[0, 0] == pytest.approx(float(prop_test(8, 10)))


def _entries(sel):
    return [[(e["comment_id"], e["repful"], e["best_agree"]) for e in g] for g in sel]


def test_repness_selection_rules() -> None:
    # Seven comments, two groups of 20. Group 0 agrees strongly with 0..4,
    # disagrees strongly with 5, comment 6 is moderated out.
    na = np.array([[18, 17, 16, 15, 14, 0, 20], [2, 3, 4, 5, 6, 18, 0]])
    nd = np.array([[1, 2, 3, 4, 5, 19, 0], [17, 16, 15, 14, 13, 1, 20]])
    ns = np.full((2, 7), 20)
    st = repness_stats(na, nd, ns)
    excl = np.array([False] * 6 + [True])
    sel = select_representative(st, list("abcdefg"), exclude=excl)
    g0 = _entries(sel)[0]
    # best-agree first, top 5 overall, agrees before disagrees, "g" excluded
    assert g0[0] == ("a", "agree", True)
    assert len(g0) == 5
    assert all(c != "g" for c, _, _ in g0)
    dirs = [d for _, d, _ in g0]
    assert dirs == sorted(dirs)  # "agree" < "disagree"
    # After the best-agree entry, the agrees come by decreasing
    # ra * rat * pa * pat.
    pos = {c: j for j, c in enumerate("abcdefg")}
    rest = [pos[c] for c, d, _ in g0[1:] if d == "agree"]
    metric = [st.ra[0, j] * st.rat[0, j] * st.pa[0, j] * st.pat[0, j] for j in rest]
    assert metric == sorted(metric, reverse=True)
    assert ("f", "disagree", False) in g0


def test_repness_falls_back_to_single_best() -> None:
    # Identical groups: nothing is significant, nobody agrees -> best by test.
    na = np.zeros((2, 3), int)
    nd = np.array([[1, 3, 2], [1, 3, 2]])
    ns = np.array([[5, 5, 5], [5, 5, 5]])
    sel = select_representative(repness_stats(na, nd, ns), [10, 11, 12])
    assert [len(g) for g in sel] == [1, 1]
    assert sel[0][0]["best_agree"] is False


def test_consensus_by_hand() -> None:
    out = select_consensus(
        [9, 1, 5, 10, 8],
        [0, 8, 5, 0, 1],
        [10, 10, 10, 10, 10],
        list("abcde"),
        exclude=[False, False, False, True, False],
    )
    pairs = [(e["comment_id"], e["direction"]) for e in out]
    # "d" would be the best agree but is moderated out; a (pa=10/12) beats
    # e (pa=9/12); "c" is a tie (pa = 0.5, not > 0.5).
    assert pairs == [("a", "agree"), ("e", "agree"), ("b", "disagree")]
    assert out[0]["p_success"] == pytest.approx(10 / 12)
    assert out[0]["p_test"] == pytest.approx(float(prop_test(9, 10)))


def test_group_aware_consensus_by_hand() -> None:
    gac = group_aware_consensus([[3, 0], [1, 2]], [[4, 1], [2, 2]])
    assert gac.tolist() == pytest.approx([(4 / 6) * (2 / 4), (1 / 3) * (3 / 4)])
    assert group_aware_consensus([5], [5]).tolist() == pytest.approx([6 / 7])
    with pytest.raises(ValueError):
        group_aware_consensus([[3]], [[2]])


def test_inclusion_threshold_and_top_up() -> None:
    # min(7, n_cmts): with 5 comments, 5 votes are enough.
    assert in_conversation([5, 4, 7], 5, greedy_n=0).tolist() == [True, False, True]
    assert in_conversation([6, 7, 8], 20, greedy_n=0).tolist() == [False, True, True]
    # Fewer than 15 in: the top voters are added until 15 (ties: data order).
    counts = [1] * 10 + [2] * 10 + [9] * 3
    inc = in_conversation(counts, 50)
    assert inc.sum() == 15
    assert inc[20:].all() and inc[10:20].all() and inc[:2].all() and not inc[2:10].any()
    # Once in, always in.
    prev = np.array([True, False])
    assert in_conversation([0, 0, 0], 9, previous=prev, greedy_n=0).tolist() == [
        True,
        False,
        False,
    ]


def test_adjusted_rand_index_hand_case() -> None:
    # Contingency [[2,1,0],[0,1,2]]: sum_ij C2 = 2, rows 3+3 -> a=6, cols 1+1+1 -> b=3,
    # total C(6,2)=15, expected=6*3/15=1.2, max=4.5 -> (2-1.2)/(4.5-1.2)
    expected = (2 - 1.2) / (4.5 - 1.2)
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(
        expected
    )
    assert adjusted_rand_index(["x", "x", "y"], [2, 2, 7]) == 1.0
