"""``backchannel person``: the login link rule of the person page, on the
command line, through the same services (``participants.links``)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from backchannel.core.models import AuditEvent
from backchannel.participants.logins import is_login_of
from backchannel.participants.models import Seat
from tests.world import World

pytestmark = pytest.mark.django_db


def _person(world: World, *args: str) -> str:
    out = io.StringIO()
    call_command("person", *args, stdout=out)
    return out.getvalue()


def test_a_convener_sees_and_unlinks_a_login(world: World) -> None:
    person = world.people["participant"]
    participant = world.users["participant"]
    ref = str(person.pk)[:8]
    shown = _person(world, "login", ref, "--as", "org-convener")
    username, since, through = shown.rstrip("\n").split("\t")
    assert username == participant.username
    assert since.startswith("since 2") and through == f"through {world.process.title}"

    done = _person(world, "unlink-login", ref, "--as", "org-convener")
    assert done == (
        f"Unlinked {participant.username}; 1 seat(s) ended. Invite the person again.\n"
    )
    person.refresh_from_db()
    assert person.login_index is None
    assert Seat.objects.get(pk=world.seats["participant"].pk).left_on is not None
    assert AuditEvent.objects.filter(
        verb="person.login_unlink", target_id=str(person.pk)
    ).exists()
    assert _person(world, "login", ref, "--as", "org-convener") == (
        "No login is linked to this person.\n"
    )
    with pytest.raises(CommandError, match="no login linked"):
        _person(world, "unlink-login", ref, "--as", "org-convener")


def test_a_facilitator_is_refused_with_the_rule_named(world: World) -> None:
    ref = str(world.people["participant"].pk)
    for action in ("login", "unlink-login"):
        with pytest.raises(CommandError, match="Only a convener of the organisation"):
            _person(world, action, ref, "--as", "facilitator")
    world.people["participant"].refresh_from_db()
    assert is_login_of(world.people["participant"], world.users["participant"])


def test_another_organisations_person_is_not_found(world: World) -> None:
    ref = str(world.people["participant"].pk)
    with pytest.raises(CommandError, match="person"):
        _person(world, "login", ref, "--as", "outsider")
    with pytest.raises(CommandError, match="No active user"):
        _person(world, "login", ref, "--as", "nobody-at-all")
