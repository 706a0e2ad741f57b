"""``backchannel evaluation PROCESS``: the evaluation of a process, aggregates only.

An operator command calling the same selectors as the web and the API, with the
same suppression: trust per side and round (cells under 3 read "fewer than 3"),
cohort continuity, cross-side network density, objective status, the RPP
warnings and the register's reminders. It never prints an answer or a contact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core.audit import audit_record
from backchannel.evaluation import selectors
from backchannel.evaluation.selectors import Cell
from backchannel.processes.management.commands.export import resolve_process

SUPPRESSED = "fewer than 3"


def _cell(cell: Cell) -> str:
    if cell.suppressed:
        return SUPPRESSED
    return "–" if cell.mean is None else f"{cell.mean:.2f} (n={cell.n})"


class Command(BaseCommand):
    help = (
        "Print a process's evaluation: trust per side and round (cells under 3 "
        "answers read 'fewer than 3'), continuity, network density, objective "
        "status, RPP warnings and the do-no-harm register's reminders."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "process", metavar="PROCESS", help="the process id, or a unique start of it"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="judge status and reminders as of this day",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        process = resolve_process(options["process"])
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today {options['today']!r} is not a date: write it as YYYY-MM-DD."
                ) from None
        data = {
            "trust": selectors.trust_trends(process),
            "continuity": selectors.cohort_continuity(process),
            "network": selectors.network_density_trend(process),
            "objectives": selectors.objective_status(process, today=today),
            "rpp": selectors.rpp_matrix(process),
            "register": selectors.risk_register(process, today=today),
        }
        audit_record(
            actor=None,
            verb="evaluation.read",
            target=process,
            organisation_id=process.organisation_id,
            process_id=process.pk,
        )
        if options["format"] == "json":
            out = {k: _plain(v) for k, v in data.items()}
            self.stdout.write(
                json.dumps(out, ensure_ascii=False, indent=1, default=str)
            )
            return
        self._text(process, data)

    def _text(self, process: Any, data: dict[str, Any]) -> None:
        write = self.stdout.write
        trends = data["trust"]
        write(
            f"{process.title}: evaluation (cells under 3 answers read '{SUPPRESSED}')"
        )
        write("\nTrust (overall score 1–5, per side):")
        for r in trends.rounds:
            sides = "; ".join(f"{s.side.name} {_cell(s.overall)}" for s in r.sides)
            write(f"  {r.held_on} {r.title}: {sides}; all {_cell(r.overall)}")
        write("\nContinuity (share of the previous round's respondents back):")
        for r in data["continuity"]:
            if r.first:
                continue
            cells = "; ".join(
                f"{c.side.name} "
                + (
                    SUPPRESSED
                    if c.suppressed
                    else f"{c.share:.0%} ({c.returned}/{c.previous})"
                )
                for c in r.sides
            )
            write(f"  {r.held_on} {r.title}: {cells}")
        write("\nCross-side network density:")
        for p in data["network"]:
            shown = "too few reports" if p.suppressed else f"{p.density:.3f}"
            write(f"  {p.held_on} {p.title}: {shown} ({p.reporters} reporting)")
        write("\nObjectives:")
        for phase in data["objectives"]:
            for o in phase.objectives:
                write(f"  [{o.status_label}] {phase.title}: {o.text}")
        for warning in data["rpp"].warnings:
            write(f"\nWarning: {warning}")
        reminders = data["register"].reminders
        if reminders:
            write("\nReminders:")
            for reminder in reminders:
                write(f"  {reminder.message}")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
