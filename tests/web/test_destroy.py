"""Crypto-shredding from the web: two managers, each re-authenticated."""

from __future__ import annotations

import datetime as dt
import time

from django.test import Client
from django.urls import reverse

from backchannel.processes.models import DestroyRequest, Process
from backchannel.processes.services import process_update
from tests.world import World


def reauthenticated(client: Client) -> Client:
    """Mark the session as just re-authenticated, as allauth's flow does."""
    from allauth.account.internal.flows import login

    session = client.session
    session[login._AUTHENTICATION_METHODS_USER_SESSION_KEY] = session["_auth_user_id"]
    session[login.AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session.save()
    return client


def _act(client: Client, world: World, action: str) -> object:
    return client.post(
        reverse("processes:process-destroy-action", args=[world.process.pk, action])
    )


def test_one_manager_requests_and_a_second_confirms(
    world: World, client: Client
) -> None:
    client.force_login(world.users["facilitator"])
    reauthenticated(client)
    assert (
        client.get(
            reverse("processes:process-destroy", args=[world.process.pk])
        ).status_code
        == 200
    )
    _act(client, world, "request")
    assert DestroyRequest.objects.filter(process=world.process).exists()
    # The requester cannot confirm alone.
    assert _act(client, world, "confirm").status_code == 403
    assert Process.objects.filter(pk=world.process.pk).exists()

    second = Client()
    second.force_login(world.users["convener"])
    reauthenticated(second)
    response = _act(second, world, "confirm")
    assert response.status_code == 302
    assert not Process.objects.filter(pk=world.process.pk).exists()


def test_non_managers_cannot_request_or_confirm(world: World, client: Client) -> None:
    for role in ("rapporteur", "participant", "observer", "interpreter"):
        client.force_login(world.users[role])
        reauthenticated(client)
        assert (
            client.get(
                reverse("processes:process-destroy", args=[world.process.pk])
            ).status_code
            == 404  # a page a role may not open answers like a random id
        )
        assert _act(client, world, "request").status_code == 403
    for role in ("staff", "outsider"):
        client.force_login(world.users[role])
        reauthenticated(client)
        assert _act(client, world, "request").status_code == 404
    assert not DestroyRequest.objects.exists()


def test_destroying_asks_for_the_password_again_then_resumes(
    world: World, client: Client, password: str
) -> None:
    client.force_login(world.users["facilitator"])
    response = _act(client, world, "request")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not DestroyRequest.objects.exists()
    resumed = client.post(response["Location"], {"password": password}, follow=True)
    assert resumed.status_code == 200
    assert DestroyRequest.objects.filter(process=world.process).exists()


def test_the_dashboard_warns_before_the_retention_date(
    world: World, client: Client
) -> None:
    process_update(
        access=world.access(),
        retention_until=dt.date.today() + dt.timedelta(days=12),  # noqa: DTZ011
    )
    client.force_login(world.users["facilitator"])
    html = client.get(
        reverse("processes:process-detail", args=[world.process.pk])
    ).content
    # Kept until today + 12, destroyed the day after: 13 days (issue 22, 8).
    destroy_on = dt.date.today() + dt.timedelta(days=13)  # noqa: DTZ011
    assert b"due for destruction" in html and b"13 days left" in html
    assert f"destruction on {destroy_on.day} {destroy_on:%b %Y}".encode() in html
