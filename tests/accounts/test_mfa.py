"""Second factor, throttling, session timeouts."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.world import PASSWORD, World


@pytest.fixture
def mfa_on(settings: object) -> None:
    settings.BACKCHANNEL_REQUIRE_MFA = True  # type: ignore[attr-defined]


def _code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def _login(client: Client, username: str, password: str = PASSWORD) -> object:
    return client.post(reverse("login"), {"login": username, "password": password})


def test_conveners_facilitators_and_rapporteurs_must_set_up_a_second_factor(
    world: World, client: Client, mfa_on: None
) -> None:
    for role in ("org_convener", "convener", "facilitator", "rapporteur"):
        client.force_login(world.users[role])
        response = client.get(reverse("processes:process-list"))
        assert response.status_code == 302, role
        assert response["Location"] == reverse("mfa_activate_totp"), role
    for role in ("participant", "observer", "interpreter", "staff"):
        client.force_login(world.users[role])
        assert client.get(reverse("processes:process-list")).status_code == 200, role


def test_a_facilitator_with_totp_logs_in_with_a_code_that_works_once_only(
    world: World, mfa_on: None
) -> None:
    user = world.users["facilitator"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    code = _code(secret)

    first = Client()  # two clients: as two app servers sharing the cache
    response = _login(first, "facilitator")
    assert response["Location"] == reverse("mfa_authenticate")
    response = first.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert first.get(reverse("processes:process-list")).status_code == 200

    second = Client()
    _login(second, "facilitator")
    replay = second.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200  # the form again, with an error
    assert second.get(reverse("processes:process-list")).status_code == 302


def test_the_first_factor_is_set_up_right_after_login_without_the_password_again(
    world: World, mfa_on: None
) -> None:
    """Issue 16's journey: a new convener logging in was sent to set up a second
    factor and first met "Confirm access" (the password typed seconds before)."""
    client = Client()
    response = _login(client, "convener")
    assert client.get(response["Location"])["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200 and b"Authenticator secret" in page.content
    secret = page.context["form"].secret
    done = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=world.users["convener"]).exists()
    # Changing a factor once there is one still asks for the password.
    removing = client.get(reverse("mfa_deactivate_totp"))
    assert removing.status_code == 302
    assert removing["Location"].startswith(reverse("account_reauthenticate"))


def test_a_login_older_than_the_window_asks_for_the_password_again(
    world: World, mfa_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client()
    _login(client, "facilitator")
    later = time.time() + django_settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    # A session logged in some other way than by password gets no shortcut.
    other = Client()
    other.force_login(world.users["rapporteur"])
    response = other.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_replay_guard_lives_in_a_cache_shared_by_all_workers() -> None:
    backend = django_settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "backchannel.core.cache.SecurityStateCache",  # never culls a live entry
        "django.core.cache.backends.redis.RedisCache",
    }


def test_totp_secrets_are_stored_encrypted(world: World) -> None:
    secret = generate_totp_secret()
    TOTP.activate(world.users["convener"], secret)
    stored = Authenticator.objects.get(user=world.users["convener"]).data["secret"]
    assert stored.startswith("bc2:") and secret not in stored


def test_repeated_failed_logins_are_throttled(world: World, client: Client) -> None:
    for _ in range(5):
        assert _login(client, "participant", "wrong password").status_code == 200
    response = _login(client, "participant")  # the right password, too late
    assert b"Too many failed login attempts" in response.content
    assert client.get(reverse("processes:process-list")).status_code == 302
    # Another user on the same client is not locked out by the key limit.
    assert _login(Client(), "observer").status_code == 302


def test_an_idle_session_ends_after_thirty_minutes(
    world: World, client: Client
) -> None:
    client.force_login(world.users["participant"])
    assert client.get(reverse("processes:process-list")).status_code == 200
    session = client.session
    session["seen"] = int(time.time()) - 31 * 60
    session.save()
    assert client.get(reverse("processes:process-list")).status_code == 302


def test_sessions_last_twelve_hours_at_most_even_when_active(
    world: World, client: Client
) -> None:
    client.force_login(world.users["participant"])
    assert client.get(reverse("processes:process-list")).status_code == 200
    session = client.session
    session["born"] = int(time.time()) - 12 * 3600 - 60
    session["seen"] = int(time.time()) - 30  # active a moment ago
    session.save()
    assert client.get(reverse("processes:process-list")).status_code == 302
    assert django_settings.SESSION_COOKIE_AGE == 12 * 3600


def test_passwords_are_hashed_with_argon2(db: None, settings: object) -> None:
    from backchannel import settings as production
    from backchannel.accounts.services import user_create

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # type: ignore[attr-defined]
    user = user_create(username="hashed", password=PASSWORD)
    assert user.password.startswith("argon2$")
