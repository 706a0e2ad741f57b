"""``backchannel export``: write one process as a portable JSON document."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core.files import add_force_argument, write_private
from backchannel.processes.models import Process
from backchannel.processes.portability import process_export_system


class Command(BaseCommand):
    help = (
        "Write a process (sides, phases, objectives, participants, meetings, "
        "ecosystem) as JSON, for `backchannel import` here or in another "
        "deployment. The file holds names and contacts in plaintext: keep it safe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "process", metavar="PROCESS", help="the process id, or a unique start of it"
        )
        parser.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help="write here (created readable by you only) instead of standard output",
        )
        add_force_argument(parser)
        parser.add_argument(
            "--no-contacts",
            action="store_true",
            help="leave the participants' contact details out",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        process = resolve_process(options["process"])
        document = process_export_system(process, contacts=not options["no_contacts"])
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        people, meetings = len(document["participants"]), len(document["meetings"])
        summary = (
            f"Exported process {process.pk}: {people} "
            f"participant{'' if people == 1 else 's'}, {meetings} "
            f"meeting{'' if meetings == 1 else 's'}"
        )
        output = options["output"]
        if not output or output == "-":
            self.stdout.write(text, ending="")
            self.stderr.write(summary + ".")
            return
        write_private(Path(output), text.encode("utf-8"), force=options["force"])
        self.stdout.write(f"{summary}, to {output}.")


def resolve_process(reference: str) -> Process:
    """The process whose id is, or starts with, ``reference`` (dashes optional)."""
    wanted = reference.strip().lower().replace("-", "")
    if len(wanted) < 6 or any(c not in string.hexdigits for c in wanted):
        raise CommandError(
            f"{reference!r} is not a process id: give the id (e.g. "
            "3f2c9a6e-…) or at least its first 6 characters."
        )
    ids = Process.objects.filter(data_key__destroyed_on__isnull=True).values_list(
        "pk", flat=True
    )
    matches = [pk for pk in ids if pk.hex.startswith(wanted)]
    if not matches:
        raise CommandError(
            f"No process has the id {reference!r}: copy the id from the address of "
            "the process's page."
        )
    if len(matches) > 1:
        raise CommandError(
            f"{reference!r} starts the ids of {len(matches)} processes: give more of "
            "the id."
        )
    return Process.objects.select_related("organisation", "data_key").get(pk=matches[0])
