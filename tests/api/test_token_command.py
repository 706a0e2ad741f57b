"""``backchannel token create USERNAME``: the token is printed once and works."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from backchannel.accounts.models import ApiToken
from backchannel.accounts.services import api_token_user
from tests.api.conftest import Api


def test_it_prints_a_working_token_once_and_stores_only_its_hash(api: Api) -> None:
    out = StringIO()
    call_command("token", "create", "rapporteur", label="notes laptop", stdout=out)
    token, summary = out.getvalue().splitlines()
    assert api_token_user(token) == api.world.users["rapporteur"]
    assert "rapporteur" in summary
    assert "only this once" in summary
    stored = ApiToken.objects.get(label="notes laptop")
    assert stored.token_hash == ApiToken.hash(token)
    assert token not in summary
    assert api.call(None, "GET", "/api/me", token=token).body["username"] == (
        "rapporteur"
    )


def test_an_unknown_user_is_an_operator_mistake(api: Api) -> None:
    with pytest.raises(CommandError, match="No active user 'nobody'"):
        call_command("token", "create", "nobody")
    assert not ApiToken.objects.filter(label="").exists()


def test_a_label_too_long_is_refused(api: Api) -> None:
    with pytest.raises(CommandError, match="label"):
        call_command("token", "create", "observer", label="x" * 101)
