"""The ``backchannel`` console entry point: Django's management utility.

A command never ends in a traceback (issue 22, 6): whatever escapes it is
printed as one line that names the problem and the fix, and the exit status is
non-zero. ``--traceback`` shows the traceback for a bug report.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

#: Commands that run without Django: ``backchannel analyze`` is the
#: framework-free analysis engine, so it skips Django's set-up, system checks,
#: URL configuration and API schema (seconds of start-up) unless a Django-wide
#: option asks for Django.
_WITHOUT_DJANGO = {"analyze"}
_DJANGO_OPTIONS = ("--settings", "--pythonpath", "--traceback", "--no-color")
#: Commands that serve pages or check the whole deployment keep Django's URL
#: checks. Those import the URL configuration, and with it every view and the
#: JSON API's schema (about as long as setting Django up); every other command
#: resolves no URL at start and runs its system checks without them.
_URL_CHECKED = {
    "check",
    "demo",
    "doctor",
    "export_openapi_schema",
    "runserver",
    "serve",
    "testserver",
}


def _framework_free(args: list[str]) -> bool:
    return (
        len(args) > 1
        and args[1] in _WITHOUT_DJANGO
        and not any(a.split("=")[0] in _DJANGO_OPTIONS for a in args[2:])
    )


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backchannel.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "backchannel"
    try:
        if _framework_free(args):
            # One BLAS thread unless the operator asks for more: an export
            # (each file within BACKCHANNEL_MAX_UPLOAD_BYTES) is too small to
            # gain from several, and on a busy machine idle BLAS threads that
            # spin for work cost the command more than they save. Set before
            # NumPy is imported, which reads it once.
            os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
            os.environ.setdefault("MKL_NUM_THREADS", "1")
            from backchannel.analysis.command import main as analyze
            from backchannel.env import env_int
            from backchannel.textinput.uploads import DEFAULT_MAX_UPLOAD_BYTES

            # The same rule as the settings' BACKCHANNEL_MAX_UPLOAD_BYTES.
            limit = env_int(
                "BACKCHANNEL_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES, minimum=1024
            )
            prog = f"backchannel {args[1]}"
            raise SystemExit(analyze(args[2:], prog=prog, max_bytes=limit))
        # Inside the try: a Django that fails to load is explained in one line too.
        from django.core.management import execute_from_command_line

        with _url_checks(len(args) < 2 or args[1] in _URL_CHECKED):
            execute_from_command_line(args)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted: nothing more was done.\n")
        raise SystemExit(130) from None
    except BaseException as exc:
        if "--traceback" in args:
            raise
        code, line = explain(exc)
        sys.stderr.write(line.replace("\n", " ") + "\n")
        raise SystemExit(code) from None


@contextmanager
def _url_checks(keep: bool) -> Iterator[None]:
    """Leave the ``urls``-tagged system checks out while a command runs, unless
    ``keep``; put them back after (a test may call :func:`main` in-process)."""
    if keep:
        yield
        return
    from django.core.checks.registry import registry

    saved = registry.registered_checks
    registry.registered_checks = {
        check for check in saved if "urls" not in getattr(check, "tags", ())
    }
    try:
        yield
    finally:
        registry.registered_checks = saved


def explain(exc: BaseException) -> tuple[int, str]:
    """The exit status and one line for an error a command did not handle."""
    # Imports here: explaining must work whatever failed to load before it.
    from backchannel.env import ConfigError

    if isinstance(exc, ConfigError):
        # A wrong setting is an operator's fix, not a crash.
        return 2, f"Configuration error: {exc}"
    from django.db import DatabaseError, OperationalError, ProgrammingError

    from backchannel.core.errors import BackchannelError, DecryptionError, NotFound

    if isinstance(exc, DecryptionError):
        if "BACKCHANNEL_MASTER_KEY" in exc.message:
            return 1, f"Cannot decrypt stored data: {exc.message}"
        return 1, (
            f"Cannot decrypt stored data ({exc.message}): BACKCHANNEL_MASTER_KEY is "
            "not the key this database was encrypted under. Set the right key (during "
            "a rotation, list the old one in BACKCHANNEL_PREVIOUS_MASTER_KEYS); "
            "`backchannel doctor` checks it."
        )
    if isinstance(exc, NotFound):
        return 1, f"{exc.message} Check the id (the list commands show them)."
    if isinstance(exc, BackchannelError):
        return 1, exc.message
    if isinstance(exc, (OperationalError, ProgrammingError)) and _unmigrated(exc):
        return 1, (
            "The database has no Backchannel tables yet, or older ones: run "
            "`backchannel migrate` first (and for a restore, into an empty database)."
        )
    if isinstance(exc, DatabaseError):
        return 1, (
            f"The database refused the operation ({type(exc).__name__}: "
            f"{_first_line(exc)}): check DATABASE_URL and that the database is up; "
            "`backchannel doctor` says more."
        )
    if isinstance(exc, EOFError):
        return 1, (
            "Standard input ended before the command had what it needed (no "
            "terminal?): pipe the input in, or run it in a terminal."
        )
    if isinstance(exc, json.JSONDecodeError):
        return 1, (
            f"Malformed JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}): "
            "fix the file or give the right one."
        )
    if isinstance(exc, UnicodeDecodeError):
        return 1, (
            "The file is not UTF-8 text: convert it (e.g. iconv -f WINDOWS-1252 "
            "-t UTF-8) or give the right one."
        )
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return 1, (
            f"{where}{exc.strerror or exc}: check that the path exists and that "
            "this user may read or write it."
        )
    return 1, (
        f"Unexpected error ({type(exc).__name__}: {_first_line(exc)}); nothing more "
        "was done. Run the command again with --traceback and report it."
    )


def _unmigrated(exc: BaseException) -> bool:
    text = str(exc).lower()
    return (
        "no such table" in text
        or ("relation" in text and "does not exist" in text)
        or ("no such column" in text)
        or ("column" in text and "does not exist" in text)
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else "no detail"


if __name__ == "__main__":
    main()
