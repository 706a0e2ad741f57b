"""``backchannel export``: write one process as a portable JSON document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backchannel.core.cli import resolve_by_prefix
from backchannel.core.files import add_force_argument, write_private
from backchannel.portability.services import process_export
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Process


class Command(BaseCommand):
    help = (
        "Write the whole process (design, roster, meetings and notes, ideas, joint "
        "texts, trust rounds, consultations, outputs and transfers, evaluation, "
        "translations; no logins) as JSON, for `backchannel import` here or in "
        "another deployment. The file holds every text decrypted, with names and "
        "contacts: keep it safe and delete it once imported."
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
        process = resolve_by_prefix(Process, options["process"])
        document = process_export(
            access=ProcessAccess.operator(process), contacts=not options["no_contacts"]
        )
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        people, meetings = len(document["participants"]), len(document["meetings"])
        notes, ideas = len(document["notes"]), len(document["ideas"])
        summary = (
            f"Exported process {process.pk}: {people} "
            f"participant{'' if people == 1 else 's'}, {meetings} "
            f"meeting{'' if meetings == 1 else 's'}, {notes} "
            f"note{'' if notes == 1 else 's'}, {ideas} "
            f"idea{'' if ideas == 1 else 's'}"
        )
        output = options["output"]
        if not output or output == "-":
            self.stdout.write(text, ending="")
            self.stderr.write(summary + ".")
            return
        write_private(Path(output), text.encode("utf-8"), force=options["force"])
        self.stdout.write(f"{summary}, to {output}.")
