"""The join form keeps what the invitee entered when it comes back with
errors (issue 16, a newcomer's walk): the username and the ticked ground
rules stay, the passwords are never sent back."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from backchannel.processes.rules import DEFAULT_RULES_VERSION
from tests.participants.test_invitations import _invite, _newcomer
from tests.world import PASSWORD, World

pytestmark = pytest.mark.django_db

CHECKBOX = re.compile(r'<input type="checkbox" name="accept_rules"[^>]*>')


def _inputs(html: str) -> dict[str, str]:
    return {
        m["name"]: m["tag"]
        for m in re.finditer(r'(?P<tag><input[^>]* name="(?P<name>\w+)"[^>]*>)', html)
    }


def _post(client: Client, **fields: str) -> str:
    data = {
        "username": "nadia",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_rules": "on",
        "rules_version": DEFAULT_RULES_VERSION,
        **fields,
    }
    response = client.post("/join/accept/", {k: v for k, v in data.items() if v})
    assert response.status_code == 422
    return response.content.decode()


@pytest.fixture
def invited(world: World) -> Client:
    _, code = _invite(world, _newcomer(world))
    client = Client()
    client.get(f"/join/{code}/")
    return client


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"password2": PASSWORD + "x"}, "The two passwords differ"),
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"username": "@taken"}, "is taken"),
    ],
)
def test_the_form_keeps_the_username_and_the_ticked_rules(
    world: World, invited: Client, fields: dict[str, str], error: str
) -> None:
    if fields.get("username") == "@taken":  # someone else's login
        fields = {"username": world.users["participant"].username}
    html = _post(invited, **fields)
    assert error in html
    inputs = _inputs(html)
    assert " checked" in inputs["accept_rules"]
    username = fields.get("username", "nadia")
    assert f'value="{username}"' in inputs["username"]
    for name in ("password1", "password2"):
        assert "value=" not in inputs[name]  # never sent back
    assert PASSWORD not in html


def test_an_unticked_box_stays_unticked_and_says_why(invited: Client) -> None:
    html = _post(invited, accept_rules="")
    assert " checked" not in _inputs(html)["accept_rules"]
    assert 'value="nadia"' in _inputs(html)["username"]
