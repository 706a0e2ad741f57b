"""Settings with a syntax are parsed at start-up: a bad one stops ``check``,
``doctor`` and the server with the variable named and the fix (issue 22, 3).

Before, ``LOGIN_RATE_LIMIT=garbage`` passed ``check`` and ``doctor`` and every
login answered 500."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backchannel.env import ConfigError, parse_rate_limits

pytestmark = pytest.mark.no_db_difference

ROOT = Path(__file__).resolve().parents[2]


def _run(command: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "backchannel", command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


BAD = [
    ("LOGIN_RATE_LIMIT", "garbage", "COUNT/PERIOD"),
    ("LOGIN_RATE_LIMIT", "5/5m/kye", "scope 'kye'"),
    ("LOGIN_RATE_LIMIT", "10/minute/ip", "period 'minute'"),
    ("LOGIN_RATE_LIMIT", "x/m/ip", "count 'x'"),
    ("CONSULTATION_FLOOD_LIMITS", "ballot_votes=120/minute", "COUNT/PERIOD"),
    ("CONSULTATION_FLOOD_LIMITS", "ballot_vote=120/m", "use one of"),
    ("REDIS_URL", "localhost:6379", "redis://"),
    ("DATABASE_URL", "mysql://db/x", "postgres://"),
    ("CSRF_TRUSTED_ORIGINS", "dialogue.example.org", "https://"),
    ("LOG_LEVEL", "loud", "use one of"),
    ("BACKCHANNEL_MAX_UPLOAD_BYTES", "20MB", "whole number"),
    ("TASKS_BACKEND", "sqs", "rq (Redis) or celery (RabbitMQ)"),
    ("TASKS_BACKEND", "celery", "set TASKS_BROKER_URL"),
    ("TASKS_QUEUE", "analyses please", "letters, digits"),
]


@pytest.mark.parametrize("command", ["check", "doctor"])
@pytest.mark.parametrize(("name", "value", "fix"), BAD)
def test_a_bad_setting_stops_check_and_doctor_naming_it(
    command: str, name: str, value: str, fix: str
) -> None:
    result = _run(command, **{name: value})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"{name}=" in result.stderr and fix in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    if name in ("DATABASE_URL", "REDIS_URL"):  # may hold a password: never echoed
        assert value not in result.stderr


@pytest.mark.parametrize(
    "text", ["10/m/ip,5/5m/key", "30/m/ip", "10/m/user", "5/h", "1/1.5d/key"]
)
def test_every_rate_allauth_accepts_is_accepted(text: str) -> None:
    from allauth.core.internal.ratelimit import parse_rates

    assert parse_rate_limits("LOGIN_RATE_LIMIT", text) == text
    assert parse_rates(text)


@pytest.mark.parametrize("text", ["", ",", "5/m,", "0/m", "5/m/ip/x", "5/0m", "5/-1m"])
def test_malformed_rates_are_refused(text: str) -> None:
    with pytest.raises(ConfigError, match="LOGIN_RATE_LIMIT="):
        parse_rate_limits("LOGIN_RATE_LIMIT", text)


def test_good_values_still_start() -> None:
    result = _run(
        "check",
        LOGIN_RATE_LIMIT="3/m/ip,2/5m/key",
        CONSULTATION_FLOOD_LIMITS="ballot_votes=10/m,consultation_statements=5/h",
        REDIS_URL="",
        LOG_LEVEL="warning",
    )
    assert result.returncode == 0, result.stderr
