"""Real brokers and real worker processes for the queue and scale tests.

Redis and RabbitMQ are those of the machine (``.ci/run`` starts them): their
addresses come from ``BACKCHANNEL_TEST_REDIS_URL`` and ``BACKCHANNEL_TEST_AMQP_URL``
(defaults: the local ones). Where one is missing the tests that need it skip,
saying so, except under ``BACKCHANNEL_REQUIRE_BROKERS=1`` (set by ``.ci/run``),
where they fail: CI must not pass by skipping them.

Subprocesses (workers, app servers) see the test's own database, key store and
keys, so what the test writes through Django they read, and the reverse.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("BACKCHANNEL_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
AMQP_URL = os.environ.get(
    "BACKCHANNEL_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"
)


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2
        ):
            return True
    except OSError:
        return False


def require(name: str, url: str, default_port: int) -> None:
    """Skip (or, in CI, fail) when the broker at ``url`` does not answer."""
    if _reachable(url, default_port):
        return
    variable = "BACKCHANNEL_TEST_" + ("REDIS" if name == "Redis" else "AMQP") + "_URL"
    message = (
        f"{name} is not running at {urlsplit(url).hostname}:"
        f"{urlsplit(url).port or default_port}: start it (.ci/run does) or point "
        f"{variable} at one"
    )
    if os.environ.get("BACKCHANNEL_REQUIRE_BROKERS") == "1":
        pytest.fail(message + " (BACKCHANNEL_REQUIRE_BROKERS=1: required here)")
    pytest.skip(message)


def database_url() -> str:
    """The URL of the database this test runs on (its test database)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return (
        f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )


def master_key_text() -> str:
    return str(
        settings.BACKCHANNEL_MASTER_KEY
        or settings.BACKCHANNEL_MASTER_KEY_PATH.read_text().strip()
    )


def deployment_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a process of this test's deployment."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "TEST_DB_NAME", "PYTEST", "TASKS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="backchannel.settings",
        BACKCHANNEL_DATA_DIR=str(data_dir),
        DATABASE_URL=database_url(),
        SECRET_KEY=str(settings.SECRET_KEY),
        BACKCHANNEL_MASTER_KEY=master_key_text(),
        BACKCHANNEL_KEYSTORE_URL=str(settings.BACKCHANNEL_KEYSTORE_URL),
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


class Process:
    """A subprocess in its own process group, its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out = log.open("wb")
        self.popen = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=self._out,
            stderr=subprocess.STDOUT,
        )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole group and every process forked from it (RQ's work
        horse starts a session of its own)."""
        if self.popen.poll() is None:
            family = _descendants(self.popen.pid)
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass
            if sig == signal.SIGKILL:
                for pid in family:
                    try:
                        os.kill(pid, sig)
                    except ProcessLookupError:
                        pass
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        self._out.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def _descendants(pid: int) -> list[int]:
    """The processes under ``pid`` (Linux /proc), deepest last."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def wait_for(
    what: str, check: Callable[[], Any], *, timeout: float, process: Process
) -> Any:
    """Poll ``check`` until it returns something true; fail naming ``what``
    and showing the process's output when it does not in ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if process.popen.poll() is not None:
            break
        time.sleep(0.1)
    pytest.fail(
        f"{what}: not within {timeout:.0f} s (process exit "
        f"{process.popen.poll()}); its output:\n{process.output()}"
    )


def python(*args: str) -> list[str]:
    return [sys.executable, *args]
