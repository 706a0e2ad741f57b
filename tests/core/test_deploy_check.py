"""Production settings pass Django's deployment checklist with no warning."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

# Subprocesses on SQLite data directories of their own, or settings only:
# the same on any database.
pytestmark = pytest.mark.no_db_difference

ROOT = Path(__file__).resolve().parents[2]


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "backchannel",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production_env() -> dict[str, str]:
    # As a server would run: none of the test run's own switches.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(
        DATABASE_URL="postgres://backchannel@127.0.0.1:5432/backchannel",
        BACKCHANNEL_KEYSTORE_URL="postgres://backchannel@127.0.0.1:5432/backchannel_keys",
        SECRET_KEY=secrets.token_urlsafe(50),
        BACKCHANNEL_MASTER_KEY=base64.b64encode(os.urandom(32)).decode(),
        ALLOWED_HOSTS="dialogue.example.org",
    )
    return env


def test_check_deploy_with_production_settings_gives_no_warning() -> None:
    result = _run(_production_env())
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_deployment_without_a_master_key_refuses_to_start_and_says_how_to_fix_it() -> (
    None
):
    env = _production_env()
    del env["BACKCHANNEL_MASTER_KEY"]
    result = _run(env)
    assert result.returncode != 0
    assert "BACKCHANNEL_MASTER_KEY is not set" in result.stderr


def test_a_bad_boolean_names_the_variable_and_the_fix() -> None:
    env = _production_env()
    env["SECURE_COOKIES"] = "maybe"
    result = _run(env)
    assert result.returncode != 0
    assert (
        "SECURE_COOKIES='maybe'" in result.stderr
        and "'true' or 'false'" in result.stderr
    )
