"""The first-run page and the organisation command (issue 22, 1)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from backchannel.accounts.models import Organisation, SetupToken, User
from backchannel.accounts.services import is_org_convener, setup_token_create
from tests.web.conftest import without_csrf

FORM = {
    "organisation_name": "Institute for Dialogue",
    "organisation_slug": "idm",
    "username": "amal",
    "password1": "a-long-enough-secret",
    "password2": "a-long-enough-secret",
}


def cli(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_token_is_stored_hashed_and_opens_the_page_once(
    db: None, client: Client
) -> None:
    token, _ = setup_token_create()
    stored = SetupToken.objects.get()
    assert token not in stored.token_hash and stored.token_hash == SetupToken.hash(
        token
    )
    page = client.get(f"/setup/{token}/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    done = client.post(f"/setup/{token}/", FORM)
    assert done.status_code == 302 and done["Location"] == "/login/"
    user = User.objects.get(username="amal")
    assert is_org_convener(user, Organisation.objects.get(slug="idm").pk)
    assert not SetupToken.objects.exists()
    assert client.get(f"/setup/{token}/").status_code == 404
    again = client.post(f"/setup/{token}/", {**FORM, "username": "intruder"})
    assert again.status_code == 404 and not User.objects.filter(username="intruder")


def test_no_token_a_wrong_one_or_an_expired_one_gives_the_plain_404(
    db: None, client: Client
) -> None:
    token, _ = setup_token_create()
    missing = client.get("/no-such-page/")
    for path in ("/setup/", "/setup/x/", f"/setup/{token[:-1]}/"):
        answer = client.get(path)
        assert (answer.status_code, without_csrf(answer.content)) == (
            404,
            without_csrf(missing.content),
        ), path
    SetupToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(f"/setup/{token}/").status_code == 404
    assert client.post(f"/setup/{token}/", FORM).status_code == 404
    assert not User.objects.exists()


def test_a_refused_form_keeps_the_token_and_creates_nothing(
    db: None, client: Client
) -> None:
    token, _ = setup_token_create()
    answer = client.post(
        f"/setup/{token}/", {**FORM, "password1": "short", "password2": "short"}
    )
    assert answer.status_code == 422 and b"too short" in answer.content
    answer = client.post(f"/setup/{token}/", {**FORM, "password2": "other-one-123"})
    assert answer.status_code == 422 and b"differ" in answer.content
    assert not User.objects.exists() and not Organisation.objects.exists()
    assert client.post(f"/setup/{token}/", FORM).status_code == 302


def test_a_new_token_cancels_the_old_one_and_none_once_a_user_exists(db: None) -> None:
    first, _ = setup_token_create()
    second, _ = setup_token_create()
    assert (
        SetupToken.objects.get().token_hash
        == SetupToken.hash(second)
        != SetupToken.hash(first)
    )
    User.objects.create_user("someone", "a-long-enough-secret")
    with pytest.raises(CommandError, match=r"already has users.*createuser"):
        call_command("setup-token")


def test_the_page_closes_when_a_user_appears_by_another_way(
    db: None, client: Client
) -> None:
    token, _ = setup_token_create()
    User.objects.create_user("someone", "a-long-enough-secret")
    assert client.get(f"/setup/{token}/").status_code == 404


def test_organisation_create_list_and_rename(db: None) -> None:
    assert "No organisation yet" in cli("organisation", "list")
    assert "Created organisation idm" in cli(
        "organisation", "create", "idm", "--name", "Institute"
    )
    with pytest.raises(
        CommandError, match=r"Nothing was changed: slug: .*already exists"
    ):
        cli("organisation", "create", "idm", "--name", "Another")
    cli("organisation", "rename", "idm", "--name", "Institute for Dialogue")
    cli("organisation", "rename", "idm", "--slug", "idmed")
    assert cli("organisation", "list") == "idmed\t0 conveners\tInstitute for Dialogue\n"
    with pytest.raises(
        CommandError, match="No organisation has the slug 'idm': use one of idmed"
    ):
        cli("organisation", "rename", "idm", "--name", "X")
    with pytest.raises(CommandError, match="Give a new name, a new slug"):
        cli("organisation", "rename", "idmed")
    with pytest.raises(CommandError, match="slug"):
        cli("organisation", "create", "not a slug", "--name", "X")
    assert Organisation.objects.count() == 1
