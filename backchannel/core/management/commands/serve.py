"""``backchannel serve``: run Backchannel on this computer, for a demo or a trial.

It is Django's development server without the reloader; static files are
served by WhiteNoise, so DEBUG stays off. For a server others reach, run
gunicorn behind a TLS proxy instead.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backchannel.core.serving import HOST, add_port_argument, serve


class Command(BaseCommand):
    help = (
        f"Serve Backchannel on {HOST} with Django's server, without the reloader. "
        "Run `backchannel migrate` first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_port_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        serve(self, options["port"])
