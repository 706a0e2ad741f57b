"""Serving Backchannel on this computer (``backchannel serve`` and ``demo``).

Django's development server without the reloader, beside one background
worker; static files are served by WhiteNoise, so DEBUG stays off.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core.crypto import canary_problem
from backchannel.core.keystore import KeyStoreError

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


def _die_with_parent() -> None:
    """In the worker before exec: ask Linux to send SIGTERM when the parent dies."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def serve(command: BaseCommand, port: int) -> None:
    """Collect static files (so WhiteNoise finds them with DEBUG off), then serve
    until interrupted."""
    check_port(port)

    try:
        problem = canary_problem()  # a wrong master key: refuse to start
    except KeyStoreError as exc:
        raise CommandError(str(exc)) from None
    if problem is not None:
        raise CommandError(problem)
    call_command("collectstatic", interactive=False, verbosity=0)
    command.stdout.write(f"Serving on {url_for(port)} (press Ctrl-C to stop).")
    # One background worker beside the server, so that consultation analyses run
    # locally too; a deployment runs `backchannel db_worker` as its own service.
    # A TERM to the server ends the worker too (the finally below), and on Linux
    # the worker also dies with the server if that is killed outright.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    worker = subprocess.Popen(
        [sys.executable, "-m", "backchannel", "db_worker"],
        preexec_fn=_die_with_parent,
        env={
            **os.environ,
            "BACKCHANNEL_REQUIRE_MFA": str(settings.BACKCHANNEL_REQUIRE_MFA),
        },
    )
    try:
        call_command("runserver", f"{HOST}:{port}", use_reloader=False)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
