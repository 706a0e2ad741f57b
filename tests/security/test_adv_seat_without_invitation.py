"""Adversary (a manager reaching past consent): a login holds a seat it never
accepted.

README, Security model: "A login comes to hold a seat only when its owner
accepts an invitation for that seat ... an invitation grants exactly its seat (a
person's other seats need their own)"; Access: a user sees a process only if
they hold a seat "taken up through an accepted invitation". ``seat_create`` for
a person whose login is already linked sets ``joined_on`` at once: a manager of
another process of the organisation seats a participant there (any role,
facilitator included) and that login opens the process at once, without an
invitation, without accepting its ground rules. A single facilitator can do the
same with a second login of their own and use it as the "different" manager
that confirms a gate override or a destruction.
"""

from __future__ import annotations

import pytest

from backchannel.core.errors import NotFound
from backchannel.participants.logins import is_login_of
from backchannel.participants.services import seat_create
from backchannel.processes.access import access_process_by_id
from tests.world import World


def test_a_seat_made_for_someone_with_a_login_waits_for_their_acceptance(
    world: World,
) -> None:
    person = world.people["participant"]
    user = world.users["participant"]
    assert is_login_of(person, user)
    other = access_process_by_id(world.users["org_convener"], world.other_process.pk)
    seat = seat_create(access=other, person=person, role="facilitator")
    assert seat.joined_on is None, "the seat was taken up without an invitation"
    with pytest.raises(NotFound):
        access_process_by_id(user, world.other_process.pk)
