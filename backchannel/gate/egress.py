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
        count = len(report.findings)
        super().__init__(f"{count} finding" if count == 1 else f"{count} findings")
        self.report = report


def lets_out(report: GateReport, *, override_digest: str = "") -> bool:
    """Whether a text with this report may leave: it is clean, or
    ``override_digest`` is the digest of exactly this report (two managers
    confirmed an override for this text and these findings)."""
    return report.clean or bool(override_digest and report.digest == override_digest)


def egress(gate: Gate, text: str, *, override_digest: str = "") -> GateReport:
    """Check ``text`` about to leave: the report when :func:`lets_out` lets it
    out; otherwise raise :class:`Blocked` with the report."""
    report = gate.check(text)
    if lets_out(report, override_digest=override_digest):
        return report
    raise Blocked(report)
