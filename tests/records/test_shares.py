"""The share arithmetic, computed by hand."""

from __future__ import annotations

import pytest

from backchannel.records.shares import (
    MIN_SECONDS,
    UNDER_SHARE,
    duration,
    is_well_below,
    share_rows,
)


def test_shares_are_fractions_of_the_groups_compared() -> None:
    # 600 + 200 s of airtime; 3 + 3 seats.
    north, south = share_rows({"n": 600, "s": 200}, {"n": 3, "s": 3}, ["n", "s"])
    assert (north.airtime_share, north.seat_share) == (0.75, 0.5)
    assert (south.airtime_share, south.seat_share) == (0.25, 0.5)
    # 0.25 < 2/3 × 0.5 = 0.333…: well below; 0.75 is not.
    assert south.below and not north.below


def test_the_threshold_is_two_thirds_of_the_seat_share_and_strict() -> None:
    assert UNDER_SHARE == pytest.approx(2 / 3)
    # 300 of 900 s = 1/3 of the airtime, exactly 2/3 of a 1/2 seat share: not below.
    _, south = share_rows({"n": 600, "s": 300}, {"n": 3, "s": 3}, ["n", "s"])
    assert south.airtime_share == pytest.approx(1 / 3)
    assert not south.below
    # One second less and it is.
    _, south = share_rows({"n": 601, "s": 299}, {"n": 3, "s": 3}, ["n", "s"])
    assert south.below


def test_a_small_side_is_measured_against_its_own_seat_share() -> None:
    # Seats 4 : 1 (80% / 20%); the small side spoke 15%: 0.15 > 2/3 × 0.2 = 0.133.
    big, small = share_rows({"a": 850, "b": 150}, {"a": 4, "b": 1}, ["a", "b"])
    assert small.seat_share == 0.2 and small.airtime_share == 0.15
    assert not small.below
    # At 13% it is under 0.133: flagged.
    _, small = share_rows({"a": 870, "b": 130}, {"a": 4, "b": 1}, ["a", "b"])
    assert small.below and not big.below


def test_nothing_is_flagged_before_enough_airtime_is_recorded() -> None:
    rows = share_rows({"n": MIN_SECONDS - 1}, {"n": 1, "s": 1}, ["n", "s"])
    assert rows[1].airtime_share == 0.0
    assert not rows[1].below
    rows = share_rows({"n": MIN_SECONDS}, {"n": 1, "s": 1}, ["n", "s"])
    assert rows[1].below


def test_groups_without_seats_or_without_airtime_have_no_share() -> None:
    rows = share_rows({}, {}, ["n"])
    assert rows[0].airtime_share is None and rows[0].seat_share is None
    assert not rows[0].below
    # No seats at all (attendance unknown): shares of airtime only, never flagged.
    rows = share_rows({"n": 900, "s": 100}, {}, ["n", "s"])
    assert [r.airtime_share for r in rows] == [0.9, 0.1]
    assert not any(r.below for r in rows)
    assert not is_well_below(0.1, None, total_seconds=1000)


def test_groups_left_out_of_the_keys_count_in_neither_total() -> None:
    rows = share_rows(
        {"n": 100, "s": 100, "x": 800}, {"n": 1, "s": 1, "x": 8}, ["n", "s"]
    )
    assert [r.airtime_share for r in rows] == [0.5, 0.5]
    assert [r.seat_share for r in rows] == [0.5, 0.5]


def test_by_default_every_group_seen_is_a_row_in_order_of_appearance() -> None:
    rows = share_rows({"woman": 300}, {"man": 2, "woman": 2})
    assert [r.key for r in rows] == ["woman", "man"]


def test_durations_read_as_people_say_them() -> None:
    assert duration(0) == "0 s"
    assert duration(59) == "59 s"
    assert duration(60) == "1 min 00 s"
    assert duration(3599) == "59 min 59 s"
    assert duration(3600) == "1 h 00 min"


def test_the_worked_examples_in_the_module_hold() -> None:
    import doctest

    from backchannel.records import shares

    result = doctest.testmod(shares)
    assert result.attempted >= 4 and result.failed == 0
