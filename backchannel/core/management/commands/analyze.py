"""``analyze`` for ``call_command``: the framework-free command's own code.

``backchannel analyze`` on the command line never reaches this module: the
console entry point runs :mod:`backchannel.analysis.command` before Django is
set up (``backchannel/cli.py``). Both print the same.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.analysis import command as engine
from backchannel.core import uploads


class Command(BaseCommand):
    help = engine.DESCRIPTION
    # The analysis needs no models, URLs or API schema: no system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        engine.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = engine.run(
                options["path"],
                seed=options["seed"],
                max_bytes=uploads.limit("MAX_UPLOAD_BYTES"),
            )
        except engine.AnalyzeError as exc:
            raise CommandError(str(exc)) from None
        if options["format"] == "json":
            self.stdout.write(engine.format_json(result))
        else:
            self.stdout.write(engine.format_text(result))
