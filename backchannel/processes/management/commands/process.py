from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from backchannel.core.cli import resolve_by_prefix
from backchannel.processes.access import Operator
from backchannel.processes.models import Process
from backchannel.processes.services import process_destroy

WARN_DAYS = 30


class Command(BaseCommand):
    help = (
        "`process destroy PROCESS --yes`: crypto-shred one process. "
        "`process retention`: destroy processes past their retention date and warn "
        f"about those due within {WARN_DAYS} days."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        destroy = sub.add_parser("destroy")
        destroy.add_argument("process")
        destroy.add_argument(
            "--yes", action="store_true", help="confirm: this cannot be undone"
        )
        sub.add_parser("retention")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "destroy":
            # A destroyed process too: destroying it again is harmless.
            process = resolve_by_prefix(Process, options["process"], destroyed=True)
            if not options["yes"]:
                raise CommandError(
                    "Destroying a process cannot be undone: repeat with --yes to confirm."
                )
            pid = process.pk
            process_destroy(process=process, actor=Operator())
            self.stdout.write(f"Destroyed process {pid}: its data key is gone.")
            return
        # "Records kept until D": kept through D, destroyed from the day after.
        today = timezone.now().date()
        due = Process.objects.filter(retention_until__lt=today)
        soon = Process.objects.filter(
            retention_until__gte=today,
            retention_until__lt=today + dt.timedelta(days=WARN_DAYS),
        )
        for process in soon:
            if process.retention_until is None:  # never: the filter asks for one
                continue
            destroy_on = process.retention_until + dt.timedelta(days=1)
            self.stderr.write(
                f"Warning: process {process.pk} is kept until "
                f"{process.retention_until} and will be destroyed on {destroy_on}."
            )
        count = 0
        for process in due:
            process_destroy(process=process, actor=Operator())
            count += 1
        self.stdout.write(f"Destroyed {count} processes past their retention date.")
