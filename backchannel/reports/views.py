"""The process report on the web: the page (charts inlined as SVG) and its PDF."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from backchannel.accounts.http import WebRequest
from backchannel.core.web import GET, html_view
from backchannel.reports.render import report_context
from backchannel.reports.services import ReportOutput, process_report, report_access


@html_view(methods=GET)
def process_report_page(request: WebRequest, process_id: Any) -> HttpResponse:
    access = report_access(request.user, process_id)
    output = process_report(access, fmt=None)
    context = {
        "access": access,
        "process": access.process,
        "nav": "processes",
        "tab": "report",
        **report_context(output.report),
    }
    return render(request, "reports/report.html", context)


def file_response(output: ReportOutput) -> HttpResponse:
    response = HttpResponse(output.content, content_type=output.content_type)
    # A download in both formats: the standalone HTML carries its own styles,
    # which the workspace's Content-Security-Policy would block if shown here.
    response["Content-Disposition"] = f'attachment; filename="{output.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@html_view(methods=GET)
def process_report_pdf(request: WebRequest, process_id: Any) -> HttpResponse:
    access = report_access(request.user, process_id)
    return file_response(process_report(access, fmt="pdf"))
