"""Deeply nested JSON (``[`` × 200,000) is refused with a clear message.

On the old code the parser recursed once per level and ended in a
``RecursionError``: a 500 with a traceback on the public vote endpoint, a
traceback from ``backchannel import`` and ``backchannel restore``. Every
JSON-reading entry point now answers 400 (or a one-line CLI error).
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from backchannel.accounts.services import api_token_create
from backchannel.consultations.models import Ballot
from backchannel.core.backup import _line
from backchannel.core.uploads import InputRefused, json_loads
from tests.consultations.conftest import make_consultation
from tests.hostile.test_hostile_restore import MANIFEST, counts, empty_database, sealed
from tests.world import World

DEEP = "[" * 200_000 + "]" * 200_000
DEEP_OBJECT = '{"a":' * 200_000 + "1" + "}" * 200_000
SHALLOW_BUT_TOO_DEEP = "[" * 500 + "]" * 500  # parses, yet no document nests so


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT, SHALLOW_BUT_TOO_DEEP])
def test_the_public_vote_endpoint_refuses_deep_json_with_400(
    world: World, body: str
) -> None:
    opened = make_consultation(world)
    response = Client(raise_request_exception=False).post(
        opened.json_url, body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested more than 64 levels deep" in response.json()["detail"]
    assert Ballot.objects.count() == 0


def test_the_api_refuses_deep_json_with_400(world: World) -> None:
    _, token = api_token_create(user=world.users["facilitator"])
    response = Client(raise_request_exception=False).post(
        f"/api/processes/{world.process.pk}/sides",
        DEEP,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("The request body: JSON nested more than 64 levels")


def test_import_refuses_deep_json_with_one_line(world: World, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(DEEP, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import", str(path), stdout=io.StringIO())
    message = str(caught.value)
    assert "\n" not in message
    assert "nested more than 64 levels deep" in message


def test_restore_refuses_a_deep_line_and_restores_nothing(
    world: World, tmp_path: Path
) -> None:
    empty_database()
    before = counts()
    path = tmp_path / "deep.bcbk"
    path.write_bytes(sealed(gzip.compress(_line(MANIFEST) + DEEP.encode() + b"\n")))
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(path), stdout=io.StringIO())
    message = str(caught.value)
    assert "Line 2 of the backup" in message
    assert "nested more than 64 levels deep" in message
    assert counts() == before


def test_ordinary_nesting_still_parses() -> None:
    value: Any = json_loads('{"a": [{"b": [1, 2, {"c": null}]}]}', label="x")
    assert value == {"a": [{"b": [1, 2, {"c": None}]}]}
    assert json_loads("[" * 64 + "]" * 64, label="x") is not None
    with pytest.raises(InputRefused):
        json_loads("[" * 65 + "]" * 65, label="x")
