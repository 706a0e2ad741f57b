"""The public JSON vote's short path through the middleware.

``VoteFastPathMiddleware`` answers ``POST /c/<token>/vote`` straight after
the security middleware: the session, authentication, messages, allauth and
second-factor middleware have nothing to do with an anonymous JSON vote (the
view is CSRF-exempt and checks the origin itself). It activates the request's
language, so error messages read as they did, and sets X-Frame-Options as the
skipped clickjacking middleware would. Any other request goes the usual way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from backchannel.consultations.public import vote_json

_VOTE_PATH = re.compile(r"^/c/([^/]{1,64})/vote$")


class VoteFastPathMiddleware:
    """``POST /c/<token>/vote`` straight to its view (see the module's doc).

    Stands right after Django's SecurityMiddleware (HTTPS redirect, HSTS) and
    inside SecurityHeadersMiddleware (CSP, no-store)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = _VOTE_PATH.match(request.path_info)
        if match is None or request.method != "POST":
            return self.get_response(request)
        translation.activate(translation.get_language_from_request(request))
        response = vote_json(request, match.group(1))
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
