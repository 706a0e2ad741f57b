"""``backchannel ideas PROCESS``: the cross-side table of a process's ideas.

An operator command: it shows every idea (drafts too) but applies the same
suppression as the web and the API, and never prints anyone's feedback: per
side only the number of responses and the acceptable share, or "fewer than 3".
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backchannel.core.audit import audit_in
from backchannel.core.cli import resolve_by_prefix
from backchannel.ideas.schemas import SUPPRESSED
from backchannel.ideas.selectors import (
    IdeaGround,
    VersionGroundView,
    process_ground_for,
)
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Process


def _score(view: VersionGroundView) -> str:
    if view.score is None:
        return "not enough responses"
    return f"{view.score:.2f} (lenient {view.lenient_score:.2f})"


def _cell(cell: Any) -> str:
    if cell.suppressed:
        return SUPPRESSED
    share = "" if cell.acceptable_share is None else f" ({cell.acceptable_share:.0%})"
    return f"{cell.responses}{share}"


def _crux(view: VersionGroundView) -> dict[str, Any] | None:
    if view.crux is None:
        return None
    return {
        "accepting": [str(s.name) for s in view.crux.accepting],
        "rejecting": [str(s.name) for s in view.crux.rejecting],
        "gap": view.crux.gap,
    }


def table_json(process: Process, grounds: list[IdeaGround]) -> dict[str, Any]:
    return {
        "process": str(process.pk),
        "suppressed_below": 3,
        "ideas": [
            {
                "idea_id": str(g.idea.pk),
                "title": str(g.idea.title),
                "status": g.idea.status,
                "versions": [
                    {
                        "number": v.version.number,
                        "closed": v.version.closed,
                        "sides": [
                            {
                                "side_id": str(c.side.pk),
                                "side": str(c.side.name),
                                "suppressed": c.suppressed,
                                "responses": None if c.suppressed else c.responses,
                                "label": SUPPRESSED
                                if c.suppressed
                                else str(c.responses),
                                "acceptable_share": c.acceptable_share,
                            }
                            for c in v.cells
                        ],
                        "score": v.score,
                        "lenient_score": v.lenient_score,
                        "score_status": (
                            "not_enough_responses" if v.score is None else "shown"
                        ),
                        "crux": _crux(v),
                    }
                    for v in g.versions
                ],
                "convergence": g.trend,
            }
            for g in grounds
        ],
        "cruxes": [
            {"idea_id": str(g.idea.pk), "version": v.version.number, **(_crux(v) or {})}
            for g in grounds
            for v in g.cruxes
        ],
    }


class Command(BaseCommand):
    help = (
        "Print the cross-side table of a process's ideas: per version and side the "
        "number of responses and the acceptable share (cells under 3 responses read "
        "'fewer than 3'), the cross-side score, and the cruxes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "process", metavar="PROCESS", help="the process id, or a unique start of it"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        process = resolve_by_prefix(Process, options["process"])
        access = ProcessAccess.operator(process)
        grounds = process_ground_for(access)
        audit_in(access, "common_ground.read", process)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(table_json(process, grounds), ensure_ascii=False, indent=1)
            )
            return
        self._text(process, grounds)

    def _text(self, process: Process, grounds: list[IdeaGround]) -> None:
        write = self.stdout.write
        write(f"{process.title}: cross-side table (cells under 3 read '{SUPPRESSED}')")
        versions = 0
        for g in grounds:
            write(f"\n{g.idea.title} [{g.idea.get_status_display()}]")
            if not g.versions:
                continue
            names = [str(c.side.name) for c in g.versions[0].cells]
            widths = [max(len(n), len(SUPPRESSED)) for n in names]
            head = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
            write(f"  {'version':8} {head}  score")
            for v in g.versions:
                versions += 1
                cells = "  ".join(
                    _cell(c).ljust(w) for c, w in zip(v.cells, widths, strict=True)
                )
                crux = "  CRUX" if v.crux else ""
                write(f"  v{v.version.number:<7} {cells}  {_score(v)}{crux}")
        cruxes = [(g, v) for g in grounds for v in g.cruxes]
        if cruxes:
            write("\nCruxes:")
            for g, v in cruxes:
                split = _crux(v) or {}
                accept = "accepts" if len(split["accepting"]) == 1 else "accept"
                reject = "does" if len(split["rejecting"]) == 1 else "do"
                write(
                    f"  {g.idea.title}, version {v.version.number}: "
                    f"{', '.join(split['accepting'])} {accept}; "
                    f"{', '.join(split['rejecting'])} {reject} not "
                    f"(gap {split['gap']:.2f})"
                )
        write(
            f"\n{len(grounds)} idea{'' if len(grounds) == 1 else 's'}, "
            f"{versions} version{'' if versions == 1 else 's'}, "
            f"{len(cruxes)} crux{'' if len(cruxes) == 1 else 'es'}."
        )
