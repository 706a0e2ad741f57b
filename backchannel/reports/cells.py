"""Small-cell suppression for counts of people: pure arithmetic, no Django.

A count of 1 or 2 people can point at someone ("the one woman on the Ostrel
side"), so it is shown as "fewer than 3", the rule the cross-side view of ideas
already follows (``MIN_CELL``). Zeros are shown: they identify nobody.

When a breakdown's total is shown (or can be bounded), a single suppressed
cell could be recovered by subtraction, so the smallest other non-zero cell is
suppressed with it (secondary suppression); when every other cell is zero, a
zero is suppressed with it instead, so "0, 0, fewer than 3, 0" never singles
out a group whose total is known.

>>> suppress_counts({"woman": 2, "man": 5})
{'woman': None, 'man': None}
>>> suppress_counts({"woman": 4, "man": 5, "non_binary": 1, "undisclosed": 2})
{'woman': 4, 'man': 5, 'non_binary': None, 'undisclosed': None}
>>> suppress_counts({"woman": 3, "man": 0})
{'woman': 3, 'man': 0}
>>> suppress_counts({"woman": 0, "man": 0, "non_binary": 2})
{'woman': None, 'man': 0, 'non_binary': None}
"""

from __future__ import annotations

from collections.abc import Mapping

MIN_CELL = 3


def is_small(count: int | None, min_cell: int = MIN_CELL) -> bool:
    return count is not None and 0 < count < min_cell


def suppress_counts(
    counts: Mapping[str, int], min_cell: int = MIN_CELL
) -> dict[str, int | None]:
    """The counts with small cells (and one partner when needed) as None."""
    out: dict[str, int | None] = {
        key: None if is_small(value, min_cell) else value
        for key, value in counts.items()
    }
    hidden = [key for key, value in out.items() if value is None]
    if len(hidden) == 1:
        shown = sorted(
            (value, key)
            for key, value in out.items()
            if value  # non-zero, shown
        )
        zeros = [key for key, value in out.items() if value == 0]
        if shown:
            out[shown[0][1]] = None
        elif zeros:
            out[zeros[0]] = None
    return out
