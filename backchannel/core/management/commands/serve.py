"""``backchannel serve``: run Backchannel on this computer, for a demo or a trial.

It is Django's development server without the reloader; static files are
served by WhiteNoise, so DEBUG stays off. For a server others reach, run
gunicorn behind a TLS proxy instead.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_port_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar="N",
        help=f"port on {HOST} (default {DEFAULT_PORT})",
    )


def check_port(port: int) -> int:
    if not 1 <= port <= 65535:
        raise CommandError(f"--port {port} is not a port: use 1 to 65535, e.g. 8000.")
    return port


def url_for(port: int) -> str:
    return f"http://{HOST}:{port}/"


def serve(command: BaseCommand, port: int) -> None:
    """Collect static files (so WhiteNoise finds them with DEBUG off), then serve
    until interrupted."""
    check_port(port)
    call_command("collectstatic", interactive=False, verbosity=0)
    command.stdout.write(f"Serving on {url_for(port)} (press Ctrl-C to stop).")
    call_command("runserver", f"{HOST}:{port}", use_reloader=False)


class Command(BaseCommand):
    help = (
        f"Serve Backchannel on {HOST} with Django's server, without the reloader. "
        "Run `backchannel migrate` first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_port_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        serve(self, options["port"])
