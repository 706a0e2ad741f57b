from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core.files import add_force_argument, write_private
from backchannel.core.inventory import render_inventory, unclassified


class Command(BaseCommand):
    help = "Write the data inventory (what a database dump reveals) as Markdown."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="File to write (default: standard output)")
        add_force_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        missing = unclassified()
        if missing:
            raise CommandError(
                "These fields have no classification; add them to the model's "
                f"data_classification: {', '.join(missing)}"
            )
        text = render_inventory()
        if options["output"]:
            write_private(
                Path(options["output"]), (text + "\n").encode(), force=options["force"]
            )
            self.stdout.write(f"Wrote {options['output']}")
        else:
            self.stdout.write(text)
