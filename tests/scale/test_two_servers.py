"""Two app servers, one deployment: one PostgreSQL database, one Redis.

Two gunicorn servers (ports picked free in 8100-8199) run on this test's
database with ``REDIS_URL`` set (the README's deployment), and a client goes
back and forth between them: a session opened on one works on the other; a
TOTP code accepted on one is refused on the other; failed logins and a ballot's
votes count against one limit whichever server takes them; votes cast on both
are stored once each. A limit kept in one server's memory would let the
alternating client through twice.

PostgreSQL only (SQLite is one machine's file). Short by default (CI);
``BACKCHANNEL_SCALE_LONG=1`` casts many more votes, from several threads.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.urls import reverse

from backchannel.consultations.models import Vote
from backchannel.consultations.services import consultation_create
from tests.accounts.test_mfa import _code
from tests.reliability.brokers import (
    REDIS_URL,
    Process,
    deployment_env,
    python,
    require,
    wait_for,
)
from tests.world import World

_ON_SQLITE = "two app servers share one PostgreSQL database: run with DATABASE_URL=postgres://... (the PostgreSQL pass of .ci/run does)"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    # Decided before the test world is built for nothing.
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
        reason=_ON_SQLITE,
    ),
]

LONG = os.environ.get("BACKCHANNEL_SCALE_LONG") == "1"
STATEMENTS = 8
BALLOT_LIMIT = 6
VOTED = BALLOT_LIMIT // 2  # statements each voter of the last part votes on, twice
PASSWORD = "two servers, one deployment"


def _free_port(taken: set[int]) -> int:
    for port in range(8100, 8200):
        if port in taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("no free port in 8100-8199 for an app server")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """One person's cookies, across both servers (cookies ignore the port)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(
        self, base: str, path: str, data: bytes | None = None, **headers: str
    ) -> tuple[int, str, str]:
        """(status, body, Location) of one request, redirects not followed."""
        req = urllib.request.Request(base + path, data=data, headers=headers)  # noqa: S310 - http only
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), exc.headers.get("Location", "")

    def post_form(
        self, base: str, path: str, fields: dict[str, str]
    ) -> tuple[int, str, str]:
        status, page, _ = self.request(base, path)
        assert status == 200, (path, status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {path}"
        body = urllib.parse.urlencode(
            {**fields, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        return self.request(
            base, path, body, **{"Content-Type": "application/x-www-form-urlencoded"}
        )

    def vote(self, base: str, link: str, statement: str, value: str) -> int:
        body = json.dumps({"statement": statement, "vote": value}).encode()
        status, _, _ = self.request(
            base,
            reverse("consultations:vote-json", args=[link]),
            body,
            **{"Content-Type": "application/json"},
        )
        return status


def _start(port: int, env: dict[str, str], log: Path) -> Process:
    args = python(
        "-m", "gunicorn", "backchannel.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", "1", "--threads", "4", "--log-level", "warning",
    )  # fmt: skip
    return Process(args, env, log)


def _up(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
            return True
    except OSError:
        return False


def test_two_servers_share_sessions_second_factors_limits_and_votes(
    world: World, settings: Any, tmp_path: Path
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(_ON_SQLITE)
    require("Redis", REDIS_URL, 6379)

    # Passwords the servers can check (the suite hashes with MD5 for speed).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for role in ("facilitator", "participant"):
        user = world.users[role]
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    secret = generate_totp_secret()
    TOTP.activate(world.users["facilitator"], secret)
    consultation = consultation_create(
        access=world.access("facilitator"),
        title="Two servers",
        seed_statements=[
            f"Statement number {i} about the river." for i in range(STATEMENTS)
        ],
        status="open",
    )
    statements = [str(s.pk) for s in consultation.statements.order_by("number")]
    link = str(consultation.token)

    env = deployment_env(
        tmp_path,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=f"queues-{uuid.uuid4().hex[:10]}",
        LOGIN_RATE_LIMIT="30/m/ip,3/5m/key",
        CONSULTATION_FLOOD_LIMITS=f"ballot_votes={BALLOT_LIMIT}/m,client_ballots=1000/m,consultation_ballots=10000/m",
        ALLOWED_HOSTS="127.0.0.1",
    )
    ports: list[int] = []
    servers: list[Process] = []
    try:
        for name in ("a", "b"):
            port = _free_port(set(ports))
            ports.append(port)
            servers.append(_start(port, env, tmp_path / f"server-{name}.log"))
        for port, server in zip(ports, servers, strict=True):
            wait_for(
                f"server on {port} starts",
                lambda p=port: _up(p),
                timeout=120,
                process=server,
            )
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        _sessions_and_second_factor(a, b, secret)
        _login_throttling(a, b)
        _ballot_limit(a, b, link, statements)
        _votes_stored_once(a, b, link, statements, consultation.pk)
    finally:
        for server in servers:
            server.kill(signal.SIGTERM)
        _forget_keys(REDIS_URL, env["CACHE_KEY_PREFIX"])


def _forget_keys(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def _sessions_and_second_factor(a: str, b: str, secret: str) -> None:
    first = Browser()
    status, _, location = first.post_form(
        a, reverse("login"), {"login": "facilitator", "password": PASSWORD}
    )
    assert (status, location) == (302, reverse("mfa_authenticate"))
    # The code of the current 30-second period, taken with at least 8 seconds
    # of it left, so that a loaded machine does not carry it past its period.
    if time.time() % 30 > 22:
        time.sleep(30 - time.time() % 30 + 0.5)
    code = _code(secret)
    # The half-done login (password, no code yet) is in the session: server B
    # asks for the code, and takes it.
    status, _, location = first.post_form(
        b, reverse("mfa_authenticate"), {"code": code}
    )
    assert status == 302, (
        "the code was refused on the server that did not see the password"
    )
    # Logged in on both.
    for base in (a, b):
        status, _, _ = first.request(base, reverse("processes:process-list"))
        assert status == 200, base

    # The same code, again, on the other server: refused.
    second = Browser()
    status, _, location = second.post_form(
        b, reverse("login"), {"login": "facilitator", "password": PASSWORD}
    )
    assert (status, location) == (302, reverse("mfa_authenticate"))
    status, _, _ = second.post_form(a, reverse("mfa_authenticate"), {"code": code})
    assert status == 200, "a used TOTP code was accepted on the other server"
    assert second.request(a, reverse("processes:process-list"))[0] == 302
    assert second.request(b, reverse("processes:process-list"))[0] == 302


def _login_throttling(a: str, b: str) -> None:
    # 3 failed logins per user in 5 minutes (LOGIN_RATE_LIMIT above), counted
    # across both servers: a, b, a fail; then even the right password is
    # refused, on b.
    for base in (a, b, a):
        status, page, _ = Browser().post_form(
            base, reverse("login"), {"login": "participant", "password": "wrong"}
        )
        assert status == 200 and "Too many" not in page
    status, page, _ = Browser().post_form(
        b, reverse("login"), {"login": "participant", "password": PASSWORD}
    )
    assert status != 302 and "Too many failed login attempts" in page


def _ballot_limit(a: str, b: str, link: str, statements: list[str]) -> None:
    voter = Browser()
    answers = [
        voter.vote((a, b)[i % 2], link, statement, "agree")
        for i, statement in enumerate(statements)
    ]
    assert answers == [200] * BALLOT_LIMIT + [429] * (STATEMENTS - BALLOT_LIMIT)


def _votes_stored_once(
    a: str, b: str, link: str, statements: list[str], consultation_id: Any
) -> None:
    ballots = 40 if LONG else 4
    threads = 4 if LONG else 1
    acknowledged: list[tuple[int, str, str]] = []
    lock = threading.Lock()

    def voters(offset: int) -> None:
        for n in range(offset, ballots, threads):
            voter = Browser()
            for i, statement in enumerate(statements[:VOTED]):
                # Alternate servers; then change the vote on the other one.
                first, second = (a, b) if (n + i) % 2 else (b, a)
                for base, value in ((first, "agree"), (second, "disagree")):
                    if voter.vote(base, link, statement, value) == 200:
                        with lock:
                            acknowledged.append((n, statement, value))

    workers = [threading.Thread(target=voters, args=(t,)) for t in range(threads)]
    started = time.monotonic()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started
    assert len(acknowledged) == ballots * VOTED * 2, "some votes were refused"
    stored = Vote.objects.filter(statement__consultation_id=consultation_id)
    # The limit test's ballot voted BALLOT_LIMIT times; each other ballot once
    # per statement (the changed vote replaces the first).
    assert stored.count() == BALLOT_LIMIT + ballots * VOTED
    assert set(stored.values_list("value", flat=True).distinct()) <= {1, -1}
    assert stored.filter(value=-1).count() == ballots * VOTED
    if LONG:
        sys.stderr.write(
            f"{len(acknowledged)} votes on two servers in {elapsed:.1f} s\n"
        )
