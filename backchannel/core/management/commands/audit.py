from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backchannel.core.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log. Exit 1 naming the first bad entry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        bad = audit_verify()
        if bad is not None:
            self.stderr.write(
                f"Audit log broken at entry {bad.seq} ({bad.verb} at {bad.at:%Y-%m-%d}): "
                "it was modified, deleted, inserted or reordered."
            )
            raise SystemExit(1)
        self.stdout.write("Audit log intact.")
