"""Airtime shares next to seat shares: pure arithmetic, no Django.

A group (a side, a gender, a capacity) speaks *well below* its weight when its
share of the airtime is under two-thirds of its share of the seats:

    airtime_share < UNDER_SHARE × seat_share,   UNDER_SHARE = 2/3

the same two-thirds the composition dashboard uses for seats. Shares are taken
among the groups compared (e.g. among the sides: time when no side held the
floor is left out of side shares). No group is flagged before ``MIN_SECONDS`` of
airtime are recorded, since the first few taps say nothing yet.

Examples
--------
Two sides with six seats each; Varnia held the floor 15 minutes, Ostrel 5:

>>> rows = share_rows({"varnia": 900, "ostrel": 300}, {"varnia": 6, "ostrel": 6})
>>> [(r.key, r.airtime_share, r.seat_share, r.below) for r in rows]
[('varnia', 0.75, 0.5, False), ('ostrel', 0.25, 0.5, True)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

UNDER_SHARE = 2 / 3
MIN_SECONDS = 300


@dataclass(frozen=True)
class ShareRow:
    key: str
    seconds: int
    airtime_share: float | None  # None: no airtime recorded among the groups
    seats: int
    seat_share: float | None  # None: no seats among the groups
    below: bool  # airtime share well below the seat share


def share(part: float, whole: float) -> float | None:
    """``part / whole``, or None when the whole is zero."""
    return part / whole if whole else None


def is_well_below(
    airtime_share: float | None, seat_share: float | None, *, total_seconds: int
) -> bool:
    """Whether a group's airtime share is under ``UNDER_SHARE`` of its seat share.

    >>> is_well_below(0.30, 0.5, total_seconds=600)
    True
    >>> is_well_below(0.34, 0.5, total_seconds=600)
    False
    >>> is_well_below(0.0, 0.5, total_seconds=MIN_SECONDS - 1)
    False
    """
    if airtime_share is None or not seat_share or total_seconds < MIN_SECONDS:
        return False
    return airtime_share < UNDER_SHARE * seat_share


def share_rows(
    seconds: Mapping[str, int],
    seats: Mapping[str, int],
    keys: Iterable[str] | None = None,
) -> list[ShareRow]:
    """One row per group: airtime and seat counts, shares and the flag.

    ``keys`` fixes the groups and their order (e.g. the sides by position);
    by default, every group with airtime or seats, in order of appearance.
    Groups outside ``keys`` count in neither total.
    """
    if keys is None:
        keys = list(dict.fromkeys([*seconds, *seats]))
    keys = list(keys)
    total_seconds = sum(seconds.get(k, 0) for k in keys)
    total_seats = sum(seats.get(k, 0) for k in keys)
    rows = []
    for key in keys:
        airtime_share = share(seconds.get(key, 0), total_seconds)
        seat_share = share(seats.get(key, 0), total_seats)
        rows.append(
            ShareRow(
                key=key,
                seconds=seconds.get(key, 0),
                airtime_share=airtime_share,
                seats=seats.get(key, 0),
                seat_share=seat_share,
                below=is_well_below(
                    airtime_share, seat_share, total_seconds=total_seconds
                ),
            )
        )
    return rows


def duration(seconds: int) -> str:
    """A compact duration: ``45 s``, ``12 min 05 s``, ``1 h 02 min``.

    >>> duration(45), duration(725), duration(3720)
    ('45 s', '12 min 05 s', '1 h 02 min')
    """
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
