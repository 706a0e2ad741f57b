"""``backchannel person``: a person's login link, as on the person page.

The same services as the person page and the API (``participants.links``),
acting as a convener of the person's organisation named with ``--as``.
``login``: which login the person is linked to, since when and through which
process's invitation. ``unlink-login``: unlink it; every seat of the person
taken up with it ends today, in every process, and pending invitations for the
person are revoked.

    backchannel person login PERSON --as USERNAME
    backchannel person unlink-login PERSON --as USERNAME
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.accounts.models import User
from backchannel.core.cli import resolve_by_prefix
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.participants import links
from backchannel.participants.access import access_person_by_id
from backchannel.participants.logins import login_name
from backchannel.participants.models import Person


class Command(BaseCommand):
    help = (
        "A person's login link (conveners of the organisation). `person login "
        "PERSON --as USERNAME`: which login the person is linked to, since when and "
        "through which process's invitation. `person unlink-login PERSON --as "
        "USERNAME`: unlink it; the person's seats taken up with it end, in every "
        "process. PERSON is the person's id (or its first 6+ hex digits)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name in ("login", "unlink-login"):
            p = sub.add_parser(name)
            p.add_argument("person", metavar="PERSON")
            p.add_argument("--as", dest="as_user", required=True, metavar="USERNAME")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["as_user"], is_active=True).first()
        if user is None:
            raise CommandError(
                f"No active user {options['as_user']!r}: name a convener of the "
                "person's organisation with --as."
            )
        # Only the people of organisations --as belongs to are looked up.
        people = Person.objects.filter(organisation__memberships__user=user)
        person = resolve_by_prefix(
            Person, options["person"], queryset=people, what="person"
        )
        try:
            person = access_person_by_id(user, person.pk)
            if options["action"] == "login":
                self._show(user, person)
            else:
                self._unlink(user, person)
        except ValidationFailed as exc:
            raise CommandError(exc.message) from None
        except (NotFound, PermissionDenied) as exc:
            raise CommandError(
                f"{exc.message} (acting as {user.username}: --as names a convener "
                "of the person's organisation)"
            ) from None

    def _show(self, user: User, person: Person) -> None:
        link = links.login_link_get(user, person)
        if link is None:
            self.stdout.write("No login is linked to this person.")
            return
        since = link.since.isoformat() if link.since else "-"
        self.stdout.write(
            f"{link.username}\tsince {since}\tthrough {link.process_title or '-'}"
        )

    def _unlink(self, user: User, person: Person) -> None:
        username = login_name(person)
        ended = links.person_login_unlink(actor=user, person=person)
        self.stdout.write(
            f"Unlinked {username}; {ended} seat(s) ended. Invite the person again."
        )
