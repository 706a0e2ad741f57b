"""EMAIL_URL: off by default; a wrong value stops start-up naming the fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Subprocesses on SQLite data directories of their own, or settings only:
# the same on any database.
pytestmark = pytest.mark.no_db_difference

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_ENABLED, getattr(s, 'EMAIL_HOST', '-'), "
    "getattr(s, 'EMAIL_PORT', '-'), getattr(s, 'EMAIL_HOST_USER', '-'), "
    "getattr(s, 'EMAIL_USE_TLS', '-'), getattr(s, 'EMAIL_USE_SSL', '-'))"
)


def _run(
    data_dir: Path, email_url: str | None, *args: str
) -> subprocess.CompletedProcess[str]:
    # The embedded configuration, with its generated keys in a folder of its own.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("EMAIL_URL", "DATABASE_URL", "SECRET_KEY", "SECRET_KEY_FILE")
    }
    env["BACKCHANNEL_DATA_DIR"] = str(data_dir)
    if email_url is not None:
        env["EMAIL_URL"] = email_url
    return subprocess.run(
        [sys.executable, "-m", "backchannel", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_email_is_off_unless_configured_and_parsed_when_it_is(tmp_path: Path) -> None:
    off = _run(tmp_path, None, "shell", "-c", SHOW)
    assert off.stdout.splitlines()[-1].split()[0] == "False", off.stderr
    on = _run(
        tmp_path,
        "smtp+tls://relay%40example.org:p%3Ass@mail.example.org",
        "shell",
        "-c",
        SHOW,
    )
    assert on.stdout.splitlines()[-1].split() == [
        "True",
        "mail.example.org",
        "587",
        "relay@example.org",
        "True",
        "False",
    ], on.stderr


def test_a_wrong_email_url_names_the_fix(tmp_path: Path) -> None:
    bad = _run(tmp_path, "https://mail.example.org", "check")
    assert bad.returncode == 2
    assert "EMAIL_URL" in bad.stderr and "smtp://" in bad.stderr
    assert "Traceback" not in bad.stderr
