"""API: the process report as a PDF or a standalone HTML file."""

from __future__ import annotations

from typing import Literal

from django.http import HttpResponse
from ninja import Query, Router, Schema

from backchannel.accounts.http import ApiRequest
from backchannel.core.schemas import READ, ErrorOut, Id, ValidationErrorOut
from backchannel.reports.services import process_report, report_access
from backchannel.reports.views import file_response

router = Router(tags=["reports"])


class ReportQuery(Schema):
    format: Literal["pdf", "html"] = "pdf"


_FILE = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/processes/{id}/report",
    response={**READ, 403: ErrorOut, 422: ValidationErrorOut},
    openapi_extra={
        "responses": {
            200: {
                "description": "The report: a PDF, or a standalone HTML page "
                "(charts inlined as SVG). Non-attributed, small cells suppressed, "
                "checked by the identification gate.",
                "content": {"application/pdf": _FILE, "text/html": _FILE},
            },
            422: {
                "description": "The identification gate found something in the "
                "report: the findings, to fix where they were written."
            },
        }
    },
)
def process_report_file(
    request: ApiRequest, id: Id, query: Query[ReportQuery]
) -> HttpResponse:
    """The process's report, for its managers (conveners, facilitators, the
    organisation's conveners); other seated roles get 403."""
    access = report_access(request.auth, id)
    return file_response(process_report(access, fmt=query.format))
