"""``backchannel resetpassword``: set a new password for a user who lost theirs.

This workspace sends no email, so a forgotten password is reset by whoever
runs the server. The user's sessions end and their API tokens are revoked; their second factor
stays.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.accounts.models import User
from backchannel.accounts.services import password_reset
from backchannel.core.cli import add_login_arguments, error_lines, read_password
from backchannel.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Set a new password for USERNAME (asked twice, or read from the first line "
        "of standard input with --password-stdin). The user's sessions end and "
        "their API tokens are revoked; their second factor stays."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        add_login_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if not User.objects.filter(username__iexact=username).exists():
            raise CommandError(
                f"No user is called {username!r}: check the spelling (the login "
                "name, not the person's name)."
            )
        password = read_password(options, "resetpassword")
        try:
            user = password_reset(username=options["username"], password=password)
        except ValidationFailed as exc:
            raise CommandError(
                "The password was not changed:\n" + error_lines(exc.errors)
            ) from None
        self.stdout.write(
            f"New password set for {user.username}; their sessions have ended and "
            "their API tokens are revoked."
        )
