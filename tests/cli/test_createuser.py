from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backchannel.accounts.models import Membership, User
from backchannel.accounts.services import is_org_convener
from tests.world import World


def createuser(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    extra = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("createuser", *args, stdout=out, **extra)
    return out.getvalue()


def test_it_creates_a_convener_with_a_password_from_stdin(world: World) -> None:
    out = createuser(
        "amal",
        "--password-stdin",
        "--organisation",
        world.org.slug,
        "--role",
        "convener",
        stdin="a-long-enough-secret\n",
    )
    assert out == f"Created user amal, convener of {world.org.slug}.\n"
    user = User.objects.get(username="amal")
    assert user.check_password("a-long-enough-secret")
    assert is_org_convener(user, world.org.pk)


def test_a_member_is_staff_unless_told_otherwise(world: World) -> None:
    createuser(
        "basil",
        "--password-stdin",
        "--organisation",
        world.org.slug,
        stdin="pw-0123456789",
    )
    assert Membership.objects.get(user__username="basil").role == "staff"


def test_it_reports_every_validation_message_and_creates_nothing(world: World) -> None:
    with pytest.raises(CommandError) as refused:
        createuser("staff", "--password-stdin", stdin="short\n")
    message = str(refused.value)
    assert message.startswith("The user was not created:\n")
    assert "  username: The username 'staff' is taken: choose another." in message
    assert "  password: This password is too short." in message


def test_a_failed_membership_leaves_no_user_behind(world: World) -> None:
    with pytest.raises(CommandError, match="No organisation has the slug 'nowhere'"):
        createuser(
            "cyra", "--password-stdin", "--organisation", "nowhere", stdin="x" * 12
        )
    with pytest.raises(CommandError, match="--role needs --organisation"):
        createuser("cyra", "--password-stdin", "--role", "convener", stdin="x" * 12)
    with pytest.raises(CommandError, match="No password on standard input"):
        createuser("cyra", "--password-stdin", stdin="")
    assert not User.objects.filter(username="cyra").exists()


def test_it_asks_for_the_password_twice(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["first-password-1", "second-password-2"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="do not match"):
        createuser("dara")
    answers = iter(["same-password-1", "same-password-1"])
    assert createuser("dara") == "Created user dara.\n"
