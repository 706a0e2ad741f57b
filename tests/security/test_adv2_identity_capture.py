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
from django.test import Client

from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.models import AuditEvent
from backchannel.participants.links import login_link_for, person_login_unlink
from backchannel.participants.logins import login_name, login_user
from backchannel.participants.services import (
    invitation_accept,
    invitation_create,
    person_create,
    seat_create,
)
from backchannel.processes.access import access_process_by_id
from backchannel.processes.rules import ground_rules_version
from tests.world import PASSWORD, World


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
    # The fix refuses this invitation (Rana sits in B, which the facilitator
    # does not manage): the chain may stop here, with the rule named.
    try:
        _, code_a = invitation_create(access=facilitator_a, seat=seat_a)
    except PermissionDenied as refused:
        assert "only a convener of the organisation" in str(refused)
    else:
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
    assert login_name(seat.person) == "rana-quill"


def test_a_convener_sees_and_unlinks_a_captured_login(world: World) -> None:
    """The other order: Rana is linked (by a facilitator's puppet in A) before B
    seats her. B's invitation is refused with a new login; the organisation's
    convener sees the link on Rana's page, unlinks it (the puppet's seat in A
    ends), and Rana takes up her seat in B with a login of her own."""
    convener = world.users["org_convener"]
    rana = person_create(
        actor=convener,
        organisation=world.org,
        name="Rana Quill",
        gender="woman",
        capacity="expert",
        level="broader",
    )
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
    convener_b = access_process_by_id(convener, world.other_process.pk)
    east = world.other_process.sides.order_by("position")[0]
    seat_b = seat_create(access=convener_b, person=rana, role="participant", side=east)
    _, code_b = invitation_create(access=convener_b, seat=seat_b)
    with pytest.raises(ValidationFailed, match="already have a login"):
        invitation_accept(
            code=code_b,
            user=None,
            username="rana-quill",
            password=PASSWORD,
            accept_rules=True,
            rules_version=ground_rules_version(world.other_process),
        )

    rana.refresh_from_db()
    assert login_link_for(world.users["facilitator"], rana) is None  # conveners only
    link = login_link_for(convener, rana)
    assert link is not None and link.username == "puppet-of-facilitator"
    assert link.process_title == str(world.process.title) and link.since is not None
    client = Client()
    assert client.login(username=convener.username, password=PASSWORD)
    page = client.get(f"/people/{rana.pk}/edit/").content.decode()
    assert "puppet-of-facilitator" in page

    with pytest.raises(PermissionDenied):
        person_login_unlink(actor=world.users["facilitator"], person=rana)
    puppet = login_user(rana)
    # Unlinked through the web page (the same service): the puppet's seat ends.
    reply = client.post(f"/people/{rana.pk}/login/unlink/")
    assert reply.status_code == 302
    seat_a.refresh_from_db()
    rana.refresh_from_db()
    assert login_user(rana) is None and seat_a.left_on is not None
    assert AuditEvent.objects.filter(
        verb="person.login_unlink", actor=convener, target_id=str(rana.pk)
    ).exists()
    with pytest.raises(NotFound):
        access_process_by_id(puppet, world.process.pk)

    _, code_b = invitation_create(access=convener_b, seat=seat_b)
    seat = invitation_accept(
        code=code_b,
        user=None,
        username="rana-quill",
        password=PASSWORD,
        accept_rules=True,
        rules_version=ground_rules_version(world.other_process),
    )
    assert login_name(seat.person) == "rana-quill"
