"""``backchannel record MEETING``: print the non-attributed record of one meeting."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backchannel.core.cli import resolve_by_prefix
from backchannel.meetings.models import Meeting
from backchannel.processes.access import ProcessAccess
from backchannel.records.cli import record_markdown
from backchannel.records.schemas import record_out
from backchannel.records.selectors import record_read


class Command(BaseCommand):
    help = (
        "Print the non-attributed record of one meeting (no speaker is ever named; "
        "off-record segments appear as agenda markers only), as Markdown or JSON. "
        "Each run is written to the audit log as a read of the notes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "meeting", metavar="MEETING", help="the meeting id, or a unique start of it"
        )
        parser.add_argument(
            "--format", choices=["md", "json"], default="md", help="default: md"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        meeting = resolve_by_prefix(
            Meeting,
            options["meeting"],
            queryset=Meeting.objects.select_related("process"),
        )
        record = record_read(ProcessAccess.operator(meeting.process), meeting)
        if options["format"] == "json":
            document = record_out(record).model_dump(mode="json")
            self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(record_markdown(record), ending="")
        notes = record.note_count
        self.stderr.write(
            f"Printed the record of meeting {meeting.pk}: {notes} "
            f"note{'' if notes == 1 else 's'} in {len(record.segments)} segments "
            "(this read is in the audit log)."
        )
