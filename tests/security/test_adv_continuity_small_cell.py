"""Adversary (differencing, small cells): a side's round is "fewer than 3",
yet its continuity cell counts them.

README: once a round is closed managers see figures "from three answers
('fewer than 3' otherwise ...)"; the report's "counts of people under 3 read
'fewer than 3', in the page, the PDF and the API alike". Cohort continuity is
suppressed only when the *previous* round was small: when the current round has
two respondents on a side, its trust figures say "fewer than 3" but continuity
gives ``returned == 2`` (``share`` 2/previous; in the demo, Ostrel's "After the
working group": 2 of 6, 33%, in the API and the report).
"""

from __future__ import annotations

import datetime as dt

from backchannel.evaluation.services import (
    answers_record,
    round_create,
    round_update,
)
from backchannel.evaluation.trust import cohort_continuity, trust_trends
from backchannel.processes.access import ProcessAccess
from tests.ideas.factories import seats_on, sides
from tests.world import World


def test_continuity_of_a_side_under_three_is_suppressed(world: World) -> None:
    north, _south = sides(world)
    seats = seats_on(world, north, 4)
    rounds = [
        round_create(access=world.access(), title=t, held_on=d, status="open")
        for t, d in (("2024", dt.date(2024, 5, 1)), ("2025", dt.date(2025, 5, 1)))
    ]
    for seat in seats:
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=rounds[0],
            answers={"openness": 3},
        )
    for seat in seats[:2]:  # two come back: the round shows "fewer than 3"
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=rounds[1],
            answers={"openness": 4},
        )
    for r in rounds:
        round_update(access=world.access(), trust_round=r, changes={"status": "closed"})
    trends = trust_trends(world.process)
    north_now = next(s for s in trends.rounds[1].sides if s.side.id == north.pk)
    assert north_now.suppressed  # the round itself hides the side
    _first, second = cohort_continuity(world.process)
    cell = next(c for c in second.sides if c.side.id == north.pk)
    assert cell.suppressed and cell.returned is None and cell.share is None, (
        f"continuity shows {cell.returned} of {cell.previous} came back "
        "for a side the round shows as fewer than 3"
    )
