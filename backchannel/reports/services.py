"""The process report: one service for the web page, the API and the CLI.

Who may read it: the process's managers, i.e. its conveners and facilitators
and the organisation's conveners (``ProcessAccess.can_manage``). Least
privilege for the others: the report puts the composition (drawn from the
people registry, which only managers read) and unshared feedback aggregates on
one page made to leave the workspace, so rapporteurs, participants, observers
and interpreters get ``PermissionDenied`` (403) and anyone not seated
``NotFound`` (404). They read the same facts where the workspace shows them to
their role.

Before the report is shown or written, its whole text passes through the
identification gate against everyone seated in the process: if anything in it
identifies a participant (a name in an objective's text, an affiliation in an
indicator, …), the report is refused with the findings, to be fixed where they
were written. Every report made is audited (``report.create``; ids only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from backchannel.core.audit import audit_in
from backchannel.core.errors import ValidationFailed
from backchannel.core.findings import kind_phrase, per_span
from backchannel.gate import Blocked, Finding, egress
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Process
from backchannel.reports.builder import Report, build_report, report_text
from backchannel.transfer.roster import gate_for_process

FORMATS = ("html", "pdf")
CONTENT_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
Progress = Callable[[str], None]


class ReportRefused(ValidationFailed):
    """The identification gate found something in the report."""

    def __init__(self, findings: list[Finding], text: str) -> None:
        self.findings = findings
        super().__init__({"report": [_describe(f, text) for f in per_span(findings)]})


@dataclass
class ReportOutput:
    report: Report
    format: str | None  # None: the data only (the web page renders it)
    content: bytes = b""

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.format or "", "")

    @property
    def filename(self) -> str:
        # The process id, not its title: a file name travels in plain sight.
        return f"process-report-{self.report.process_id[:8]}.{self.format}"


def report_access(actor: Any, process_id: Any) -> ProcessAccess:
    """The door to a process's report (see the module's docstring)."""
    return access_process_by_id(actor, process_id, manage=True)


def _describe(finding: Finding, text: str) -> str:
    start = text.rfind("\n\n", 0, finding.start)
    end = text.find("\n\n", finding.end)
    where = text[start + 2 if start >= 0 else 0 : end if end >= 0 else len(text)]
    if len(where) > 90:
        where = where[:89].rstrip() + "…"
    return _(
        "The report would identify a participant: %(kind)s “%(found)s” in "
        "“%(where)s”. Reword it where it is written (suggestion: %(suggestion)s)."
    ) % {
        # what kind of thing, never whose: the gate reads the organisation's
        # whole registry, people of other processes included
        "kind": kind_phrase(finding.kind),
        "found": finding.text,
        "where": where,
        "suggestion": finding.suggestion,
    }


def gate_report(report: Report, process: Process) -> None:
    """Raise :class:`ReportRefused` if the report's text identifies anyone."""
    gate = gate_for_process(process)
    if not gate.participants:
        return
    text = report_text(report)
    try:
        egress(gate, text)
    except Blocked as exc:
        raise ReportRefused(list(exc.report.findings), text) from None


def process_report(
    access: ProcessAccess,
    *,
    fmt: str | None,
    progress: Progress | None = None,
) -> ReportOutput:
    """Build the report, pass it through the gate, render it as ``fmt``
    ("html", "pdf", or None for the data only), audit it."""
    access.require_manage()
    if fmt is not None and fmt not in FORMATS:
        raise ValidationFailed(
            {"format": [_("Choose html or pdf (not “%(fmt)s”).") % {"fmt": fmt}]}
        )
    step = progress or (lambda name: None)
    report = build_report(access, progress=step)
    step(_("Identification gate"))
    gate_report(report, access.process)
    output = ReportOutput(report=report, format=fmt)
    if fmt is not None:
        step(_("Charts and %(format)s") % {"format": fmt.upper()})
        # Here: drawing loads matplotlib, which the data-only report never needs.
        from backchannel.reports.render import (
            render_html_document,
            render_pdf_document,
        )

        if fmt == "pdf":
            output.content = render_pdf_document(report)
        else:
            output.content = render_html_document(report).encode("utf-8")
    audit_in(access, "report.create", access.process)
    return output
