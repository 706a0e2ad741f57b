"""``backchannel organisation create|list|rename``: the tenants of a deployment."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.accounts.models import Membership, Organisation, OrgRole
from backchannel.accounts.services import organisation_create, organisation_rename
from backchannel.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Organisations (the convening bodies that own processes). "
        "`organisation create SLUG --name NAME`, `organisation list`, "
        "`organisation rename SLUG [--name NAME] [--slug NEW]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create an organisation")
        create.add_argument("slug", metavar="SLUG", help="short name, e.g. idm")
        create.add_argument("--name", required=True, help="its full name")
        sub.add_parser("list", help="every organisation: slug, conveners, name")
        rename = sub.add_parser("rename", help="change its name or slug")
        rename.add_argument("slug", metavar="SLUG")
        rename.add_argument("--name", default="", help="the new full name")
        rename.add_argument("--slug", dest="new_slug", default="", help="the new slug")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list()
            return
        try:
            if action == "create":
                org = organisation_create(name=options["name"], slug=options["slug"])
                self.stdout.write(
                    f"Created organisation {org.slug} ({org.name}). Next: "
                    f"backchannel createuser USERNAME --organisation {org.slug} "
                    "--role convener --password-stdin"
                )
                return
            org = find_organisation(options["slug"])
            organisation_rename(
                organisation=org, name=options["name"], slug=options["new_slug"]
            )
            self.stdout.write(f"Organisation {org.slug} is now called {org.name}.")
        except ValidationFailed as exc:
            raise CommandError(
                "Nothing was changed: "
                + "; ".join(
                    f"{'slug' if field == '__all__' else field}: {msg}"
                    for field, msgs in exc.errors.items()
                    for msg in msgs
                )
            ) from None

    def _list(self) -> None:
        organisations = Organisation.objects.order_by("slug")
        if not organisations:
            self.stdout.write(
                "No organisation yet: create one with "
                "`backchannel organisation create SLUG --name NAME`."
            )
            return
        for org in organisations:
            conveners = Membership.objects.filter(
                organisation=org, role=OrgRole.CONVENER
            ).count()
            noun = "convener" if conveners == 1 else "conveners"
            self.stdout.write(f"{org.slug}\t{conveners} {noun}\t{org.name}")


def find_organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        slugs = sorted(Organisation.objects.values_list("slug", flat=True))
        known = f"use one of {', '.join(slugs)}" if slugs else "there is none yet"
        raise CommandError(f"No organisation has the slug {slug!r}: {known}.")
    return organisation
