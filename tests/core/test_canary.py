"""A canary proves the master key decrypts (issue 22, point 3): with a wrong
master key, start-up refuses and ``doctor`` exits non-zero, naming
BACKCHANNEL_MASTER_KEY and the fix. Rotation re-seals the canary."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from backchannel.core import crypto, keystore

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_doctor_with_a_wrong_master_key_exits_non_zero_and_names_the_fix(
    world: object, settings: object, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.EMBEDDED = True  # type: ignore[attr-defined]
    call_command("keys", "backup")
    assert crypto.canary_problem() is None  # sealed under the right key
    call_command("doctor")
    assert "Everything checked is in order." in capsys.readouterr().out
    settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
    crypto.reset_caches()
    with pytest.raises(SystemExit) as exit_info:
        call_command("doctor")
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "[FIX] master key: BACKCHANNEL_MASTER_KEY is not the master key" in out
    assert "BACKCHANNEL_PREVIOUS_MASTER_KEYS" in out
    assert "Everything checked is in order." not in out


@pytest.mark.django_db
def test_a_wrong_key_is_caught_before_the_canary_exists(
    world: object, settings: object
) -> None:
    """An upgraded deployment has keys but no canary yet: a wrong key is refused
    rather than sealing a canary under it."""
    assert keystore.meta_get("canary") is None
    settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
    crypto.reset_caches()
    problem = crypto.canary_problem()
    assert problem is not None and "BACKCHANNEL_MASTER_KEY" in problem
    assert keystore.meta_get("canary") is None


@pytest.mark.django_db
def test_rotation_reseals_the_canary(world: object, settings: object) -> None:
    assert crypto.canary_problem() is None
    old = base64.b64encode(crypto.master_key().key).decode()
    settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = [old]  # type: ignore[attr-defined]
    crypto.reset_caches()
    assert crypto.canary_problem() is None  # mid-rotation: the old key is listed
    call_command("keys", "rotate")
    assert keystore.meta_get("canary")[1] == crypto.master_key().key_id  # type: ignore[index]
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = []  # type: ignore[attr-defined]
    crypto.reset_caches()
    assert crypto.canary_problem() is None
    # And the old key alone is now refused.
    settings.BACKCHANNEL_MASTER_KEY = old  # type: ignore[attr-defined]
    crypto.reset_caches()
    assert crypto.canary_problem() is not None


def test_a_server_refuses_to_start_with_a_wrong_master_key(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "TEST_DB_NAME", "BACKCHANNEL_MASTER_KEY"}
    }
    env.update(
        BACKCHANNEL_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="backchannel.settings",
    )

    def start(key: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "import backchannel.wsgi"],
            cwd=ROOT,
            env={**env, "BACKCHANNEL_MASTER_KEY": key},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    right = crypto.generate_master_key_text()
    first = start(right)
    assert first.returncode == 0, first.stderr
    wrong = start(crypto.generate_master_key_text())
    assert wrong.returncode == 3
    assert "Configuration error: BACKCHANNEL_MASTER_KEY is not" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    assert start(right).returncode == 0


@pytest.mark.django_db
def test_doctor_says_where_keys_live_and_how_old_their_backups_are(
    world: object, settings: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.EMBEDDED = True  # type: ignore[attr-defined]
    with pytest.raises(SystemExit):
        call_command("doctor")
    out = capsys.readouterr().out
    assert "[FIX] key store: keys live in the SQLite file" in out
    assert "run `backchannel keys backup` daily" in out
    call_command("keys", "backup")
    call_command("doctor")
    out = capsys.readouterr().out
    assert "[ok ] key store: keys live in the SQLite file" in out
    assert "h old, backups are kept 7 days" in out
    call_command("keys", "status")
    assert "Newest key-store backup" in capsys.readouterr().out
    # A key store that lacks the database's keys (not carried over): named, with the fix.
    settings.BACKCHANNEL_KEYSTORE_URL = f"sqlite:///{tmp_path / 'empty.sqlite3'}"  # type: ignore[attr-defined]
    keystore.close()
    crypto.reset_caches()
    with pytest.raises(SystemExit):
        call_command("doctor")
    out = capsys.readouterr().out
    assert "lacks" in out and "keys restore" in out
