"""The public side of a consultation: /c/<token>/, no account needed.

A voter is known by a random ballot token in a cookie (HttpOnly, SameSite=Lax,
scoped to the consultation's path); the server keeps only a hash of it. The
server signs every token it issues, with the consultation it is issued for
(HMAC under ``SECRET_KEY``): a cookie it did not sign for this consultation,
however well formed, is a new voter, who gets a fresh cookie and counts against
the new-ballot limit (whether it votes or proposes first), so neither forged
cookies nor cookies collected in other consultations can bypass it. The
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
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
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
from backchannel.core.clients import client_pseudonym
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.uploads import InputRefused, json_loads

BALLOT_COOKIE = "bc_ballot"
BALLOT_AGE = 180 * 24 * 3600
BALLOT_TOKEN = re.compile(r"^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$")
_BALLOT_SALT = "backchannel.consultations.ballot"


def _ballot_signature(
    token: str, secret: str | bytes, consultation_id: uuid.UUID | None
) -> str:
    # The signature covers the consultation: a cookie issued in one consultation
    # is a stranger (a new ballot, counted against the cap) in any other.
    # ``None`` computes the signature of cookies issued before that binding.
    message = token if consultation_id is None else f"{consultation_id}:{token}"
    digest = salted_hmac(_BALLOT_SALT, message, secret=secret, algorithm="sha256")
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def issue_ballot(consultation_id: uuid.UUID) -> str:
    """A new ballot cookie value for one consultation: a random token and the
    server's signature of it and the consultation."""
    token = services.new_token()
    return f"{token}.{_ballot_signature(token, settings.SECRET_KEY, consultation_id)}"


def _signed(value: str, consultation_id: uuid.UUID | None) -> bool:
    match = BALLOT_TOKEN.match(value)
    if match is None:
        return False
    token, signature = match.groups()
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(
        hmac.compare_digest(
            signature, _ballot_signature(token, secret, consultation_id)
        )
        for secret in secrets_
    )


def ballot_is_ours(value: str, consultation_id: uuid.UUID) -> bool:
    """Whether this server signed the cookie value for this consultation (under
    the current or a previous ``SECRET_KEY``, so rotating the key does not reset
    every voter).

    A cookie signed before signatures covered the consultation is still
    honoured, but only where it already has a ballot: it was issued for this
    consultation (a ballot id is a hash of the consultation and the cookie).
    Anywhere else it is a new voter."""
    if _signed(value, consultation_id):
        return True
    return (
        _signed(value, None)
        and Ballot.objects.filter(pk=Ballot.id_for(consultation_id, value)).exists()
    )


def _ballot(request: HttpRequest, consultation_id: uuid.UUID) -> tuple[str, bool]:
    """The voter's ballot token, or a new one (``True``) when they have none or
    one the server never issued for this consultation (a forged cookie, or one
    from another consultation, is a new voter)."""
    value = request.COOKIES.get(BALLOT_COOKIE, "")
    if ballot_is_ours(value, consultation_id):
        return value, False
    return issue_ballot(consultation_id), True


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


def _public_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"consultations/public/{template}", context, status=status)


def _flooded(request: HttpRequest, exc: Flooded, link: str | None) -> HttpResponse:
    context = {"message": exc.message, "link": link}
    response = _public_page(request, "429.html", context, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def public_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Map errors to the public pages (which never link into the workspace)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        try:
            return view(request, token)
        except NotFound:
            return _public_page(request, "404.html", {}, status=404)
        except Flooded as exc:
            return _flooded(request, exc, token)
        except PermissionDenied as exc:
            context: dict[str, Any] = {"message": exc.message, "link": token}
            return _public_page(request, "403.html", context, status=403)
        except ValidationFailed as exc:
            context = {"errors": exc.errors, "link": token}
            return _public_page(request, "422.html", context, status=422)

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
        # The language menu of the public pages also picks the statements'
        # translations (falling back to the original).
        "progress": progress_for(consultation, ballot_id, get_language() or ""),
        "open": consultation.status == ConsultationStatus.OPEN,
        "form": form or ProposeForm(),
        "proposed": request.GET.get("proposed") == "1",
    }


@require_http_methods(["GET", "POST"])
@public_errors
def vote(request: HttpRequest, token: str) -> HttpResponse:
    consultation = access_consultation_by_token(token)
    ballot_token, new = _ballot(request, consultation.pk)
    if request.method == "POST":
        try:
            services.vote_cast(
                consultation=consultation,
                ballot_token=ballot_token,
                statement_id=request.POST.get("statement", ""),
                vote=request.POST.get("vote", ""),
                new_ballot=new,
                client=client_pseudonym(request),
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
    return _public_page(request, "vote.html", context)


@require_POST
@public_errors
def propose(request: HttpRequest, token: str) -> HttpResponse:
    consultation = access_consultation_by_token(token)
    ballot_token, new = _ballot(request, consultation.pk)
    form = ProposeForm(request.POST)
    if form.is_valid():
        try:
            services.statement_propose(
                consultation=consultation,
                ballot_token=ballot_token,
                text=form.cleaned_data["text"],
                new_ballot=new,
                client=client_pseudonym(request),
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
    return _public_page(request, "vote.html", context, status=422)


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
    try:
        link = access_voting_link(token)
        ballot_token, new = _ballot(request, link.pk)
        cast = services.vote_cast(
            consultation=link,
            ballot_token=ballot_token,
            statement_id=body.get("statement", ""),
            vote=body.get("vote", ""),
            new_ballot=new,
            client=client_pseudonym(request),
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
        # in the language the voter picked, as on the vote page
        "results": results_for(done, get_language() or ""),
    }
    return _public_page(request, "results.html", context)
