"""Restore, the one path that decompresses: damaged, truncated, mis-encoded,
oversized and decompression-bomb backups are refused through `backchannel
restore` with an error naming the problem, and the empty database stays empty.

A backup is authenticated under the master key, so these are crafted with the
backup key itself (what an insider holding the key, or a bug, could produce).
Formula injection does not apply: a restore copies rows byte for byte.
"""

from __future__ import annotations

import base64
import gzip
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from backchannel.core import crypto
from backchannel.core.backup import (
    FORMAT,
    VERSION,
    _EncryptingWriter,
    _line,
    backup_models,
    backup_write,
)

MANIFEST = {
    "format": FORMAT,
    "version": VERSION,
    "tables": {},
    "sha256": {},
    "audit_head": 0,
    "order": [],
}


def sealed(plain: bytes) -> bytes:
    out = io.BytesIO()
    writer = _EncryptingWriter(out)
    writer.write(plain)
    writer.finish()
    return out.getvalue()


def counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in backup_models()}


def empty_database() -> None:
    with connection.cursor() as cursor:
        for model in reversed(backup_models()):
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}"  # noqa: S608
            )
    crypto.reset_caches()


def craft(kind: str, good: bytes) -> bytes:
    head = _line(MANIFEST)
    if kind == "truncated_file":
        return good[: len(good) // 2]
    if kind == "truncated_content":
        return sealed(gzip.compress(head + b'{"t":"x","r":{}}\n' * 50)[:-30])
    if kind == "latin1":
        return sealed(gzip.compress(head + '{"t":"café","r":{}}\n'.encode("latin-1")))
    if kind == "utf16":
        return sealed(gzip.compress(head + '{"t":"x","r":{}}\n'.encode("utf-16")))
    if kind == "zip_bomb":
        return sealed(gzip.compress(head + b" " * (64 << 20), compresslevel=9))
    if kind == "too_large":  # incompressible: not a bomb, only bigger than allowed
        padding = base64.b64encode(os.urandom(2 << 20)).decode()
        return sealed(gzip.compress(_line({**MANIFEST, "padding": padding})))
    raise AssertionError(kind)


EXPECTED = {
    "truncated_file": r"truncated|fails authentication",
    "truncated_content": r"ends too early \(truncated\)|damaged",
    "latin1": r"Line 2 of the backup: not UTF-8",
    "utf16": r"Line 2 of the backup: .*(UTF-16|NUL)",
    "zip_bomb": r"decompression bomb.*BACKCHANNEL_MAX_EXPANSION",
    "too_large": r"expands to more than 1 MiB.*BACKCHANNEL_MAX_DECOMPRESSED_BYTES",
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_a_hostile_backup_is_refused_and_the_database_stays_empty(
    kind: str, world: object, tmp_path: Path, settings: Any
) -> None:
    out = io.BytesIO()
    backup_write(out)
    empty_database()
    before = counts()
    assert not any(before.values())
    if kind == "too_large":
        settings.BACKCHANNEL_MAX_DECOMPRESSED_BYTES = 1 << 20
    path = tmp_path / "hostile.bcbk"
    path.write_bytes(craft(kind, out.getvalue()))
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(path))
    message = str(caught.value)
    assert re.search(EXPECTED[kind], message, re.S), message
    assert message.endswith("Nothing was restored.")
    assert counts() == before
    # The genuine backup still restores into that same database.
    good = tmp_path / "good.bcbk"
    good.write_bytes(out.getvalue())
    call_command("restore", str(good), stdout=io.StringIO())
    assert any(counts().values())
