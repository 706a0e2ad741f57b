"""The interface language of each request (the second factor required by a role
in a process is :mod:`backchannel.participants.middleware`)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from backchannel.accounts.services import language_codes


class LanguageMiddleware:
    """The interface language of each request.

    A logged-in user's saved choice wins; otherwise the language cookie (set by
    the switcher, and kept after logout so the login page stays in it), then the
    browser's Accept-Language, then English. Stands after authentication.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        saved = ""
        if user is not None and user.is_authenticated:
            saved = user.language if user.language in language_codes() else ""
        language = saved or translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        cookie = settings.LANGUAGE_COOKIE_NAME
        if (
            saved
            and cookie not in response.cookies  # the switcher has just set it
            and request.COOKIES.get(cookie) != saved
        ):
            set_language_cookie(response, saved)
        return response


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Remember (or, blank, forget) the interface language in this browser."""
    if not language:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME, samesite=settings.LANGUAGE_COOKIE_SAMESITE
        )
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
