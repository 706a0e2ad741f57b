"""The public side of a consultation: /c/<token>/, no account needed.

A voter is known by a random ballot token in a cookie (HttpOnly, SameSite=Lax,
scoped to the consultation's path); the server keeps only a hash of it. The
server signs every token it issues (HMAC under ``SECRET_KEY``): a cookie it
did not sign, however well formed, is a new voter, who gets a fresh cookie and
counts against the new-ballot limit, so forged cookies cannot bypass it. The
voting page works without JavaScript: one statement at a time, three buttons,
a redirect after each vote. ``POST /c/<token>/vote`` takes the same vote as
JSON, for load tests and a future script client; it is exempt from Django's
CSRF token and protected instead by the SameSite cookie, an ``Origin`` check
and a JSON-only body (which a cross-site form cannot send).
"""

from __future__ import annotations

import base64
import functools
import hmac
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backchannel.consultations import services
from backchannel.consultations.access import (
    access_consultation_by_token,
    access_voting_link,
)
from backchannel.consultations.flood import Flooded
from backchannel.consultations.forms import ProposeForm
from backchannel.consultations.models import Ballot, Consultation, ConsultationStatus
from backchannel.consultations.selectors import progress_for, results_for, runs_for
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.uploads import InputRefused, json_loads

BALLOT_COOKIE = "bc_ballot"
BALLOT_AGE = 180 * 24 * 3600
BALLOT_TOKEN = re.compile(r"^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$")
_BALLOT_SALT = "backchannel.consultations.ballot"


def _ballot_signature(token: str, secret: str | bytes) -> str:
    digest = salted_hmac(_BALLOT_SALT, token, secret=secret, algorithm="sha256")
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def issue_ballot() -> str:
    """A new ballot cookie value: a random token and the server's signature."""
    token = services.new_token()
    return f"{token}.{_ballot_signature(token, settings.SECRET_KEY)}"


def ballot_is_ours(value: str) -> bool:
    """Whether this server signed the cookie value (under the current or a
    previous ``SECRET_KEY``, so rotating the key does not reset every voter)."""
    match = BALLOT_TOKEN.match(value)
    if match is None:
        return False
    token, signature = match.groups()
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(
        hmac.compare_digest(signature, _ballot_signature(token, secret))
        for secret in secrets_
    )


def _ballot(request: HttpRequest) -> tuple[str, bool]:
    """The voter's ballot token, or a new one (``True``) when they have none or
    one the server never issued (a forged cookie is a new voter)."""
    value = request.COOKIES.get(BALLOT_COOKIE, "")
    if ballot_is_ours(value):
        return value, False
    return issue_ballot(), True


