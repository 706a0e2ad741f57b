"""``backchannel evaluation PROCESS``: the evaluation of a process, aggregates only.

An operator command calling the same selectors as the web and the API, with the
same suppression: trust per side and round (cells under 3 read "fewer than 3"),
cohort continuity, cross-side network density, objective status, the RPP
warnings and the register's reminders. It never prints an answer or a contact,
nor the register's or the RPP entries' texts: risks are counted by kind and
score band, reminders give their kind, the risk's id and its review date (the
descriptions, mitigations and owners are read on the web by managers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core.audit import audit_process
from backchannel.core.cli import resolve_by_prefix
from backchannel.evaluation.objectives import objective_status
from backchannel.evaluation.risks import risk_register
from backchannel.evaluation.rpp import rpp_matrix
from backchannel.evaluation.trust import (
    Cell,
    cohort_continuity,
    network_density_trend,
    trust_trends,
)
from backchannel.processes.models import Process

SUPPRESSED = "fewer than 3"


def _band(score: int) -> str:
    """Likelihood × impact (1–25) in three bands."""
    return "high" if score >= 15 else "medium" if score >= 8 else "low"


def _reminders(register: Any) -> list[dict[str, Any]]:
    """Reminders without the risk's description: kind, risk id, review date."""
    review_on = {r.id: r.review_on for r in register.risks}
    out = []
    for reminder in register.reminders:
        row: dict[str, Any] = {"kind": reminder.kind}
        if reminder.risk_id is not None:
            row["risk_id"] = str(reminder.risk_id)
            row["review_on"] = review_on[reminder.risk_id].isoformat()
        else:
            row["message"] = str(reminder.message)  # a phase started: no risk text
        out.append(row)
    return out


def _risks(register: Any) -> dict[str, Any]:
    by_kind: dict[str, int] = {}
    by_band = {"low": 0, "medium": 0, "high": 0}
    for risk in register.risks:
        by_kind[risk.kind] = by_kind.get(risk.kind, 0) + 1
        by_band[_band(risk.score)] += 1
    return {
        "count": len(register.risks),
        "by_kind": by_kind,
        "by_score_band": by_band,
        "reviewed_on": register.reviewed_on,
    }


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
        process = resolve_by_prefix(Process, options["process"])
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today {options['today']!r} is not a date: write it as YYYY-MM-DD."
                ) from None
        data = {
            "trust": trust_trends(process),
            "continuity": cohort_continuity(process),
            "network": network_density_trend(process),
            "objectives": objective_status(process, today=today),
            "rpp": rpp_matrix(process),
            "register": risk_register(process, today=today),
        }
        audit_process(None, process, "evaluation.read", process)
        if options["format"] == "json":
            out = {k: _plain(data[k]) for k in ("trust", "continuity", "network")}
            out["objectives"] = [
                {
                    "phase": str(phase.title),
                    "objective_id": str(o.objective_id),
                    "status": o.status,
                }
                for phase in data["objectives"]
                for o in phase.objectives
            ]
            out["rpp_warnings"] = [str(w) for w in data["rpp"].warnings]
            out["risks"] = _risks(data["register"])
            out["reminders"] = _reminders(data["register"])
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
        reminders = _reminders(data["register"])
        if reminders:
            write("\nReminders (risk texts are on the web, for managers):")
            for reminder in reminders:
                if "risk_id" in reminder:
                    write(
                        f"  {reminder['kind']}: risk {reminder['risk_id']}, "
                        f"review on {reminder['review_on']}"
                    )
                else:
                    write(f"  {reminder['message']}")


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
