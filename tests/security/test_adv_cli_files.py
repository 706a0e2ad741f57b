"""Adversary: files the CLI writes loosely, or through a symbolic link.

README, Command line: "Every file a command writes ... is created readable by
its owner only (0600), never through a symbolic link (O_NOFOLLOW) and never over
an existing file (O_EXCL)". ``backchannel consultation export ID DIR`` writes
``comments.csv``, ``votes.csv`` and ``participants-votes.csv`` with the umask's
mode (0644), creates a missing DIR 0755, overwrites existing files and follows
a symbolic link planted in DIR: whoever can write to DIR makes the operator
(often root) overwrite any file with the votes.

Also: ``backchannel keys restore`` and ``audit verify --checkpoint`` given
deeply nested JSON end in "Unexpected error (RecursionError ...)" instead of
the one-line refusal ``import`` and ``restore`` give.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.consultations.conftest import make_consultation, vote_json
from tests.world import World


def _export(world: World, target: Path) -> None:
    opened = make_consultation(world)
    vote_json(Client(), opened, opened.statements[0], "agree")
    try:
        call_command(
            "consultation",
            "export",
            str(opened.consultation.pk),
            str(target),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    except CommandError:
        pass  # refusing is fine; writing loosely is not


def test_the_consultation_export_writes_owner_only_files(
    world: World, tmp_path: Path
) -> None:
    target = tmp_path / "new-dir"
    previous = os.umask(0o022)
    try:
        _export(world, target)
    finally:
        os.umask(previous)
    written = sorted(target.iterdir())
    assert written
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written}
    assert set(modes.values()) == {"0o600"}, modes


def test_the_consultation_export_does_not_write_through_a_symlink(
    world: World, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    target = tmp_path / "out"
    target.mkdir()
    (target / "votes.csv").symlink_to(victim)
    _export(world, target)
    assert victim.read_text() == "precious\n", "the export wrote through a symlink"


@pytest.mark.parametrize(
    "args",
    [["keys", "restore"], ["audit", "verify", "--checkpoint"]],
    ids=["keys-restore", "audit-verify-checkpoint"],
)
def test_deeply_nested_json_gets_a_one_line_refusal(
    db: None, tmp_path: Path, args: list[str], settings: object
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000)
    settings.BACKCHANNEL_AUDIT_PUBLIC_KEY = ""  # type: ignore[attr-defined]
    with pytest.raises((CommandError, SystemExit)) as caught:
        call_command(*args, str(deep), stdout=io.StringIO(), stderr=io.StringIO())
    message = str(caught.value)
    assert "RecursionError" not in message and "Unexpected error" not in message, (
        message
    )
