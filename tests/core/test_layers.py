"""The layers of pyproject.toml's ``[tool.importlinter]`` hold, and break when they should.

The second test copies the package, adds one upward import (core importing
reports) and one cycle inside a package, and expects ``lint-imports`` to fail
naming both: the contracts are not vacuous.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_contracts_are_kept() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_an_upward_import_and_a_cycle_break_them(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "backchannel",
        tmp_path / "backchannel",
        ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "templates"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    web = tmp_path / "backchannel" / "core" / "web.py"
    web.write_text(web.read_text() + "\nfrom backchannel.reports import builder\n")
    errors = tmp_path / "backchannel" / "core" / "errors.py"
    errors.write_text(errors.read_text() + "\nfrom backchannel.core import web\n")
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout[-3000:]
    assert "backchannel.core is not allowed to import backchannel.reports" in (
        " ".join(result.stdout.split())
    )
    assert "No cycles are allowed in backchannel.core." in result.stdout


def test_the_apps_above_fill_the_hooks_of_the_layers_below() -> None:
    """Each hook a lower layer offers is filled once Django has loaded the apps:
    without it a note's edit would leave its translations verified, a single
    participant at a meeting unwarned, translated languages off the output form,
    second factors unrotated."""
    from backchannel.core import rotation
    from backchannel.meetings.selectors import single_participant_warnings
    from backchannel.participants import composition
    from backchannel.records.models import Note
    from backchannel.records.signals import note_text_changed
    from backchannel.transfer import selectors as transfer_selectors
    from backchannel.translations.selectors import content_languages
    from backchannel.translations.services import note_text_changed as receiver

    sync_receivers, _async = note_text_changed._live_receivers(Note)
    assert receiver in sync_receivers
    assert composition._MORE_WARNINGS == {
        "meeting_single_participant": single_participant_warnings
    }
    assert transfer_selectors._MORE_LANGUAGES == {"translations": content_languages}
    assert set(rotation._SECRETS) == {"mfa", "login_index"}
