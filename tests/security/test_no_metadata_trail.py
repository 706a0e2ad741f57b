"""No metadata trail: no client address or user agent is stored anywhere.

Requests carry a marker address and user agent through login (failed and
successful), pages, the API and token creation; then every table (sessions and
cache entries decoded), and the logs, are scanned: 0 hits.
"""

from __future__ import annotations

import base64
import logging
import pickle

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from backchannel.accounts.models import HashedSession
from backchannel.accounts.services import api_token_create
from backchannel.accounts.sessions import SessionStore
from tests.security.test_seizure_drill import _logical_dump
from tests.world import PASSWORD, World

MARK_IP = "198.51.100.23"
MARK_UA = "MarkerBrowser/7.3.1 (bc-ua-marker)"


def _decoded_sessions(*clients: Client) -> str:
    """Sessions open only with their cookie: read each client's as it would."""
    cookies = [c.cookies[settings.SESSION_COOKIE_NAME].value for c in clients]
    return "\n".join(repr(SessionStore(cookie).load()) for cookie in cookies)


def _decoded_cache() -> str:
    out = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM backchannel_cache")
        for key, value in cursor.fetchall():
            out.append(key)
            try:
                out.append(repr(pickle.loads(base64.b64decode(value))))  # noqa: S301 - our own cache
            except Exception as exc:  # noqa: BLE001 - scan the raw text instead
                out.append(f"{value} {exc}")
    return "\n".join(out)


@pytest.mark.django_db(transaction=True)
def test_no_ip_address_or_user_agent_is_stored_in_any_table_or_log(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    from tests.world import build_world

    caplog.set_level(logging.DEBUG)
    world: World = build_world()
    client = Client(REMOTE_ADDR=MARK_IP, HTTP_USER_AGENT=MARK_UA)
    client.post(reverse("login"), {"login": "participant", "password": "wrong"})
    client.post(reverse("login"), {"login": "participant", "password": PASSWORD})
    client.get(reverse("processes:process-list"))
    client.get(reverse("processes:process-detail", args=[world.process.pk]))
    client.post(reverse("accounts:token-create"), {"label": "laptop"})
    client.get("/no-such-page/")
    _, token = api_token_create(user=world.users["facilitator"])
    api = Client(REMOTE_ADDR=MARK_IP, HTTP_USER_AGENT=MARK_UA)
    api.get("/api/processes", HTTP_AUTHORIZATION=f"Bearer {token}")
    api.get("/api/processes", HTTP_AUTHORIZATION="Bearer wrong")

    out, err = capfd.readouterr()
    stored = "\n".join(
        [
            _logical_dump(),
            _decoded_sessions(client),
            _decoded_cache(),
            caplog.text,
            out,
            err,
        ]
    )
    assert HashedSession.objects.exists()  # the scan did see sessions
    assert "_auth_user_id" in _decoded_sessions(client)
    assert MARK_IP not in stored
    assert "198.51.100" not in stored
    assert "bc-ua-marker" not in stored and "MarkerBrowser" not in stored
