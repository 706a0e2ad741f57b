from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty, migrated database, then verify row counts, "
        "checksums and the audit chain. Needs the same master key as the backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a file written by `backchannel backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as source:
                summary = backup_restore(source)
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file.") from None
        except BackupError as exc:
            raise CommandError(f"{path}: {exc} Nothing was restored.") from None
        rows = sum(summary.tables.values())
        self.stdout.write(
            f"Restored and verified {rows} rows in {len(summary.tables)} tables; the "
            f"audit chain is intact up to entry {summary.audit_head}."
        )
