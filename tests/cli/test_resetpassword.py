"""A forgotten password: no email here, the operator sets a new one."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from backchannel.accounts.models import User
from backchannel.core.models import AuditEvent
from tests.world import PASSWORD, World


def resetpassword(*args: str, stdin: str) -> str:
    out = io.StringIO()
    call_command("resetpassword", *args, stdout=out, stdin=io.StringIO(stdin))
    return out.getvalue()


def test_a_new_password_works_and_ends_the_users_sessions(
    world: World, client: Client
) -> None:
    from backchannel.accounts.models import ApiToken
    from backchannel.accounts.services import api_token_create

    user = world.users["facilitator"]
    api_token_create(user=user, label="made by whoever knew the old password")
    client.force_login(user)
    home = reverse("processes:process-detail", args=[world.process.pk])
    assert client.get(home).status_code == 200
    out = resetpassword(
        "Facilitator", "--password-stdin", stdin="a-new-long-secret-2026\n"
    )
    assert out == (
        "New password set for facilitator; their sessions have ended and their "
        "API tokens are revoked.\n"
    )
    assert not ApiToken.objects.filter(user=user).exists()
    user.refresh_from_db()
    assert user.check_password("a-new-long-secret-2026")
    assert not user.check_password(PASSWORD)
    # The session opened with the old password is gone.
    response = client.get(home)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    event = AuditEvent.objects.filter(verb="user.password_reset").get()
    assert event.target_id == str(user.pk) and event.actor_id is None


def test_a_weak_password_or_an_unknown_user_changes_nothing(world: World) -> None:
    user = world.users["facilitator"]
    before = User.objects.get(pk=user.pk).password
    with pytest.raises(CommandError, match="password was not changed") as caught:
        resetpassword("facilitator", "--password-stdin", stdin="short\n")
    assert "too short" in str(caught.value)
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        resetpassword("nobody", "--password-stdin", stdin="a-new-long-secret-2026\n")
    with pytest.raises(CommandError, match="No password on standard input"):
        resetpassword("facilitator", "--password-stdin", stdin="")
    assert User.objects.get(pk=user.pk).password == before
    assert not AuditEvent.objects.filter(verb="user.password_reset").exists()


def test_the_login_page_points_to_the_operator_not_to_an_email(
    client: Client, db: None
) -> None:
    html = client.get(reverse("login")).content.decode()
    assert 'href="/accounts/password/reset/"' in html
    page = client.get("/accounts/password/reset/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "backchannel resetpassword USERNAME" in text
    assert "<form" not in text.split('id="main"')[1].split("</main>")[0]
    assert (
        client.post("/accounts/password/reset/", {"email": "x@y.z"}).status_code == 405
    )
