"""`backchannel gate --roster … --format json FILE` on one text, against the
gate's fixture roster: the way in that the adversary rounds' tests share."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

ROSTER = Path(__file__).resolve().parents[1] / "data" / "gate" / "roster.csv"


def gate_cli(tmp: Path, text: str) -> tuple[int, str]:
    """The command's exit code (1: something identifies someone) and its JSON."""
    doc = tmp / "doc.md"
    doc.write_text(text, encoding="utf-8")
    out = io.StringIO()
    try:
        call_command(
            "gate", "--roster", str(ROSTER), "--format", "json", str(doc), stdout=out
        )
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()
