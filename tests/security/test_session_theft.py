"""Issue 15.1: a copy of the database logs no one in.

The attack: read every value of the session table from the database and offer
each as the ``sessionid`` cookie. With Django's database store the key column
*is* the cookie, so this opened the workspace as the user, second factor
included. Also: the session data must not be readable with the keys a thief
may hold (SECRET_KEY, master key), login times are kept to the day once the
re-authentication window has passed, expired sessions are purged by the app,
and the embedded database, WAL, SHM and data directory are owner-only.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import time
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backchannel.accounts import sessions
from tests.world import PASSWORD, World


def _store_class() -> type[SessionBase]:
    return import_module(settings.SESSION_ENGINE).SessionStore


def _every_stored_value() -> list[str]:
    model = _store_class().get_model_class()
    values: list[str] = []
    for row in model.objects.all():
        for field in model._meta.concrete_fields:
            value = getattr(row, field.attname)
            if isinstance(value, str):
                values.append(value)
    return values


def _logged_in(world: World) -> tuple[Client, str]:
    client = Client()
    response = client.post(
        reverse("login"), {"login": "participant", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("processes:process-list")).status_code == 200
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def test_no_value_of_the_session_table_opens_a_session(world: World) -> None:
    _, cookie = _logged_in(world)
    values = _every_stored_value()
    assert values
    assert cookie not in values
    for value in values:
        thief = Client()
        thief.cookies[settings.SESSION_COOKIE_NAME] = value
        response = thief.get(reverse("processes:process-list"))
        assert response.status_code == 302, "a stored value opened a session"
        assert response["Location"].startswith(reverse("login"))


def test_the_cookie_is_nowhere_in_the_database(world: World) -> None:
    _, cookie = _logged_in(world)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    text = value if isinstance(value, str) else ""
                    if isinstance(value, bytes | memoryview):
                        text = bytes(value).decode("latin-1")
                    assert cookie not in text, table


def test_session_data_does_not_open_with_the_secret_key(world: World) -> None:
    user = world.users["participant"]
    _logged_in(world)
    plain = _store_class()()
    # Django's own decoder (signed with SECRET_KEY, which sits beside the
    # embedded database): it reads the data of Django's store, not of ours.
    for value in _every_stored_value():
        decoded = plain.decode(value)
        assert str(user.pk) not in str(decoded)
        assert "_auth_user_id" not in decoded


def test_the_owner_of_the_cookie_still_reads_the_session(world: World) -> None:
    _client, cookie = _logged_in(world)
    store = sessions.SessionStore(cookie)
    assert store["_auth_user_id"] == str(world.users["participant"].pk)


def test_login_times_are_kept_to_the_day_after_the_reauthentication_window(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, cookie = _logged_in(world)
    records = sessions.SessionStore(cookie)[sessions.AUTH_RECORDS]
    fresh = records[-1]["at"]
    assert abs(fresh - time.time()) < 60  # fine-grained while it matters
    later = time.time() + settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 60
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    store = sessions.SessionStore(cookie)
    store["touched"] = 1
    store.save()
    stored = sessions.SessionStore(cookie)[sessions.AUTH_RECORDS]
    assert stored[-1]["at"] == sessions.to_the_day(fresh)
    assert stored[-1]["at"] % 86400 == 0


def test_reauthentication_stays_fresh_for_sensitive_actions(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from allauth.account.internal.flows.reauthentication import (
        did_recently_reauthenticate,
    )
    from django.test import RequestFactory

    client, cookie = _logged_in(world)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302

    def fresh() -> bool:
        request = RequestFactory().get("/")
        request.user = world.users["participant"]
        request.session = sessions.SessionStore(cookie)
        return did_recently_reauthenticate(request)

    assert fresh()
    client.get(reverse("processes:process-list"))  # a save within the window
    assert fresh()
    later = time.time() + settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    assert not fresh()


def test_the_row_keeps_the_expiry_day_only(world: World) -> None:
    _logged_in(world)
    model = _store_class().get_model_class()
    for expiry in model.objects.values_list(
        model._meta.get_field("expires_on").attname, flat=True
    ):
        assert (expiry.hour, expiry.minute, expiry.second) == (0, 0, 0)


def test_a_session_past_its_exact_expiry_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, cookie = _logged_in(world)
    later = time.time() + settings.SESSION_COOKIE_AGE + 5
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    assert sessions.SessionStore(cookie).load() == {}


def test_expired_sessions_are_purged_by_the_app_on_login(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backchannel.accounts.models import HashedSession

    HashedSession.objects.create(
        key_hash="0" * 64,
        data="bs1:",
        expires_on=timezone.now() - dt.timedelta(days=1),
    )
    monkeypatch.setattr(sessions, "_last_purge", float("-inf"))
    _logged_in(world)
    assert not HashedSession.objects.filter(key_hash="0" * 64).exists()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="the embedded database only",
)
def test_the_embedded_database_wal_and_shm_are_owner_only(world: World) -> None:
    _logged_in(world)
    connection.close()
    connection.ensure_connection()  # every new connection checks the modes
    name = Path(connection.settings_dict["NAME"])
    found = [Path(f"{name}{s}") for s in ("", "-wal", "-shm")]
    assert found[0].exists()
    for path in found:
        if path.exists():
            assert _mode(path) & 0o077 == 0, f"{path} is {oct(_mode(path))}"


def test_a_new_sqlite_file_is_created_owner_only(tmp_path: Path) -> None:
    import sqlite3

    from backchannel.core.apps import _private_sqlite_files

    db = tmp_path / "new.sqlite3"
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("CREATE TABLE t (x)")

    class _Conn:
        vendor = "sqlite"
        settings_dict = {"NAME": str(db)}

    old = os.umask(0o022)
    try:
        _private_sqlite_files(None, _Conn())
    finally:
        os.umask(old)
    raw.execute("INSERT INTO t VALUES (1)")
    raw.commit()
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db}{suffix}")
        assert path.exists()
        assert _mode(path) & 0o077 == 0, suffix
    raw.close()


def test_the_data_directory_and_generated_keys_are_owner_only(tmp_path: Path) -> None:
    from backchannel.env import secret_file

    old = os.umask(0o022)
    try:
        data = tmp_path / "var"
        secret_file(data / "master.key", lambda: "x")
    finally:
        os.umask(old)
    assert _mode(data) == 0o700
    assert _mode(data / "master.key") == 0o600


def test_doctor_names_a_loose_database_file(
    db: None, tmp_path: Path, settings: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.core.management import call_command

    loose = tmp_path / "data"
    loose.mkdir()
    os.chmod(loose, 0o755)  # noqa: S103 - the looseness doctor must name
    settings.DATA_DIR = loose  # type: ignore[attr-defined]
    settings.EMBEDDED = True  # type: ignore[attr-defined]
    with pytest.raises(SystemExit):
        call_command("doctor")
    assert f"chmod 700 {loose}" in capsys.readouterr().out


def test_second_factor_use_is_kept_to_the_day(world: World) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    totp = TOTP.activate(world.users["facilitator"], generate_totp_secret())
    totp.instance.record_usage()
    used = Authenticator.objects.get(pk=totp.instance.pk).last_used_at
    assert (used.hour, used.minute, used.second, used.microsecond) == (0, 0, 0, 0)
