"""``backchannel output export --output FILE`` writes a file its owner alone can
read (0600), whatever the umask and even over an existing readable file (which
it replaces only when asked with ``--force``)."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from django.core.management import call_command

from tests.transfer.factories import CLEAN_BODY, make_output
from tests.world import World


def test_the_exported_file_is_readable_by_its_owner_only(
    world: World, tmp_path: Path
) -> None:
    output = make_output(world.access("facilitator"), body=CLEAN_BODY)
    fresh = tmp_path / "memo.md"
    existing = tmp_path / "old.md"
    existing.write_bytes(b"old")
    existing.chmod(0o644)
    previous = os.umask(0o022)
    try:
        for target in (fresh, existing):
            call_command(
                "output",
                "export",
                str(output.pk),
                "--as",
                world.users["convener"].username,
                "--format",
                "md",
                "--output",
                str(target),
                *(["--force"] if target == existing else []),
                stderr=io.StringIO(),
            )
            assert stat.S_IMODE(target.stat().st_mode) == 0o600
            assert target.read_bytes() != b"old"
    finally:
        os.umask(previous)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.md", "old.md"]
