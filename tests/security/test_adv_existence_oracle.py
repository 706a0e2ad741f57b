"""Adversary: an interpreter, who may not see the roster, tells a seat that
exists from a random id by asking to change it.

README, Access: "an object that does not exist and one you may not see answer
the same (404), on the web and in the API, for every role ... A 403 is left only
for a change refused to a role that sees the object". The interpreter reads
``GET /api/seats/<id>`` as 404 (it does not see the seat), yet
``PATCH /api/seats/<id>`` answers 403 for a real seat and 404 for a random id.
"""

from __future__ import annotations

import uuid

from django.test import Client

from backchannel.accounts.services import api_token_create
from tests.world import World


def _call(client: Client, token: str, method: str, path: str) -> tuple[int, bytes]:
    response = client.generic(
        method,
        path,
        data=b"{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    return response.status_code, response.content


def test_an_interpreter_cannot_tell_a_hidden_seat_from_a_random_id(
    world: World,
) -> None:
    _, token = api_token_create(user=world.users["interpreter"])
    client = Client()
    seat = world.seats["participant"]
    seen = _call(client, token, "GET", f"/api/seats/{seat.pk}")
    assert seen[0] == 404  # the interpreter does not see the seat...
    real = _call(client, token, "PATCH", f"/api/seats/{seat.pk}")
    random = _call(client, token, "PATCH", f"/api/seats/{uuid.uuid4()}")
    # ...so asking to change it must answer like a random id.
    assert real == random, (real, random)
