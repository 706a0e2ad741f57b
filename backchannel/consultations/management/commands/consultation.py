"""``backchannel consultation export ID DIR``, ``backchannel consultation import
ID DIR --as USERNAME`` and ``backchannel consultation analyze ID``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.consultations.models import Consultation, Statement, StatementStatus
from backchannel.consultations.services import (
    analysis_run_now,
    consultation_export_to,
    consultation_import,
)
from backchannel.core.cli import (
    acting_as,
    acting_user,
    add_as_argument,
    resolve_by_prefix,
)
from backchannel.core.files import FileRefused, add_force_argument
from backchannel.processes.access import access_process_by_id


class Command(BaseCommand):
    # No URL configuration, API schema or admin is needed here: skipping
    # Django's system checks saves seconds on every run (``migrate`` and
    # ``check`` still run them).
    requires_system_checks: list[str] = []
    help = (
        "`consultation export ID DIR`: write a consultation in the Pol.is export "
        "format (comments.csv, votes.csv, participants-votes.csv). "
        "`consultation import ID DIR --as USERNAME`: continue a Pol.is "
        "conversation in this (empty) consultation: its statements with their "
        "moderation, and each participant's votes under a new ballot. "
        "`consultation analyze ID`: run its analysis now and store the results."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the Pol.is export files")
        export.add_argument("consultation", help="the consultation id (or a prefix)")
        export.add_argument(
            "directory", help="where to write (created, owner-only, if needed)"
        )
        add_force_argument(export)
        load = sub.add_parser(
            "import", help="read a Pol.is export into an empty consultation"
        )
        load.add_argument("consultation", help="the consultation id (or a prefix)")
        load.add_argument(
            "directory",
            help="the export's folder: comments.csv with votes.csv or "
            "participants-votes.csv",
        )
        add_as_argument(load, help="a convener or facilitator of the process (audited)")
        analyze = sub.add_parser("analyze", help="analyse now, without the worker")
        analyze.add_argument("consultation", help="the consultation id (or a prefix)")

    def handle(self, *args: Any, **options: Any) -> None:
        consultation = resolve_by_prefix(
            Consultation,
            options["consultation"],
            queryset=Consultation.objects.select_related("process"),
        )
        if options["action"] == "import":
            self._import(consultation, options)
            return
        if options["action"] == "export":
            directory = Path(options["directory"])
            if directory.exists() and not directory.is_dir():
                raise CommandError(f"{directory} is a file: give a directory.")
            try:
                votes = consultation_export_to(
                    consultation=consultation,
                    directory=directory,
                    force=options["force"],
                )
            except FileRefused as exc:
                raise CommandError(str(exc)) from None
            accepted = Statement.objects.filter(
                consultation=consultation, status=StatementStatus.ACCEPTED
            ).count()
            self.stdout.write(
                f"Wrote {accepted} accepted statements and {votes} votes "
                f"of consultation {consultation.pk} to {directory} (Pol.is format)."
            )
            return
        run = analysis_run_now(consultation=consultation)
        groups = len((run.result or {}).get("groups", []))
        self.stdout.write(
            f"Analysed consultation {consultation.pk}: {run.participants} "
            f"participants, {run.votes} votes, {groups} opinion groups."
        )

    def _import(self, consultation: Consultation, options: dict[str, Any]) -> None:
        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(
                f"{directory} is not a folder: give the folder holding the "
                "export's comments.csv and votes.csv."
            )
        user = acting_user(options["as_user"])
        with acting_as(user, refused=f"{directory} was refused; nothing was imported"):
            access = access_process_by_id(user, consultation.process_id, manage=True)
            summary = consultation_import(
                access=access, consultation=consultation, directory=directory
            )
        self.stdout.write(
            f"Imported into consultation {consultation.pk}: {summary.statements} "
            f"statements ({summary.accepted} accepted, {summary.rejected} "
            f"rejected, {summary.pending} pending), {summary.votes} votes "
            f"under {summary.ballots} new ballots."
        )
