"""Cross-side network density: the graph math, without Django."""

from __future__ import annotations

import pytest

from backchannel.analysis.network import cross_side_density, density_point

pytestmark = pytest.mark.no_db_difference

SIDES = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "b3": "B"}


def test_density_counts_each_cross_side_pair_once() -> None:
    edges = [("a1", "b1"), ("b1", "a1"), ("a2", "b3")]
    assert cross_side_density(SIDES, edges) == pytest.approx(2 / 9)


def test_contacts_within_a_side_and_with_strangers_do_not_count() -> None:
    edges = [("a1", "a2"), ("a1", "zz"), ("a1", "a1"), ("b1", "a3")]
    assert cross_side_density(SIDES, edges) == pytest.approx(1 / 9)


def test_three_sides_count_every_pair_of_sides() -> None:
    sides = {"a": "A", "b": "B", "c": "C", "c2": "C"}
    # possible: A·B 1 + A·C 2 + B·C 2 = 5
    assert cross_side_density(sides, [("a", "b"), ("b", "c2")]) == pytest.approx(2 / 5)


def test_everyone_knowing_everyone_is_one_and_nobody_is_zero() -> None:
    full = [(a, b) for a in ("a1", "a2", "a3") for b in ("b1", "b2", "b3")]
    assert cross_side_density(SIDES, full) == 1.0
    assert cross_side_density(SIDES, []) == 0.0


def test_one_side_has_no_density() -> None:
    assert cross_side_density({"a": "A", "b": "A"}, [("a", "b")]) is None


def test_density_is_suppressed_until_three_report_on_every_side() -> None:
    reports = {"a1": ["b1"], "a2": [], "a3": ["b2"], "b1": ["a1"], "b2": []}
    small = density_point(SIDES, reports)
    assert small.suppressed and small.density is None
    assert small.reporters == 5 and small.participants == 6
    reports["b3"] = ["a3"]
    shown = density_point(SIDES, reports)
    assert not shown.suppressed
    assert shown.density == pytest.approx(3 / 9)


def test_the_threshold_can_be_chosen() -> None:
    reports = {"a1": ["b1"], "b1": []}
    assert density_point(SIDES, reports, min_reporters=1).density == pytest.approx(
        1 / 9
    )
