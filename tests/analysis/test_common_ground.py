"""Common ground across sides: hand-computed scores, cruxes and suppression.

No Django here: the module takes and returns arrays."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest

from backchannel.analysis import common_ground as cg
from backchannel.analysis.common_ground import (
    acceptable_shares,
    common_ground,
    convergence,
    cross_side_score,
    find_cruxes,
    suppressed_cells,
)

# Columns: acceptable, acceptable_if, unacceptable, consult.
BOTH_ACCEPT = [[4, 1, 0, 0], [3, 0, 1, 1]]
SPLIT = [[4, 0, 1, 0], [0, 1, 3, 0]]


def test_the_strict_score_counts_only_acceptable() -> None:
    # side 0: (4 + 1) / (5 + 2) = 5/7; side 1: (3 + 1) / (5 + 2) = 4/7
    assert cross_side_score(BOTH_ACCEPT)[0] == pytest.approx(5 / 7 * 4 / 7)


def test_the_lenient_score_counts_conditional_acceptance_too() -> None:
    # side 0: (5 + 1) / 7; side 1: (3 + 1) / 7
    assert cross_side_score(BOTH_ACCEPT, lenient=True)[0] == pytest.approx(
        6 / 7 * 4 / 7
    )


def test_a_side_without_responses_contributes_one_half() -> None:
    assert cross_side_score([[0, 0, 0, 0], [0, 0, 0, 0]])[0] == pytest.approx(0.25)
    assert cross_side_score([[2, 0, 0, 0], [0, 0, 0, 0]])[0] == pytest.approx(
        3 / 4 * 1 / 2
    )


def test_scores_of_several_versions_come_in_version_order() -> None:
    scores = cross_side_score([BOTH_ACCEPT, SPLIT])
    assert scores.shape == (2,)
    # SPLIT: (4 + 1) / 7 · (0 + 1) / 6
    assert scores[1] == pytest.approx(5 / 7 * 1 / 6)


def test_three_sides_multiply() -> None:
    counts = [[1, 0, 0, 0], [1, 0, 1, 0], [0, 0, 2, 0]]
    # 2/3 · 2/4 · 1/4
    assert cross_side_score(counts)[0] == pytest.approx(2 / 3 * 2 / 4 * 1 / 4)


def test_small_cells_are_those_under_three() -> None:
    assert suppressed_cells([0, 1, 2, 3, 4]).tolist() == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert suppressed_cells([4, 5], min_cell=5).tolist() == [True, False]


def test_acceptable_shares_are_nan_without_responses() -> None:
    shares = acceptable_shares([[3, 1, 0, 0], [0, 0, 0, 0]])[0]
    assert shares[0] == pytest.approx(0.75)
    assert math.isnan(shares[1])


def test_a_crux_needs_one_side_at_or_above_sixty_and_one_at_or_below_forty() -> None:
    # 0.6 exactly and 0.4 exactly both count
    at_bounds = [[3, 0, 2, 0], [2, 0, 3, 0]]
    (crux,) = find_cruxes(at_bounds)
    assert (crux["high_sides"], crux["low_sides"]) == ([0], [1])
    assert crux["gap"] == pytest.approx(0.2)
    # 0.75 and 0.5: no crux
    assert find_cruxes([[3, 0, 1, 0], [2, 0, 2, 0]]) == []


def test_a_crux_ignores_suppressed_sides() -> None:
    # side 1 rejects, but with 2 responses it says nothing
    assert find_cruxes([[5, 0, 0, 0], [0, 0, 2, 0]]) == []
    (crux,) = find_cruxes([[5, 0, 0, 0], [0, 0, 2, 0]], min_cell=2)
    assert crux["low_sides"] == [1]


def test_cruxes_name_every_side_on_each_end() -> None:
    counts = [[3, 0, 0, 0], [0, 0, 3, 0], [0, 3, 0, 0], [2, 0, 1, 0]]
    (crux,) = find_cruxes(counts)
    assert crux["high_sides"] == [0, 3]
    assert crux["low_sides"] == [1, 2]  # conditional acceptance is not acceptance
    assert crux["gap"] == 1.0


def test_common_ground_hides_the_score_while_a_side_is_small() -> None:
    shown, hidden = common_ground([BOTH_ACCEPT, [[4, 0, 0, 0], [1, 1, 0, 0]]])
    assert shown["responses"] == [5, 5] and shown["suppressed"] == [False, False]
    assert shown["score"] == pytest.approx(5 / 7 * 4 / 7, abs=1e-4)
    assert shown["lenient_score"] == pytest.approx(6 / 7 * 4 / 7, abs=1e-4)
    assert shown["acceptable_share"] == [0.8, 0.6]
    assert hidden["responses"] == [4, None]
    assert hidden["acceptable_share"] == [1.0, None]
    assert hidden["score"] is None and hidden["lenient_score"] is None


def test_common_ground_reports_the_crux_of_each_version() -> None:
    both, split = common_ground([BOTH_ACCEPT, SPLIT])
    assert both["crux"] is None
    assert split["crux"] == {
        "version": 1,
        "high_sides": [0],
        "low_sides": [1],
        "gap": 0.8,
    }


def test_convergence_compares_the_first_and_last_shown_scores() -> None:
    assert convergence([0.5, np.nan, 0.2]) == {
        "first": 0,
        "last": 2,
        "change": -0.3,
        "direction": "diverging",
    }
    assert convergence([0.3, 0.302])["direction"] == "steady"
    assert convergence([np.nan, np.nan])["direction"] == "unknown"


@pytest.mark.parametrize(
    "counts",
    [[[1, 2, 3]], [[[-1, 0, 0, 0]]], [[0.5, 0, 0, 0]], [1, 2, 3, 4]],
)
def test_bad_counts_are_refused_with_the_expected_shape(counts: object) -> None:
    with pytest.raises(ValueError, match="counts must"):
        cross_side_score(counts)


def test_bad_thresholds_are_refused() -> None:
    with pytest.raises(ValueError, match="low < high"):
        find_cruxes(SPLIT, high=0.4, low=0.6)
    with pytest.raises(ValueError, match="min_cell"):
        suppressed_cells([1], min_cell=0)


def test_the_stances_come_in_the_documented_column_order() -> None:
    assert cg.STANCES == ("acceptable", "acceptable_if", "unacceptable", "consult")


def test_the_docstring_examples_run() -> None:
    result = doctest.testmod(cg, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_importing_it_does_not_load_django() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, backchannel.analysis.common_ground; "
        "assert 'django' not in sys.modules, 'django was imported'"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        check=True,
        timeout=60,
    )
