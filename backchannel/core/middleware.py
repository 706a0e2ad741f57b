"""Security headers and the session idle timeout."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

IDLE_SECONDS = 30 * 60
ABSOLUTE_SECONDS = 12 * 3600
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class SecurityHeadersMiddleware:
    """The CSP, Permissions-Policy and ``no-store`` on every response.

    First in MIDDLEWARE, so that what the inner middleware answer themselves
    (the 400 for an unknown Host, APPEND_SLASH redirects that would otherwise be
    a cacheable 301 holding an invitation code, whitenoise's files) carry them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # /api/docs included (its Swagger UI is served from our own static
        # files, with no inline script).
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=()")
        response.headers.setdefault("Cache-Control", "no-store")
        return response


class SessionTimeoutMiddleware:
    """Log out after 30 idle minutes or 12 hours (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            born = request.session.setdefault("born", now)
            last = request.session.get("seen", now)
            if now - last > IDLE_SECONDS or now - born > ABSOLUTE_SECONDS:
                # Idle for 30 minutes, or logged in for 12 hours: log in again.
                logout(request)
            elif now - last >= 60 or "seen" not in request.session:
                # Minute granularity is enough for the timeout and keeps no trail.
                request.session["seen"] = now
        return self.get_response(request)
