from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backchannel.core.backup import backup_write
from backchannel.core.files import add_force_argument, private_file


class Command(BaseCommand):
    help = (
        "Write an encrypted, consistent snapshot of the whole workspace (online: the "
        "server keeps running). Neither the master key nor the data keys are in "
        "it: back up the key store with `backchannel keys backup`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", "-o", required=True, help="the backup file to write"
        )
        add_force_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        # Opened first: a wrong path is refused before any work, never after.
        with private_file(path, force=options["force"]) as out:
            summary = backup_write(out)
        rows = sum(summary.tables.values())
        self.stdout.write(
            f"Backed up {rows} rows from {len(summary.tables)} tables to {path} "
            f"(audit log up to entry {summary.audit_head}; file mode 0600)."
        )
