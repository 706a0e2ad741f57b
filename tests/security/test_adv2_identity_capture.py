"""Adversary (round 2): a facilitator captures a person of another process.

README, "A facilitator reaching beyond their process": "nobody can link
someone else's login to a person", "an invitation grants exactly its seat",
and "a login tied to a person (even by a facilitator's sock puppet) never
follows that person into another process".

The registry is organisation-wide, and a facilitator of process A may seat
anyone of it in A. So a facilitator of A seats Rana, who is invited to
process B (where the facilitator has no role) and has no login yet, invites
that new seat in A and accepts it with a sock puppet login. Rana's person is
now tied to the puppet, for the whole organisation: when B's convener hands
Rana her own invitation to B, she cannot take it up with a login of her own
("You already have a login for this organisation: log in with it"); only the
facilitator's puppet can. One facilitator thus decides who may take up a seat
in a process they do not manage, and locks its real holder out.
"""

from __future__ import annotations

import pytest

from backchannel.participants.services import (
    invitation_accept,
    invitation_create,
    person_create,
    seat_create,
)
from backchannel.processes.access import access_process_by_id
from backchannel.processes.rules import ground_rules_version
from tests.world import PASSWORD, World


@pytest.mark.xfail(
    strict=True,
    reason="adversary finding: a facilitator's sock puppet captures a person of "
    "another process and locks them out of their own seat there",
)
def test_a_facilitator_cannot_lock_a_person_out_of_another_process(
    world: World,
) -> None:
    convener_b = access_process_by_id(
        world.users["org_convener"], world.other_process.pk
    )
    rana = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Rana Quill",
        gender="woman",
        capacity="expert",
        level="broader",
    )
    east = world.other_process.sides.order_by("position")[0]
    seat_b = seat_create(access=convener_b, person=rana, role="participant", side=east)

    # The facilitator of A (no role in B) seats Rana in A and takes the seat
    # up with a login of their own.
    facilitator_a = world.access("facilitator")
    north = world.process.sides.order_by("position")[0]
    seat_a = seat_create(
        access=facilitator_a, person=rana, role="participant", side=north
    )
    _, code_a = invitation_create(access=facilitator_a, seat=seat_a)
    invitation_accept(
        code=code_a,
        user=None,
        username="puppet-of-facilitator",
        password=PASSWORD,
        accept_rules=True,
        rules_version=ground_rules_version(world.process),
    )

    # B's convener invites Rana to her seat in B; Rana accepts with her own login.
    _, code_b = invitation_create(access=convener_b, seat=seat_b)
    seat = invitation_accept(
        code=code_b,
        user=None,
        username="rana-quill",
        password=PASSWORD,
        accept_rules=True,
        rules_version=ground_rules_version(world.other_process),
    )
    assert seat.person.user is not None
    assert seat.person.user.username == "rana-quill"
