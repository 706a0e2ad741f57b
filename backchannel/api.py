"""The JSON API: django-ninja, bearer tokens, the same services and access rules.

Errors are mapped to HTTP here, in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from backchannel.accounts.api import router as accounts_router
from backchannel.accounts.models import User
from backchannel.accounts.services import api_token_user
from backchannel.consultations.api import router as consultations_router
from backchannel.core.errors import (
    GateBlocked,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from backchannel.core.findings import per_span
from backchannel.core.uploads import InputRefused, decode_text, json_loads, size_text
from backchannel.evaluation.api import router as evaluation_router
from backchannel.ideas.api import router as ideas_router
from backchannel.meetings.api import router as meetings_router
from backchannel.participants.api import router as participants_router
from backchannel.processes.api import router as processes_router
from backchannel.records.api import router as records_router
from backchannel.reports.api import router as reports_router
from backchannel.transfer.api import router as transfer_router
from backchannel.transfer.schemas import finding_out
from backchannel.translations.api import router as translations_router


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class StrictJSONParser(Parser):
    """JSON bodies in UTF-8 only (``json.loads`` alone would also take UTF-16/32)."""

    def parse_body(self, request: HttpRequest) -> Any:
        text = decode_text(request.body, label="The request body")
        return json_loads(text, label="The request body")


api = NinjaAPI(
    parser=StrictJSONParser(),
    title="Backchannel API",
    version="1",
    description="Confidential workspace for track 1.5 and track 2 dialogues. "
    "Authenticate with `Authorization: Bearer <token>` (create a token with "
    "`backchannel token create USERNAME` or on your account page).",
    auth=TokenAuth(),
    docs_url="/docs",
    # validatorUrl None: Swagger UI otherwise links (and loads a badge from)
    # https://validator.swagger.io with this server's /api/openapi.json.
    docs=Swagger(settings={"validatorUrl": None}),
    urls_namespace="api",
)
api.add_router("", accounts_router)
api.add_router("", processes_router)
api.add_router("", participants_router)
api.add_router("", meetings_router)
api.add_router("", consultations_router)
api.add_router("", ideas_router)
api.add_router("", records_router)
api.add_router("", transfer_router)
api.add_router("", translations_router)
api.add_router("", evaluation_router)
api.add_router("", reports_router)


def _error(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    # One body for every 404, whatever was asked for: a missing object and one
    # the caller may not see answer byte for byte the same (issue 22, 5).
    return _error(request, 404, {"detail": NotFound().message})


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    if request.method in ("GET", "HEAD"):
        # What a role may not read does not exist for it: the same 404.
        return _not_found(request, NotFound())
    return _error(request, 403, {"detail": exc.message})


@api.exception_handler(ValidationFailed)
def _invalid(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    return _error(request, 422, {"detail": exc.message, "errors": exc.errors})


@api.exception_handler(GateBlocked)
def _gate_blocked(request: HttpRequest, exc: GateBlocked) -> HttpResponse:
    # one per span: the span typed and its kind, never whose it is
    findings = [finding_out(f).model_dump() for f in per_span(exc.report.findings)]  # type: ignore[attr-defined]
    return _error(request, 409, {"detail": exc.message, "findings": findings})


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # Missing, unknown and revoked tokens answer alike.
    return _error(
        request,
        401,
        {
            "detail": "Send a valid API token: 'Authorization: Bearer <token>'. "
            "Create one with 'backchannel token create USERNAME'."
        },
    )


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    limit = size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return _error(
        request,
        413,
        {
            "detail": f"The request body is larger than the limit of {limit}: send "
            "less at once, or raise BACKCHANNEL_MAX_REQUEST_BYTES."
        },
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, RequestDataTooBig):
        return _too_big(request, exc.__cause__)
    if isinstance(exc.__cause__, InputRefused):
        return _error(request, 400, {"detail": str(exc.__cause__)})
    if exc.status_code == 400:
        # ninja's only 400: a body that is not JSON.
        return _error(
            request,
            400,
            {
                "detail": "The request body is not valid JSON: send a JSON object "
                "with 'Content-Type: application/json'."
            },
        )
    return _error(request, exc.status_code, {"detail": exc.message})


# Messages that replace pydantic's, and fixes appended to it, by error type.
_MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "Unknown field: remove it or check its spelling "
    "(the fields are listed at /api/docs).",
}
_HINTS = {
    "uuid_parsing": " Give an id as returned by the API (a UUID).",
    "uuid_type": " Give an id as returned by the API (a UUID).",
}


def _json_path(loc: Sequence[Any]) -> str:
    """``("body", "payload", "segments", 0, "title")`` → ``segments[0].title``."""
    source, *rest = loc
    if source == "body" and rest:
        rest = rest[1:]  # the name of the view's body parameter
    path = ""
    for part in rest:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else part
    return path or "__all__"


@api.exception_handler(NinjaValidationError)
def _malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """ninja's own validation errors, in the same shape as ``ValidationFailed``."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        path = _json_path(error["loc"])
        kind = error["type"]
        if path == "__all__" and kind == "missing":
            message = "Send a JSON object as the request body."
        else:
            message = _MESSAGES.get(kind) or f"{error['msg']}.{_HINTS.get(kind, '')}"
        errors.setdefault(path, []).append(message)
    return _invalid(request, ValidationFailed(errors))
