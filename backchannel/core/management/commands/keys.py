from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core.audit import audit_rotate
from backchannel.core.errors import DecryptionError
from backchannel.core.services import data_keys_rotate


class Command(BaseCommand):
    help = (
        "Manage encryption keys. `keys rotate`: re-wrap every data key under the "
        "current BACKCHANNEL_MASTER_KEY (list the old key in "
        "BACKCHANNEL_PREVIOUS_MASTER_KEYS while it runs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rotate"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rewrapped, current = data_keys_rotate()
            audit_rotate()  # the audit key: re-wrapped, the chain stays verifiable
        except DecryptionError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"Re-wrapped {rewrapped} data keys under the current master key "
            f"({current} were already current). The previous master key can now "
            "be removed from BACKCHANNEL_PREVIOUS_MASTER_KEYS."
        )
