"""``backchannel consultation export ID DIR`` and ``backchannel consultation analyze ID``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.consultations.models import Consultation, Statement, StatementStatus
from backchannel.consultations.services import analysis_run_now, consultation_export_to
from backchannel.core.cli import resolve_by_prefix
from backchannel.core.files import FileRefused, add_force_argument


class Command(BaseCommand):
    help = (
        "`consultation export ID DIR`: write a consultation in the Pol.is export "
        "format (comments.csv, votes.csv, participants-votes.csv). "
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
        analyze = sub.add_parser("analyze", help="analyse now, without the worker")
        analyze.add_argument("consultation", help="the consultation id (or a prefix)")

    def handle(self, *args: Any, **options: Any) -> None:
        consultation = resolve_by_prefix(
            Consultation,
            options["consultation"],
            queryset=Consultation.objects.select_related("process"),
        )
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
