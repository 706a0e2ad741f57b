"""``backchannel resetpassword``: set a new password for a user who lost theirs.

This workspace sends no email, so a forgotten password is reset by whoever
runs the server. The user's sessions end; their second factor stays.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.accounts.services import password_reset
from backchannel.core.errors import ValidationFailed
from backchannel.core.management.commands.createuser import (
    _lines,
    add_login_arguments,
    read_password,
)


class Command(BaseCommand):
    help = (
        "Set a new password for USERNAME (asked twice, or read from the first line "
        "of standard input with --password-stdin). The user's sessions end; their "
        "second factor and API tokens stay."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        add_login_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        password = read_password(options, "resetpassword")
        try:
            user = password_reset(username=options["username"], password=password)
        except ValidationFailed as exc:
            raise CommandError(
                "The password was not changed:\n" + _lines(exc.errors)
            ) from None
        self.stdout.write(
            f"New password set for {user.username}; their sessions have ended."
        )
