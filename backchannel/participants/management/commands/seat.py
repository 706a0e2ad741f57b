"""``backchannel seat import``: seat people in bulk from a roster CSV.

The same service as the roster page and the API (``participants.seating``),
acting as a convener or facilitator of the process named with ``--as``: every
problem is listed with its line and nothing is written; ``--dry-run`` shows
who would be created and who matched in the registry, and writes nothing.

    backchannel seat import PROCESS FILE --as USERNAME [--dry-run]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.accounts.models import User
from backchannel.core import uploads
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.participants.seating import (
    HEADER,
    roster_plan,
    roster_seat,
)
from backchannel.processes.access import access_process_by_id
from backchannel.processes.management.commands.export import resolve_process


class Command(BaseCommand):
    help = (
        "Seat people in bulk. `seat import PROCESS FILE --as USERNAME [--dry-run]`: "
        f"FILE is a CSV with the header {HEADER} (name and role required; - for "
        "standard input). New people are added to the organisation's registry, "
        "people already in it (same name, and an email in common when both have "
        "one) are seated, not duplicated. USERNAME is a convener or facilitator "
        "of the process."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import")
        load.add_argument("process")
        load.add_argument("file", metavar="FILE")
        load.add_argument("--as", dest="as_user", required=True, metavar="USERNAME")
        load.add_argument(
            "--dry-run",
            action="store_true",
            help="check and show what would be done; write nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["as_user"], is_active=True).first()
        if user is None:
            raise CommandError(
                f"No active user {options['as_user']!r}: name a convener or "
                "facilitator of the process with --as."
            )
        name = options["file"]
        label = "standard input" if name == "-" else name
        try:
            text = uploads.read_text(
                name, limit=uploads.limit("MAX_UPLOAD_BYTES"), label=label
            )
        except OSError as exc:
            raise CommandError(
                f"Cannot read {name}: {exc.strerror}. Check the path."
            ) from None
        except uploads.InputRefused as exc:
            raise CommandError(f"{exc} Nobody was seated.") from None
        try:
            process = resolve_process(options["process"])
            access = access_process_by_id(user, process.pk, manage=True)
            plan = roster_plan(access=access, text=text)
            if len(plan.problems) == 1:
                raise CommandError(f"{label}, {plan.problems[0]} Nobody was seated.")
            if plan.problems:
                raise CommandError(
                    f"{label} has {len(plan.problems)} problem(s); nobody was "
                    "seated. Fix them and run the import again:\n"
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
                    f"Dry run: {plan.new_people} new, {plan.matched_people} from the "
                    "registry; nothing was written."
                )
                return
            seats = roster_seat(access=access, text=text)
        except ValidationFailed as exc:
            raise CommandError(
                f"{label} was refused; nobody was seated:\n"
                + "\n".join(f"  {line}" for line in exc.lines())
            ) from None
        except (NotFound, PermissionDenied) as exc:
            raise CommandError(
                f"{exc.message} (acting as {user.username}: --as names a convener "
                "or facilitator of the process)"
            ) from None
        self.stderr.write(
            f"Seated {len(seats)}: {plan.new_people} added to the registry, "
            f"{plan.matched_people} from it. Invite them with `backchannel invite "
            f"create {process.pk} --all --as {user.username}`."
        )
