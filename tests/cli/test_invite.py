"""``backchannel invite``: the same services as the web and the API."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from backchannel.participants import services
from backchannel.participants.models import Invitation
from backchannel.processes.access import access_process_by_id
from tests.world import World

pytestmark = pytest.mark.django_db


def _pending_seat(world: World):
    access = access_process_by_id(world.users["org_convener"], world.process.pk)
    person = services.person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Cli Cora",
        gender="woman",
        capacity="expert",
        level="broader",
    )
    return services.seat_create(
        access=access,
        person=person,
        role="participant",
        side=world.process.sides.first(),
    )


def test_create_list_and_revoke(world: World, tmp_path) -> None:
    seat = _pending_seat(world)
    out = io.StringIO()
    call_command(
        "invite",
        "create",
        str(world.process.pk),
        str(seat.pseudonym),
        "--as",
        "facilitator",
        "--qr",
        str(tmp_path),
        stdout=out,
        stderr=io.StringIO(),
    )
    code = out.getvalue().split("\t")[1]
    assert services.invitation_find(code).seat_id == seat.pk
    assert (
        (tmp_path / f"invitation-{seat.pseudonym}.svg").read_text().startswith("<svg")
    )
    listing = io.StringIO()
    call_command(
        "invite", "list", str(world.process.pk), "--as", "facilitator", stdout=listing
    )
    invitation = Invitation.objects.get(seat=seat)
    assert f"{invitation.pk}\t{seat.pseudonym}\tpending" in listing.getvalue()
    call_command(
        "invite",
        "revoke",
        str(invitation.pk),
        "--as",
        "facilitator",
        stdout=io.StringIO(),
    )
    invitation.refresh_from_db()
    assert invitation.state == "revoked"


def test_a_non_manager_gets_a_clear_refusal(world: World) -> None:
    seat = _pending_seat(world)
    with pytest.raises(CommandError, match="--as names a convener or facilitator"):
        call_command(
            "invite",
            "create",
            str(world.process.pk),
            str(seat.pseudonym),
            "--as",
            "participant",
        )
    with pytest.raises(CommandError, match="No seat has the code"):
        call_command(
            "invite", "create", str(world.process.pk), "Q-77", "--as", "facilitator"
        )
    # (The world's own seats were taken up through accepted invitations.)
    assert not Invitation.objects.filter(seat=seat).exists()
