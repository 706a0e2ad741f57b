"""Differencing on shared feedback: what participants see never moves.

The attack: a facilitator shares a version's results while it is still open;
a participant notes the per-side counts, a known colleague answers, the
participant looks again: the difference is the colleague's stance. Results
are now shared only once a version is closed, and participants see the
figures computed once, at that first sharing (as trust rounds publish theirs
at close): nothing done afterwards, a removal, a seat moved, unsharing and
sharing again, changes them.
"""

from __future__ import annotations

import pytest

from backchannel.core.errors import ValidationFailed
from backchannel.ideas.models import Feedback, IdeaVersion
from backchannel.ideas.selectors import version_ground_for
from backchannel.ideas.services import (
    feedback_record,
    feedback_remove,
    idea_version_update,
)
from backchannel.participants.services import seat_delete, seat_update
from tests.ideas.factories import first_version, float_idea, give, seats_on, sides
from tests.world import World


def _seen(world: World, version: IdeaVersion) -> list[tuple[str, object, object]]:
    version.refresh_from_db()
    view = version_ground_for(world.access("participant"), version)
    return [
        (str(c.side.pk), c.responses, tuple(sorted(c.counts.items())))
        for c in view.cells
    ] + [("score", view.score, view.lenient_score)]


def test_results_of_an_open_version_cannot_be_shared(world: World) -> None:
    north, south = sides(world)
    version = first_version(float_idea(world.access()))
    give(seats_on(world, north, 3), version, "acceptable")
    give(seats_on(world, south, 3), version, "acceptable")
    with pytest.raises(ValidationFailed, match="Close version 1 for feedback before"):
        idea_version_update(access=world.access(), version=version, results_shared=True)
    version.refresh_from_db()
    assert not version.results_shared and version.published is None
    # The attack: look, let a colleague answer, look again: nothing to see.
    before = version_ground_for(world.access("participant"), version)
    feedback_record(
        access=world.access("participant"), version=version, stance="unacceptable"
    )
    after = version_ground_for(world.access("participant"), version)
    assert not before.visible and not after.visible and after.cells == []


def test_a_version_shared_while_open_before_this_rule_shows_nothing(
    world: World,
) -> None:
    north, south = sides(world)
    version = first_version(float_idea(world.access()))
    give(seats_on(world, north, 3), version, "acceptable")
    give(seats_on(world, south, 3), version, "acceptable")
    IdeaVersion.objects.filter(pk=version.pk).update(results_shared=True)
    assert _seen(world, version) == [("score", None, None)]


def test_shared_results_are_computed_once_and_never_move(world: World) -> None:
    north, south = sides(world)
    version = first_version(float_idea(world.access()))
    north_seats = seats_on(world, north, 4)
    give(north_seats, version, "acceptable")
    give(seats_on(world, south, 3), version, "unacceptable")
    idea_version_update(
        access=world.access(), version=version, closed=True, results_shared=True
    )
    shared = _seen(world, version)
    assert ("score", None, None) != shared[-1] and len(shared) == 3
    # A removal at a participant's request, a seat moved, a seat removed:
    feedback_remove(
        access=world.access(),
        feedback=Feedback.objects.get(version=version, seat=north_seats[0]),
    )
    seat_update(access=world.access(), seat=north_seats[1], side=south)
    seat_delete(access=world.access(), seat=north_seats[2])
    assert _seen(world, version) == shared
    # Unshared, then shared again: the same figures, not recomputed.
    idea_version_update(access=world.access(), version=version, results_shared=False)
    idea_version_update(access=world.access(), version=version, results_shared=True)
    assert _seen(world, version) == shared
    # The managers' own view is live (they read the individual responses anyway).
    live = version_ground_for(world.access("facilitator"), version)
    assert live.cells[0].responses != shared[0][1]


def test_a_version_whose_results_were_shared_cannot_be_reopened(
    world: World,
) -> None:
    version = first_version(float_idea(world.access()))
    idea_version_update(
        access=world.access(), version=version, closed=True, results_shared=True
    )
    for changes in ({"closed": False}, {"closed": False, "results_shared": False}):
        with pytest.raises(ValidationFailed, match="cannot be reopened"):
            idea_version_update(access=world.access(), version=version, **changes)
    version.refresh_from_db()
    assert version.closed and version.results_shared
