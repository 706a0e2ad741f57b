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
from backchannel.participants.logins import login_user
from backchannel.participants.services import (
    invitation_accept,
    invitation_create,
    person_create,
    seat_create,
)
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Process
from backchannel.processes.rules import ground_rules_version
from backchannel.processes.services import (
    process_destroy_cancel,
    process_destroy_confirm,
    process_destroy_request,
)
from backchannel.transfer import services
from tests.transfer.factories import NAME, make_output, named_seat
from tests.world import PASSWORD, World


def _mint_puppet(world: World, role: str, username: str) -> ProcessAccess:
    """``role``'s user seats an invented person as facilitator, invites the seat
    and takes it up with a second login of their own."""
    access = world.access(role)
    puppet_person = person_create(
        actor=world.users[role],
        organisation=world.org,
        name="Co-facilitator",
        gender="undisclosed",
        capacity="other",
        level="broader",
    )
    seat = seat_create(access=access, person=puppet_person, role="facilitator")
    _, code = invitation_create(access=access, seat=seat)
    taken = invitation_accept(
        code=code,
        user=None,
        username=username,
        password=PASSWORD,
        accept_rules=True,
        rules_version=ground_rules_version(world.process),
    )
    return access_process_by_id(login_user(taken.person), world.process.pk)


def test_one_facilitator_cannot_turn_both_keys(world: World) -> None:
    """The adversary's path. The fix stops it at its root: a facilitator cannot
    seat (nor invite) a facilitator, only the organisation's conveners can; so
    the chain may end there, with the rule named, or at the confirmation. Either
    way the output is not released."""
    named_seat(world)
    facilitator = world.access("facilitator")
    output = make_output(facilitator, body=f"{NAME} proposed the gauge station.")

    try:
        puppet = _mint_puppet(world, "facilitator", "second-key")
    except PermissionDenied as refused:
        assert "two-person rule" in str(refused)
        assert "organisation's conveners" in str(refused)
        puppet = None

    services.override_request(
        access=facilitator, output=output, reason="The workshop needs it."
    )
    if puppet is not None:
        try:
            services.override_confirm(access=puppet, output=output)
        except (PermissionDenied, ValidationFailed):
            pass
    output.refresh_from_db()
    assert not output.released, "released on two keys held by one person"


def test_a_facilitator_cannot_invite_to_a_facilitator_seat(world: World) -> None:
    """Seating and inviting are both doors: a managing seat the organisation's
    convener created still cannot be invited to by a facilitator."""
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Second facilitator",
        gender="undisclosed",
        capacity="other",
        level="broader",
    )
    seat = seat_create(access=world.access(), person=person, role="facilitator")
    with pytest.raises(PermissionDenied, match="two-person rule"):
        invitation_create(access=world.access("facilitator"), seat=seat)


def test_a_puppet_the_requester_minted_cannot_confirm(world: World) -> None:
    """The organisation's convener may seat facilitators, but a seat they created
    and invited cannot hold the second key to their own request: not for a
    gate override, not for destroying the process."""
    named_seat(world)
    convener = world.access()
    output = make_output(
        world.access("facilitator"), body=f"{NAME} proposed the gauge station."
    )
    puppet = _mint_puppet(world, "org_convener", "convener-second-key")

    services.override_request(
        access=convener, output=output, reason="The workshop needs it."
    )
    with pytest.raises(PermissionDenied, match="another person's"):
        services.override_confirm(access=puppet, output=output)
    output.refresh_from_db()
    assert not output.released

    process_destroy_request(access=convener)
    with pytest.raises(PermissionDenied, match="another person's"):
        process_destroy_confirm(access=puppet)
    assert Process.objects.filter(pk=world.process.pk).exists()

    # The other way round is two people: the facilitator asks, the
    # organisation's convener (whose role no seat gives) confirms.
    process_destroy_cancel(access=convener)
    services.override_request(
        access=world.access("facilitator"), output=output, reason="It is needed."
    )
    services.override_confirm(access=convener, output=output)
    output.refresh_from_db()
    assert output.released
