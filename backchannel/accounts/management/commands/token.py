"""``backchannel token create USERNAME [--label L]``: an API token, shown once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.accounts.models import User
from backchannel.accounts.services import api_token_create
from backchannel.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Manage API tokens. `token create USERNAME`: create a bearer token for the "
        "JSON API; it is printed once and only its hash is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument(
            "--label", default="", help="what the token is for, e.g. 'laptop script'"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(
                f"No active user {username!r}: check the spelling, or create the "
                "user with 'backchannel createuser'."
            )
        try:
            token, plaintext = api_token_create(user=user, label=options["label"])
        except ValidationFailed as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(plaintext)
        self.stdout.write(
            f"Token {token.prefix}… created for {user.username}. Store it now: it is "
            "shown only this once. Send it as 'Authorization: Bearer <token>'."
        )
