"""``backchannel createuser``: add a login, optionally as a member of an organisation."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from backchannel.accounts.models import Organisation, OrgRole
from backchannel.accounts.services import membership_set, user_create
from backchannel.core.cli import add_login_arguments, error_lines, read_password
from backchannel.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Create a user. The password is asked twice, or read from the first line of "
        "standard input with --password-stdin. With --organisation, the user also "
        "becomes a member (staff unless --role convener)."
    )
    # Tests pass a stream here instead of the terminal (as createsuperuser does).
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        add_login_arguments(parser)
        parser.add_argument(
            "--organisation", metavar="SLUG", help="make the user a member of it"
        )
        parser.add_argument(
            "--role",
            choices=list(OrgRole.values),
            help="role in the organisation (default: staff)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug, role = options["organisation"], options["role"]
        if role and not slug:
            raise CommandError(
                "--role needs --organisation SLUG: say which organisation the role is in."
            )
        organisation = _organisation(slug) if slug else None
        password = read_password(options, "createuser")
        try:
            with transaction.atomic():
                user = user_create(username=options["username"], password=password)
                if organisation is not None:
                    membership_set(
                        organisation=organisation, user=user, role=role or OrgRole.STAFF
                    )
        except ValidationFailed as exc:
            raise CommandError(
                "The user was not created:\n" + error_lines(exc.errors)
            ) from None
        where = (
            f", {role or OrgRole.STAFF} of {organisation.slug}"
            if organisation is not None
            else ""
        )
        self.stdout.write(f"Created user {user.username}{where}.")


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        slugs = sorted(Organisation.objects.values_list("slug", flat=True))
        known = f"use one of {slugs}" if slugs else "there is no organisation yet"
        raise CommandError(f"No organisation has the slug {slug!r}: {known}.")
    return organisation
