# ruff: noqa: N999 - the command is `setup-token`, as Django names it after the file
"""``backchannel setup-token``: open the first-run page once, for one hour.

The file name carries the hyphen: Django names a command after its module.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.accounts.services import SETUP_TOKEN_LIFETIME, setup_token_create
from backchannel.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Print a one-time link to the first-run page, where the first organisation "
        "and its convener are created from a browser. Only on a deployment with no "
        "user yet; the link works once, for an hour, and a new one cancels it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="",
            help="where the deployment is served, e.g. https://dialogue.example.org",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            token, expires = setup_token_create(lifetime=SETUP_TOKEN_LIFETIME)
        except ValidationFailed as exc:
            raise CommandError(exc.message.removeprefix("__all__: ")) from None
        base = options["base_url"].rstrip("/")
        self.stdout.write(f"{base}/setup/{token}/")
        self.stdout.write(
            f"Open this link within the hour (until {expires:%Y-%m-%d %H:%M} UTC) to "
            "create the first organisation and its convener. It works once; keep it "
            "to yourself."
        )
