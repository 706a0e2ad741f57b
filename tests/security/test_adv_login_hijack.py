"""Adversary: a facilitator reaching beyond their process by binding someone
else's registry entry to a login they control.

README, "A facilitator reaching beyond their process": "nobody can link someone
else's login to a person ... an invitation grants exactly its seat (a person's
other seats need their own)". The facilitator of process A can read the
organisation's registry and seat anyone in A. They seat a colleague's invitee P
(no login yet) in A, make an invitation and accept it themselves with a new
login: P's registry entry is now bound to the facilitator's login. From then on
every seat made for P in any process of the organisation, including one A's
facilitator does not manage, is taken up at once by that login, and an
invitation sent to the real P can only be accepted by it.
"""

from __future__ import annotations

import pytest

from backchannel.core.errors import NotFound
from backchannel.participants.logins import login_user
from backchannel.participants.services import (
    invitation_accept,
    invitation_create,
    person_create,
    seat_create,
)
from backchannel.processes.access import access_process_by_id
from backchannel.processes.rules import ground_rules_version
from tests.world import World


def test_a_facilitator_cannot_bind_a_registry_person_and_follow_them(
    world: World,
) -> None:
    facilitator = world.access("facilitator")  # of world.process only
    with pytest.raises(NotFound):
        access_process_by_id(world.users["facilitator"], world.other_process.pk)
    victim = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Invitee of another process",
        gender="woman",
        capacity="expert",
        level="key_person",
    )
    # The facilitator seats the victim in their own process and takes the
    # invitation up themselves, with a login of their own making.
    north = world.process.sides.order_by("position")[0]
    seat = seat_create(
        access=facilitator, person=victim, role="participant", side=north
    )
    _, code = invitation_create(access=facilitator, seat=seat)
    invitation_accept(
        code=code,
        user=None,
        accept_rules=True,
        rules_version=ground_rules_version(world.process),
        username="sock-puppet",
        password="a-long-enough-password-123",
    )
    victim.refresh_from_db()
    sock = login_user(victim)
    assert sock is not None and sock.username == "sock-puppet"

    # Later, the organisation's convener seats the same person in another process.
    other = access_process_by_id(world.users["org_convener"], world.other_process.pk)
    east = world.other_process.sides.order_by("position")[0]
    seat_create(access=other, person=victim, role="participant", side=east)
    with pytest.raises(NotFound):
        access_process_by_id(sock, world.other_process.pk)
