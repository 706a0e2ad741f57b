"""Rotation keeps every second factor (issue 22, point 2): TOTP secrets and
recovery-code seeds are re-encrypted by ``keys rotate``, read under a previous
master key meanwhile, and survive backup and restore across rotations."""

from __future__ import annotations

import base64
import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from backchannel.core import crypto
from backchannel.core.backup import backup_models, backup_restore, backup_write
from tests.world import PASSWORD, World


def _code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def _rotate(settings: object) -> None:
    """Configure a new master key, the old one listed as previous, then rotate."""
    old = base64.b64encode(crypto.master_key().key).decode()
    previous = [old, *settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS]  # type: ignore[attr-defined]
    settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = previous  # type: ignore[attr-defined]
    crypto.reset_caches()


def _logs_in(username: str, secret: str) -> bool:
    cache.clear()  # a fresh code window, not a replay
    client = Client()
    response = client.post(reverse("login"), {"login": username, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    return response.status_code == 302 and (
        client.get(reverse("processes:process-list")).status_code == 200
    )


def test_a_totp_user_logs_in_during_and_after_a_rotation(
    world: World, settings: object
) -> None:
    settings.BACKCHANNEL_REQUIRE_MFA = True  # type: ignore[attr-defined]
    user = world.users["facilitator"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).generate_codes()
    _rotate(settings)
    # The new key is configured, `keys rotate` has not run: readers try the old one.
    assert _logs_in("facilitator", secret)
    call_command("keys", "rotate")
    stored = Authenticator.objects.filter(user=user).values_list("data", flat=True)
    new_id = crypto.master_key().key_id
    assert all(
        str(d.get("secret", d.get("seed"))).startswith(f"bc2:{new_id}:") for d in stored
    )
    # The old key can go: everything was re-encrypted.
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = []  # type: ignore[attr-defined]
    crypto.reset_caches()
    assert _logs_in("facilitator", secret)
    recovery = Authenticator.objects.get(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    )
    assert RecoveryCodes(recovery).generate_codes() == codes


def test_a_secret_under_an_unknown_key_names_the_fix(
    world: World, settings: object
) -> None:
    from backchannel.accounts.adapter import mfa_decrypt, mfa_encrypt
    from backchannel.core.errors import DecryptionError

    sealed = mfa_encrypt("JBSWY3DPEHPK3PXP")
    settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
    crypto.reset_caches()
    with pytest.raises(DecryptionError, match="BACKCHANNEL_PREVIOUS_MASTER_KEYS"):
        mfa_decrypt(sealed)


def _empty_database() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for model in reversed(backup_models()):
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}"  # noqa: S608
            )
    crypto.reset_caches()


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("setup"), st.integers(0, 1)),
        st.tuples(st.just("rotate"), st.just(0)),
        st.tuples(st.just("backup"), st.just(0)),
        st.tuples(st.just("restore"), st.integers(0, 5)),
        st.tuples(st.just("login"), st.integers(0, 1)),
    ),
    min_size=1,
    max_size=7,
)


@pytest.mark.django_db
@hsettings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
@example(ops=[("setup", 0), ("backup", 0), ("rotate", 0), ("restore", 0), ("login", 0)])
@example(ops=[("setup", 1), ("rotate", 0), ("login", 1), ("rotate", 0), ("login", 1)])
def test_no_sequence_of_setup_rotate_backup_restore_locks_anyone_out(
    ops: list[tuple[str, int]], settings: object
) -> None:
    from backchannel.accounts.models import User
    from backchannel.accounts.services import user_create

    _empty_database()
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = []  # type: ignore[attr-defined]
    crypto.reset_caches()
    names = ["mfa-a", "mfa-b"]
    for name in names:
        user_create(username=name, password=PASSWORD)
    secrets: dict[str, str] = {}
    backups: list[tuple[bytes, dict[str, str]]] = []
    for op, n in ops:
        name = names[n % 2]
        if op == "setup" and name not in secrets:
            secrets[name] = generate_totp_secret()
            TOTP.activate(User.objects.get(username=name), secrets[name])
        elif op == "rotate":
            _rotate(settings)
            call_command("keys", "rotate")
        elif op == "backup":
            out = io.BytesIO()
            backup_write(out)
            backups.append((out.getvalue(), dict(secrets)))
        elif op == "restore" and backups:
            data, secrets_then = backups[n % len(backups)]
            _empty_database()
            backup_restore(io.BytesIO(data))
            secrets = dict(secrets_then)
        elif op == "login" and name in secrets:
            assert _logs_in(name, secrets[name]), ops