def _keep_ballot(response: HttpResponse, link: str, token: str) -> None:
    response.set_cookie(
        BALLOT_COOKIE,
        token,
        max_age=BALLOT_AGE,
        path=reverse("consultations:vote", args=[link]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"consultations/public/{template}", context, status=status)


def _flooded(request: HttpRequest, exc: Flooded, link: str | None) -> HttpResponse:
    context = {"message": exc.message, "link": link}
    response = _page(request, "429.html", context, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def public_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Map errors to the public pages (which never link into the workspace)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        try:
            return view(request, token)
        except NotFound:
            return _page(request, "404.html", {}, status=404)
        except Flooded as exc:
            return _flooded(request, exc, token)
        except PermissionDenied as exc:
            context = {"message": exc.message, "link": token}
            return _page(request, "403.html", context, status=403)
        except ValidationFailed as exc:
            context = {"errors": exc.errors, "link": token}
            return _page(request, "422.html", context, status=422)

    return wrapper


def _vote_context(
    request: HttpRequest,
    consultation: Consultation,
    link: str,
    ballot_token: str | None,
    form: ProposeForm | None = None,
) -> dict[str, Any]:
    ballot_id = Ballot.id_for(consultation.pk, ballot_token) if ballot_token else None
    return {
        "consultation": consultation,
        "link": link,
        "progress": progress_for(consultation, ballot_id),
        "open": consultation.status == ConsultationStatus.OPEN,
        "form": form or ProposeForm(),
        "proposed": request.GET.get("proposed") == "1",
    }


@require_http_methods(["GET", "POST"])
@public_errors
def vote(request: HttpRequest, token: str) -> HttpResponse:
    consultation = access_consultation_by_token(token)
    ballot_token, new = _ballot(request)
    if request.method == "POST":
        try:
            services.vote_cast(
                consultation=consultation,
                ballot_token=ballot_token,
                statement_id=request.POST.get("statement", ""),
                vote=request.POST.get("vote", ""),
                new_ballot=new,
            )
        except NotFound:
            # The statement was withdrawn while it was on screen: show the next.
            new = False
        response = HttpResponse(status=303)
        response["Location"] = reverse("consultations:vote", args=[token])
        if new:
            _keep_ballot(response, token, ballot_token)
        return response
    context = _vote_context(request, consultation, token, None if new else ballot_token)
    return _page(request, "vote.html", context)


@require_POST
@public_errors
def propose(request: HttpRequest, token: str) -> HttpResponse:
    consultation = access_consultation_by_token(token)
    ballot_token, new = _ballot(request)
    form = ProposeForm(request.POST)
    if form.is_valid():
        try:
            services.statement_propose(
                consultation=consultation,
                ballot_token=ballot_token,
                text=form.cleaned_data["text"],
            )
        except ValidationFailed as exc:
            form.add_error(
                "text", "; ".join(m for ms in exc.errors.values() for m in ms)
            )
        else:
            response = HttpResponse(status=303)
            response["Location"] = (
                reverse("consultations:vote", args=[token]) + "?proposed=1#propose"
            )
            if new:
                _keep_ballot(response, token, ballot_token)
            return response
    context = _vote_context(
        request, consultation, token, None if new else ballot_token, form
    )
    return _page(request, "vote.html", context, status=422)


def _same_origin(request: HttpRequest) -> bool:
    """A browser names the page that sent a request: it must be this site."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in (
        "same-origin",
        "none",
    ):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser's cross-site request (those carry Origin)
    here = f"{request.scheme}://{request.get_host()}"
    return origin == here or origin in settings.CSRF_TRUSTED_ORIGINS


def _json_error(status: int, detail: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"detail": detail, **extra}, status=status)


@csrf_exempt
@require_POST
def vote_json(request: HttpRequest, token: str) -> HttpResponse:
    """``{"statement": "<id>", "vote": "agree" | "disagree" | "pass"}`` → 200."""
    if not _same_origin(request):
        return _json_error(403, "Cross-site requests cannot vote.")
    if request.content_type != "application/json":
        return _json_error(
            415, "Send the vote as JSON with 'Content-Type: application/json'."
        )
    try:
        body = json_loads(request.body, label="The vote")
    except RequestDataTooBig:
        return _json_error(413, "The request is too large: send one vote at a time.")
    except InputRefused as exc:
        return _json_error(400, str(exc))
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _json_error(
            400, 'Send a JSON object: {"statement": "<id>", "vote": "agree"}.'
        )
    ballot_token, new = _ballot(request)
    try:
        link = access_voting_link(token)
        cast = services.vote_cast(
            consultation=link,
            ballot_token=ballot_token,
            statement_id=body.get("statement", ""),
            vote=body.get("vote", ""),
            new_ballot=new,
        )
    except NotFound as exc:
        return _json_error(404, exc.message)
    except Flooded as exc:
        response = _json_error(429, exc.message, retry_after=exc.retry_after)
        response["Retry-After"] = str(exc.retry_after)
        return response
    except PermissionDenied as exc:
        return _json_error(409, exc.message)
    except ValidationFailed as exc:
        return _json_error(422, exc.message, errors=exc.errors)
    response = JsonResponse({"statement": str(cast.statement_id), "vote": cast.value})
    if new:
        _keep_ballot(response, token, ballot_token)
    return response


@require_GET
@public_errors
def results(request: HttpRequest, token: str) -> HttpResponse:
    consultation = access_consultation_by_token(token)
    if not consultation.public_results:
        raise NotFound("results")
    latest, done = runs_for(consultation)
    context = {
        "consultation": consultation,
        "link": token,
        "latest": latest,
        "results": results_for(done),
    }
    return _page(request, "results.html", context)
