"""``backchannel seat``: seat people in bulk, see who took each seat up, and
end the access of a seat taken up by the wrong login.

The same services as the roster page and the API, acting as a manager of the
process named with ``--as``. ``import``: every problem is listed with its
line and nothing is written; ``--dry-run`` shows who would be created and who
matched in the registry, and writes nothing. ``list``: each seat, whether it
is taken up, on which day and by which login. ``end-access``: "not the right
person", for conveners of the process (``seat_access_end``).

    backchannel seat import PROCESS FILE --as USERNAME [--dry-run]
    backchannel seat list PROCESS --as USERNAME
    backchannel seat end-access PROCESS CODE --as USERNAME
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backchannel.accounts.models import User
from backchannel.core.cli import (
    acting_as,
    acting_user,
    add_as_argument,
    read_input,
    resolve_by_prefix,
    seats_by_code,
)
from backchannel.participants import services
from backchannel.participants.logins import login_name
from backchannel.participants.schemas import take_up_out
from backchannel.participants.seating import (
    HEADER,
    roster_plan,
    roster_seat,
)
from backchannel.participants.selectors import roster_for
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Process


class Command(BaseCommand):
    help = (
        "Seat people in bulk. `seat import PROCESS FILE --as USERNAME [--dry-run]`: "
        f"FILE is a CSV with the header {HEADER} (name and role required; - for "
        "standard input). New people are added to the organisation's registry, "
        "people already in it (same name, and an email in common when both have "
        "one) are seated, not duplicated. `seat list PROCESS --as USERNAME`: who "
        "took each seat up, and when. `seat end-access PROCESS CODE --as "
        "USERNAME`: end the access of the seat with pseudonym CODE, taken up by "
        "the wrong login (conveners only). USERNAME is a convener or facilitator "
        "of the process."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import")
        load.add_argument("process")
        load.add_argument("file", metavar="FILE")
        load.add_argument(
            "--dry-run",
            action="store_true",
            help="check and show what would be done; write nothing",
        )
        listing = sub.add_parser("list")
        listing.add_argument("process")
        end = sub.add_parser("end-access")
        end.add_argument("process")
        end.add_argument("code", metavar="CODE", help="the seat's pseudonym code")
        add_as_argument(load, listing, end)

    def handle(self, *args: Any, **options: Any) -> None:
        user: User = acting_user(options["as_user"])
        if options["action"] != "import":
            role = _("a manager of the process; ending access needs a convener")
            with acting_as(user, refused=None, role=role):
                process = resolve_by_prefix(Process, options["process"])
                access = access_process_by_id(user, process.pk, manage=True)
                if options["action"] == "list":
                    self._list(access)
                else:
                    self._end_access(access, options["code"])
            return
        name = options["file"]
        label = _("standard input") if name == "-" else name
        text = read_input(name, nothing="Nobody was seated.")
        with acting_as(
            user, refused=_("%(file)s was refused; nobody was seated") % {"file": label}
        ):
            process = resolve_by_prefix(Process, options["process"])
            access = access_process_by_id(user, process.pk, manage=True)
            plan = roster_plan(access=access, text=text)
            if len(plan.problems) == 1:
                raise CommandError(
                    _("%(file)s, %(problem)s Nobody was seated.")
                    % {"file": label, "problem": plan.problems[0]}
                )
            if plan.problems:
                raise CommandError(
                    ngettext(
                        "%(file)s has %(count)s problem; nobody was seated. Fix it "
                        "and run the import again:",
                        "%(file)s has %(count)s problems; nobody was seated. Fix "
                        "them and run the import again:",
                        len(plan.problems),
                    )
                    % {"file": label, "count": len(plan.problems)}
                    + "\n"
                    + "\n".join(f"  {p}" for p in plan.problems)
                )
            for row in plan.rows:
                who = "registry" if row.person is not None else "new"
                side = str(row.side.name) if row.side else "-"
                self.stdout.write(
                    f"line {row.line}\t{who}\t{row.name}\t{side}\t{row.role}\t"
                    f"{row.capacity}\t{row.gender}\t{row.level}"
                )
            if options["dry_run"]:
                self.stderr.write(
                    _(
                        "Dry run: %(new)s new, %(matched)s from the registry; "
                        "nothing was written."
                    )
                    % {"new": plan.new_people, "matched": plan.matched_people}
                )
                return
            seats = roster_seat(access=access, text=text)
        self.stderr.write(
            _(
                "Seated %(count)s: %(new)s added to the registry, %(matched)s from "
                "it. Invite them with %(command)s."
            )
            % {
                "count": len(seats),
                "new": plan.new_people,
                "matched": plan.matched_people,
                "command": f"`backchannel invite create {process.pk} --all "
                f"--as {user.username}`",
            }
        )

    def _list(self, access: ProcessAccess) -> None:
        for seat in roster_for(access):
            take_up = take_up_out(seat)
            if take_up.taken_up:
                state = _("taken up %(date)s by %(username)s") % {
                    "date": take_up.joined_on,
                    "username": take_up.username,
                }
            elif take_up.left_on is not None:
                state = _("left or ended %(date)s") % {"date": take_up.left_on}
            else:
                state = _("not taken up")
            self.stdout.write(f"{seat.pseudonym}\t{seat.role}\t{state}")

    def _end_access(self, access: ProcessAccess, code: str) -> None:
        [seat] = seats_by_code(roster_for(access), [code])
        username = login_name(seat.person)
        services.seat_access_end(access=access, seat=seat)
        self.stdout.write(
            _(
                "Ended the access of %(code)s (taken up by %(username)s). Invite the "
                "right person with %(command)s."
            )
            % {
                "code": seat.pseudonym,
                "username": username,
                "command": f"`backchannel invite create {access.process.pk} "
                f"{seat.pseudonym} --as {access.actor.username}`",
            }
        )
