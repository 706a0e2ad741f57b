"""``backchannel gate --roster ROSTER.csv [--format json] FILE...``

Checks documents written outside the workspace against a roster. Exit status:
0 when every file is clean, 1 when anything is found, 2 on bad input (a bad
roster, a missing file, a file that is not UTF-8). ``-`` reads standard input.
"""

from __future__ import annotations

import json
import sys
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core import uploads
from backchannel.gate import Finding, GateReport, build_gate
from backchannel.transfer.roster import RosterError, read_roster_csv


def _decode(data: bytes, label: str) -> str:
    try:
        return uploads.decode_text(data, label=label)
    except uploads.InputRefused as exc:
        raise CommandError(str(exc), returncode=2) from None


def _read_bounded(source: str | BinaryIO, label: str) -> bytes:
    try:
        return uploads.read_limited(
            source, limit=uploads.limit("MAX_UPLOAD_BYTES"), label=label
        )
    except uploads.InputRefused as exc:
        raise CommandError(str(exc), returncode=2) from None


def _line_of(text: str, offset: int) -> tuple[int, int, str]:
    """(1-based line, 1-based column, the line's text) for a character offset."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text.count("\n", 0, offset) + 1
    return line, offset - start + 1, text[start : end if end >= 0 else len(text)]


class Command(BaseCommand):
    help = (
        "Check documents for participants' names, contacts, titles and "
        "affiliations against a roster CSV (columns name,aliases,title,"
        "affiliation,side,email). Exit 0 clean, 1 findings, 2 bad input."
    )
    requires_system_checks: list[str] = []
    stealth_options = ("stdin",)  # call_command(..., stdin=...) in tests

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--roster", required=True, help="the roster CSV (UTF-8)", metavar="ROSTER"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "files", nargs="+", metavar="FILE", help="documents to check; - for stdin"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            roster = read_roster_csv(options["roster"])
        except RosterError as exc:
            raise CommandError(f"{options['roster']}: {exc}", returncode=2) from None
        except OSError as exc:
            raise CommandError(
                f"{options['roster']}: cannot read the roster ({exc.strerror}).",
                returncode=2,
            ) from None
        gate = build_gate(roster)
        stdin = options.get("stdin")
        self._stdin: BinaryIO = stdin.buffer if stdin is not None else sys.stdin.buffer
        texts = [(name, self._read(name)) for name in options["files"]]
        reports = [(name, gate.check(text)) for name, text in texts]
        if options["format"] == "json":
            payload = [
                {"file": name, "findings": [f.as_dict() for f in report.findings]}
                for name, report in reports
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
        else:
            self._report(reports)
        if any(not report.clean for _, report in reports):
            raise SystemExit(1)

    def _read(self, name: str) -> str:
        if name == "-":
            return _decode(_read_bounded(self._stdin, "<stdin>"), "<stdin>")
        try:
            data = _read_bounded(name, name)
        except OSError as exc:
            raise CommandError(
                f"{name}: cannot read it ({exc.strerror}).", returncode=2
            ) from None
        return _decode(data, name)

    def _report(self, reports: list[tuple[str, GateReport]]) -> None:
        total = 0
        for name, report in reports:
            label = "<stdin>" if name == "-" else name
            if report.clean:
                self.stdout.write(f"{label}: clean")
                continue
            total += len(report.findings)
            for finding in report.findings:
                self._finding(label, report.text, finding)
        files = len(reports)
        dirty = sum(1 for _, r in reports if not r.clean)
        self.stdout.write(
            f"{files} file{'' if files == 1 else 's'} checked, {dirty} with "
            f"findings, {total} finding{'' if total == 1 else 's'}."
        )

    def _finding(self, label: str, text: str, f: Finding) -> None:
        line, column, line_text = _line_of(text, f.start)
        shown = line_text.replace("\t", " ")
        width = max(1, min(f.end, f.start + len(line_text) - column + 1) - f.start)
        quoted = " ".join(f.text.split())
        self.stdout.write(
            f"{label}:{line}:{column}: {f.kind} {quoted!r} "
            f"(participant: {f.participant}; {f.rule}) -> {f.suggestion}"
        )
        self.stdout.write(f"    {shown}")
        self.stdout.write(f"    {' ' * (column - 1)}{'^' * width}")
