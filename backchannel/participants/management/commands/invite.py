"""``backchannel invite``: invitations to take up seats, from the command line.

The same services as the web pages and the API, acting as a manager of the
process named with ``--as`` (a convener or facilitator): the command can do
nothing that manager could not do in the browser.

    backchannel invite create PROCESS A-03 [B-01 …] --as USERNAME [--days 14] [--qr DIR]
    backchannel invite create PROCESS --all --as USERNAME [--replace-pending]

A seat whose invitation is still pending is skipped (the link already handed
over keeps working) unless ``--replace-pending`` is given.
    backchannel invite list PROCESS --as USERNAME
    backchannel invite revoke INVITATION_ID --as USERNAME
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from backchannel.accounts.models import User
from backchannel.core.cli import (
    acting_as,
    acting_user,
    add_as_argument,
    resolve_by_prefix,
    seats_by_code,
)
from backchannel.participants import services
from backchannel.participants.access import access_invitation_by_id
from backchannel.participants.invitation_views import qr_svg
from backchannel.participants.selectors import invitation_list_for, roster_for
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Process


class Command(BaseCommand):
    help = (
        "Invitations to take up seats. `invite create PROCESS CODE… --as USERNAME`: "
        "a single-use link and code per seat (by pseudonym code, or --all seats "
        "not taken up), printed once; `invite list PROCESS --as USERNAME`; "
        "`invite revoke INVITATION_ID --as USERNAME`. USERNAME is a convener or "
        "facilitator of the process, on whose behalf the command acts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("process")
        create.add_argument("codes", nargs="*", metavar="CODE")
        create.add_argument(
            "--all", action="store_true", help="every seat not taken up yet"
        )
        create.add_argument(
            "--replace-pending",
            action="store_true",
            help="also invite seats whose invitation is still pending, revoking it",
        )
        create.add_argument("--days", type=int, default=services.INVITATION_DAYS)
        create.add_argument(
            "--qr", metavar="DIR", help="also write each link as an SVG QR code here"
        )
        listing = sub.add_parser("list")
        listing.add_argument("process")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("invitation")
        add_as_argument(create, listing, revoke)

    def handle(self, *args: Any, **options: Any) -> None:
        user: User = acting_user(options["as_user"])
        with acting_as(user, refused=None):
            getattr(self, "_" + options["action"])(user, options)

    def _access(self, user: User, reference: str) -> ProcessAccess:
        process = resolve_by_prefix(Process, reference)
        return access_process_by_id(user, process.pk, manage=True)

    def _create(self, user: User, options: dict[str, Any]) -> None:
        access = self._access(user, options["process"])
        seats = roster_for(access)
        if options["all"]:
            chosen = [s for s in seats if s.left_on is None]
        else:
            if not options["codes"]:
                raise CommandError(
                    _("Name the seats by pseudonym code (e.g. A-03), or give --all.")
                )
            chosen = seats_by_code(seats, options["codes"])
        qr_dir = Path(options["qr"]) if options["qr"] else None
        if qr_dir is not None and not qr_dir.is_dir():
            raise CommandError(
                _("%(dir)s is not a folder: create it first.") % {"dir": qr_dir}
            )
        batch = services.invitation_create_many(
            access=access,
            seats=chosen,
            replace_pending=options["replace_pending"],
            days=options["days"],
        )
        for invitation, code in batch.made:
            seat = invitation.seat
            link = services.invitation_link(code)
            self.stdout.write(
                f"{seat.pseudonym}\t{services.format_code(code)}\t{link}\t"
                + _("valid until %(when)s UTC")
                % {"when": f"{invitation.expires_at:%Y-%m-%d %H:%M}"}
            )
            if qr_dir is not None:
                target = qr_dir / f"invitation-{seat.pseudonym}.svg"
                target.write_text(str(qr_svg(link)), encoding="utf-8")
                target.chmod(0o600)
        self.stderr.write(batch.summary())
        if batch.made:
            self.stderr.write(
                _(
                    "Each code is shown only now: hand it over in person or through "
                    "a channel you trust."
                )
            )

    def _list(self, user: User, options: dict[str, Any]) -> None:
        access = self._access(user, options["process"])
        for invitation in invitation_list_for(access):
            self.stdout.write(
                f"{invitation.pk}\t{invitation.seat.pseudonym}\t{invitation.state}\t"
                + _("made %(date)s") % {"date": invitation.created_on}
                + "\t"
                + _("until %(when)s UTC")
                % {"when": f"{invitation.expires_at:%Y-%m-%d %H:%M}"}
            )

    def _revoke(self, user: User, options: dict[str, Any]) -> None:
        invitation, access = access_invitation_by_id(user, options["invitation"])
        services.invitation_revoke(access=access, invitation=invitation)
        self.stdout.write(_("Revoked invitation %(id)s.") % {"id": invitation.pk})
