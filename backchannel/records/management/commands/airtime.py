"""``backchannel airtime MEETING|PROCESS``: print airtime shares next to seat shares."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backchannel.meetings.models import Meeting
from backchannel.records.cli import airtime_text, resolve_meeting_or_process
from backchannel.records.selectors import (
    meeting_airtime_summary,
    process_airtime_summary,
)


class Command(BaseCommand):
    help = (
        "Print who held the floor, by side, gender and capacity, next to seat "
        "shares: for one meeting (against the participants present) or for a "
        "process (all its meetings, against its participants' seats). A group is "
        "flagged when its airtime share is under two-thirds of its seat share."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "target",
            metavar="MEETING|PROCESS",
            help="a meeting or process id, or a unique start of it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = resolve_meeting_or_process(options["target"])
        if isinstance(target, Meeting):
            summary = meeting_airtime_summary(None, target)
            heading = f"Airtime at “{target.title}” ({target.date:%d %b %Y})"
        else:
            summary = process_airtime_summary(None, target)
            heading = f"Airtime across the meetings of “{target.title}”"
        self.stdout.write(airtime_text(heading, summary), ending="")
        count = len(summary.warnings)
        self.stdout.write(f"{count} warning{'' if count == 1 else 's'}.")
