"""The JSON API: django-ninja, bearer tokens, the same services and access rules.

Errors are mapped to HTTP here, in one place.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer

from backchannel.accounts.models import User
from backchannel.accounts.services import api_token_user
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Backchannel API",
    version="1",
    description="Confidential workspace for track 1.5 and track 2 dialogues. "
    "Authenticate with `Authorization: Bearer <token>` (create a token with "
    "`backchannel token create USERNAME` or on your account page).",
    auth=TokenAuth(),
    docs_url="/docs",
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return _error(request, 404, {"detail": exc.message})


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, {"detail": exc.message})


@api.exception_handler(ValidationFailed)
def _invalid(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    return _error(request, 422, {"detail": exc.message, "errors": exc.errors})
