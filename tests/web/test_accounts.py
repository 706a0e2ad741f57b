"""Logging in and out, and API tokens."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from backchannel.accounts.models import ApiToken
from backchannel.accounts.services import api_token_user
from tests.web.conftest import WebWorld, as_role


def test_logging_in_leads_to_my_processes(
    client: Client, web: WebWorld, password: str
) -> None:
    response = client.post(
        reverse("login"), {"login": "participant", "password": password}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("processes:process-list")


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: Client, web: WebWorld
) -> None:
    response = client.post(
        reverse("login"), {"login": "participant", "password": "nope"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and "not correct" in html
    assert '<label for="id_login"' in html and '<label for="id_password"' in html


def test_logging_out_takes_a_post_and_ends_the_session(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "participant")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("processes:process-list")).status_code == 302


def test_a_new_token_is_shown_once_and_works(client: Client, web: WebWorld) -> None:
    as_role(client, web.world, "rapporteur")
    response = client.post(reverse("accounts:token-create"), {"label": "export script"})
    assert response.status_code == 200
    plaintext = re.search(r"bc_[A-Za-z0-9_-]+", response.content.decode()).group(0)
    assert api_token_user(plaintext) == web.users["rapporteur"]
    listing = client.get(reverse("accounts:token-list")).content.decode()
    assert plaintext not in listing
    token = ApiToken.objects.get(user=web.users["rapporteur"])
    assert token.prefix in listing and "export script" in listing


def test_the_token_list_shows_only_my_tokens(client: Client, web: WebWorld) -> None:
    for role in ("participant", "observer"):
        as_role(client, web.world, role)
        client.post(reverse("accounts:token-create"), {"label": f"{role} laptop"})
    html = client.get(reverse("accounts:token-list")).content.decode()
    assert "observer laptop" in html and "participant laptop" not in html
