from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client


def test_readyz_reports_each_dependency(db: None, client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }


def test_doctor_passes_on_a_sound_setup(
    db: None, capsys: pytest.CaptureFixture[str], settings: object
) -> None:
    # The deployment checklist is tested in a clean process of its own
    # (tests/core/test_deploy_check.py); inside this test run it would judge the
    # test settings, so the doctor skips it here as it does for embedded setups.
    settings.EMBEDDED = True  # type: ignore[attr-defined]
    call_command("keys", "backup")
    call_command("doctor")
    out = capsys.readouterr().out
    assert "Everything checked is in order." in out
    # The embedded default generates the key into the data directory (var/):
    # in order for a trial, but whoever copies var/ gets the key with the data.
    assert "[warn] master key" in out
    assert "BACKCHANNEL_MASTER_KEY_FILE" in out


def test_doctor_is_quiet_about_a_key_kept_outside_the_data_directory(
    db: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from django.conf import settings as live

    key_file = tmp_path / "master.key"
    key_file.write_text(live.BACKCHANNEL_MASTER_KEY_PATH.read_text())
    os.chmod(key_file, 0o600)
    monkeypatch.setenv("BACKCHANNEL_MASTER_KEY_FILE", str(key_file))
    settings.EMBEDDED = True  # type: ignore[attr-defined]
    call_command("keys", "backup")
    call_command("doctor")
    out = capsys.readouterr().out
    assert "[ok ] master key" in out and "[warn]" not in out


def test_doctor_names_a_world_readable_key_file_and_the_fix(
    db: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from backchannel.core import crypto

    key_file = tmp_path / "master.key"
    key_file.write_text(crypto.generate_master_key_text())
    os.chmod(key_file, 0o644)
    monkeypatch.setenv("BACKCHANNEL_MASTER_KEY_FILE", str(key_file))
    with pytest.raises(SystemExit) as exit_info:
        call_command("doctor")
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert f"chmod 600 {key_file}" in out
