"""Adversary (round 2): one facilitator turns both keys of the gate override.

README: "A release needs a clean gate, or an override asked by one manager
with a reason and confirmed by a *different* one"; destroying a process is "a
request by one convener or facilitator confirmed by a second".

"Different" is checked by login only. A facilitator may seat anyone as a
facilitator and invite that seat; accepting the invitation with a second login
of their own (a sock puppet, with its own second factor) gives them a second
manager. The facilitator then asks for the override and the puppet confirms
it: an output naming a participant is released, frozen and entered in the
ledger's reach with no second person ever involved. Nothing marks the
puppet's seat as new or its login as the requester's: the two-person rule
rests on a role any single manager can mint.
"""

from __future__ import annotations

import pytest

from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.participants.services import (
    invitation_accept,
    invitation_create,
    person_create,
    seat_create,
)
from backchannel.processes.access import access_process_by_id
from backchannel.processes.rules import ground_rules_version
from backchannel.transfer import services
from tests.transfer.factories import NAME, make_output, named_seat
from tests.world import PASSWORD, World


@pytest.mark.xfail(
    strict=True,
    reason="adversary finding: a facilitator's sock-puppet facilitator confirms "
    "their own gate override",
)
def test_one_facilitator_cannot_turn_both_keys(world: World) -> None:
    named_seat(world)
    facilitator = world.access("facilitator")
    output = make_output(facilitator, body=f"{NAME} proposed the gauge station.")

    # The facilitator mints a second manager: a facilitator seat for an
    # invented person, taken up with a login of their own.
    puppet_person = person_create(
        actor=world.users["facilitator"],
        organisation=world.org,
        name="Co-facilitator",
        gender="undisclosed",
        capacity="other",
        level="broader",
    )
    seat = seat_create(access=facilitator, person=puppet_person, role="facilitator")
    _, code = invitation_create(access=facilitator, seat=seat)
    taken = invitation_accept(
        code=code,
        user=None,
        username="second-key",
        password=PASSWORD,
        accept_rules=True,
        rules_version=ground_rules_version(world.process),
    )
    puppet = access_process_by_id(taken.person.user, world.process.pk)

    services.override_request(
        access=facilitator, output=output, reason="The workshop needs it."
    )
    try:
        services.override_confirm(access=puppet, output=output)
    except (PermissionDenied, ValidationFailed):
        pass
    output.refresh_from_db()
    assert not output.released, "released on two keys held by one person"
