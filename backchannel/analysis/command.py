"""The analysis as a command, with no Django: ``python -m backchannel.analysis``.

``backchannel analyze PATH`` runs :func:`main` before Django is even imported
(``backchannel/cli.py``), so the command pays for NumPy, SciPy and the
analysis only, not for Django's set-up, system checks, URL configuration and
API schema. The Django management command of the same name (for
``call_command``) uses the same :func:`run` and :func:`format_text`.

The largest size of each file read is ``--max-bytes`` (20 MiB by default);
``backchannel analyze`` passes ``BACKCHANNEL_MAX_UPLOAD_BYTES``, read by
``backchannel/cli.py`` with the same rule as the settings (this package reads
no configuration of the application).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from backchannel.textinput.uploads import DEFAULT_MAX_UPLOAD_BYTES

from .pipeline import _JsonResult, analyze_export
from .polis_io import PolisFormatError

__all__ = ["AnalyzeError", "build_parser", "format_json", "format_text", "main", "run"]

DESCRIPTION = (
    "Analyse a Pol.is export directory (comments.csv with votes.csv or "
    "participants-votes.csv): opinion groups, representative statements, consensus."
)


class AnalyzeError(Exception):
    """A problem with the input, said in one line with its fix."""


def build_parser(
    prog: str = "python -m backchannel.analysis",
) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=DESCRIPTION)
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments (shared with the Django management command)."""
    parser.add_argument("path", help="the export directory")
    parser.add_argument("--format", choices=["json", "text"], default="text")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")


def run(
    path: str, *, seed: int = 0, max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
) -> _JsonResult:
    """:func:`analyze_export` with every input problem as :class:`AnalyzeError`."""
    try:
        return analyze_export(path, seed=seed, max_bytes=max_bytes)
    except PolisFormatError as exc:
        raise AnalyzeError(str(exc)) from None
    except FileNotFoundError as exc:
        raise AnalyzeError(
            f"{exc.filename or path}: not found. Give the directory of a Pol.is "
            "export holding comments.csv and votes.csv or participants-votes.csv."
        ) from None


def format_text(result: _JsonResult) -> str:
    """The human-readable summary ``--format text`` prints."""
    placed = sum(1 for g in result["participants"].values() if g is not None)
    lines = [
        f"{len(result['participants'])} participants, {placed} in "
        f"{len(result['groups'])} opinion groups."
    ]
    for group in result["groups"]:
        lines.append(f"\nGroup {group['id']} ({group['size']} participants):")
        for rep in group["repness"]:
            lines.append(f"  comment {rep['comment_id']}: {rep.get('repful', '')}")
    if result["consensus"]:
        ids = ", ".join(str(c["comment_id"]) for c in result["consensus"])
        lines.append(f"\nConsensus statements: {ids}")
    return "\n".join(lines)


def format_json(result: _JsonResult) -> str:
    """One line per top-level key, each value compact: ``indent`` would send
    ``json`` through its pure-Python encoder, several times slower than the C
    one on thousands of participants (a tenth of a second of start-up)."""
    items = ",\n".join(
        f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in result.items()
    )
    return "{\n" + items + "\n}"


def main(
    argv: Sequence[str] | None = None,
    *,
    prog: str = "python -m backchannel.analysis",
    max_bytes: int | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Parse ``argv``, analyse, print; the exit status (1 on bad input, 2 on
    bad usage). ``max_bytes`` (the configured limit) replaces ``--max-bytes``."""
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    parser = build_parser(prog)
    if max_bytes is None:
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_UPLOAD_BYTES,
            help="largest size of each file read (default 20 MiB)",
        )
    args = parser.parse_args(argv)
    limit = args.max_bytes if max_bytes is None else max_bytes
    if limit < 1:
        parser.error(f"--max-bytes {limit} is too small: give a positive number")
    try:
        result = run(args.path, seed=args.seed, max_bytes=limit)
    except AnalyzeError as exc:
        err.write(f"Error: {exc}\n")
        return 1
    text = format_json(result) if args.format == "json" else format_text(result)
    out.write(text + "\n")
    return 0
