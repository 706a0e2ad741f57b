from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core.backup import BackupError, backup_restore
from backchannel.core.keystore import KeyStoreError


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty, migrated database, then verify row counts, "
        "checksums and the audit chain. Needs the same master key as the backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a file written by `backchannel backup`")
        parser.add_argument(
            "--skip-missing-keys",
            action="store_true",
            help="leave out the rows of data keys the key store does not hold, "
            "instead of refusing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as source:
                summary = backup_restore(
                    source, skip_missing_keys=options["skip_missing_keys"]
                )
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file.") from None
        except (BackupError, KeyStoreError) as exc:
            raise CommandError(f"{path}: {exc} Nothing was restored.") from None
        rows = sum(summary.tables.values()) - summary.skipped_rows
        self.stdout.write(
            f"Restored and verified {rows} rows in {len(summary.tables)} tables; the "
            f"audit chain is intact up to entry {summary.audit_head}."
        )
        if summary.shredded_keys or summary.missing_keys:
            processes = ", ".join(summary.shredded_processes) or "none"
            self.stdout.write(
                f"Left out, never decrypted: {summary.skipped_rows} rows under "
                f"{summary.shredded_keys} data key(s) destroyed in the key store "
                f"(crypto-shredded) and {summary.missing_keys} missing from it. "
                f"Processes left out: {processes}."
            )
