"""Adversary (round 2): two commands read a file of any size into memory.

README, "Hostile input": every file that enters is refused past
``BACKCHANNEL_MAX_UPLOAD_BYTES`` ("read no further than the limit"), and
"JSON files a command reads (`keys restore`, `audit verify --checkpoint`,
`import`, `restore`) are parsed with a depth bound"; "No command ends in a
traceback: ... a malformed file ... one line naming the problem and the fix".

``backchannel keys restore FILE`` (``keystore.backup_read``: ``path.read_bytes()``)
and ``backchannel audit verify --checkpoint FILE`` (``Path.read_text()``) read
the whole file whatever its size: ``/dev/zero`` never ends (the command hangs
until the machine runs out of memory), a 300 MB file took 0.7-0.8 GB of memory
before the "not a key-store backup" line. ``import``, ``restore`` and ``gate``
stop at the limit with "larger than the limit of 20 MiB".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

LIMIT = 1024


def _oversized(tmp: Path) -> Path:
    path = tmp / "big.json"
    # Valid JSON, just larger than the limit: whitespace, then an object.
    path.write_bytes(b" " * (LIMIT * 4) + b'{"format": "x"}')
    return path


@pytest.mark.django_db
def test_keys_restore_stops_at_the_upload_limit(tmp_path: Path) -> None:
    path = _oversized(tmp_path)
    with override_settings(BACKCHANNEL_MAX_UPLOAD_BYTES=LIMIT):
        with pytest.raises(CommandError) as refused:
            call_command("keys", "restore", str(path))
    assert "larger than the limit" in str(refused.value)


@pytest.mark.django_db
def test_audit_verify_checkpoint_stops_at_the_upload_limit(tmp_path: Path) -> None:
    path = _oversized(tmp_path)
    with override_settings(BACKCHANNEL_MAX_UPLOAD_BYTES=LIMIT):
        with pytest.raises(CommandError) as refused:
            call_command("audit", "verify", "--checkpoint", str(path))
    assert "larger than the limit" in str(refused.value)


@pytest.mark.django_db
def test_import_stops_at_the_same_limit(tmp_path: Path) -> None:
    """Control: ``import`` refuses the same file by its size."""
    path = _oversized(tmp_path)
    with override_settings(BACKCHANNEL_MAX_UPLOAD_BYTES=LIMIT):
        with pytest.raises(CommandError) as refused:
            call_command("import", str(path))
    assert "larger than the limit" in str(refused.value)
