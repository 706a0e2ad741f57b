"""The one check every exit makes before a text leaves the workspace.

An output's download and release, a transfer, a joint text's export, a
translation's export and the process report all call :func:`egress` (the
workspace through ``transfer.services.gate_outgoing`` and
``reports.services.gate_report``, which turn :class:`Blocked` into their own
error). No Django here.
"""

from __future__ import annotations

from backchannel.gate.engine import Gate
from backchannel.gate.model import GateReport


class Blocked(Exception):
    """The text identifies someone and no override confirms this report."""

    def __init__(self, report: GateReport) -> None:
        super().__init__(f"{len(report.findings)} finding(s)")
        self.report = report


def egress(gate: Gate, text: str, *, override_digest: str = "") -> GateReport:
    """Check ``text`` about to leave: the report when it is clean, or when
    ``override_digest`` is the digest of exactly this report (two managers
    confirmed an override for this text and these findings); otherwise
    raise :class:`Blocked` with the report."""
    report = gate.check(text)
    if report.clean or (override_digest and report.digest == override_digest):
        return report
    raise Blocked(report)
