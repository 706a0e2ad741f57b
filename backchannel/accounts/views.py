"""The account pages: API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
)

from backchannel.accounts.forms import ApiTokenForm, FirstRunForm, LanguageForm
from backchannel.accounts.http import WebRequest
from backchannel.accounts.middleware import set_language_cookie
from backchannel.accounts.selectors import (
    access_audit_log,
    api_token_list_for,
    audit_list_for,
    convened_organisations,
)
from backchannel.accounts.services import (
    SetupClosed,
    api_token_create,
    first_run_setup,
    setup_token_is_open,
    user_set_api_access,
    user_set_language,
)
from backchannel.core.audit_recent import audit_verify_recent
from backchannel.core.errors import ValidationFailed
from backchannel.core.web import (
    GET,
    POST,
    attach_errors,
    form_page,
    html_view,
    web_errors,
)


def _tokens(request: WebRequest, plaintext: str = "") -> dict[str, Any]:
    return {
        "tokens": api_token_list_for(request.user),
        "plaintext": plaintext,
        "nav": "account",
    }


@html_view(methods=GET)
def token_list(request: WebRequest) -> HttpResponse:
    context = {"form": ApiTokenForm(), **_tokens(request)}
    return render(request, "accounts/token_list.html", context)


@html_view(methods=POST)
def token_create(request: WebRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    return form_page(
        request,
        form,
        lambda: api_token_create(
            user=request.user, label=form.cleaned_data["label"].strip()
        ),
        # Rendered, not redirected: the plaintext never goes into the session.
        then=lambda made: render(
            request,
            "accounts/token_list.html",
            {"form": ApiTokenForm(), **_tokens(request, plaintext=made[1])},
        ),
        message=None,
        template="accounts/token_list.html",
        context=lambda: _tokens(request),
    )


@html_view(access_audit_log, methods=GET)
def audit_list(request: WebRequest, organisation: Any) -> HttpResponse:
    broken = audit_verify_recent().broken
    context = {
        "organisation": organisation,
        "events": audit_list_for(organisation),
        "broken": broken,
        "nav": "audit",
    }
    return render(request, "accounts/audit_list.html", context)


@html_view(methods=GET)
def audit_index(request: WebRequest) -> HttpResponse:
    organisations = convened_organisations(request.user)
    if len(organisations) == 1:
        return redirect("accounts:audit-list", organisation_id=organisations[0].pk)
    return render(
        request,
        "accounts/audit_index.html",
        {"organisations": organisations, "nav": "audit"},
        status=200 if organisations else 403,
    )


@require_POST
@web_errors
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: saved on the account, remembered in a cookie.

    Open to visitors too (public consultation pages); without JavaScript.
    """
    form = LanguageForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(
            {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        )
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    # Back to the page the form was on (the Referer: same-origin policy). The
    # pages themselves do not echo their own address, so a missing and a
    # forbidden object still answer byte for byte the same.
    target = form.cleaned_data["next"] or request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    set_language_cookie(response, language)
    return response


@require_http_methods(["GET", "POST"])
def first_run(request: HttpRequest, token: str) -> HttpResponse:
    """The first organisation and its convener, from a browser, once.

    Open only with a live one-time token from ``backchannel setup-token`` and
    while the deployment has no user: otherwise 404, like any page that does
    not exist, so the world never sees it."""
    if not setup_token_is_open(token):
        raise Http404
    form = FirstRunForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                first_run_setup(
                    token=token,
                    organisation_name=data["organisation_name"],
                    organisation_slug=data["organisation_slug"],
                    username=data["username"],
                    password=data["password1"],
                )
            except SetupClosed:
                raise Http404 from None
            except ValidationFailed as exc:
                attach_errors(form, exc.errors, aliases={"password": "password1"})
            else:
                messages.success(
                    request,
                    gettext(
                        "The organisation and its convener are ready: log in. "
                        "The first-run page is now closed."
                    ),
                )
                return redirect("login")
    response = render(request, "accounts/first_run.html", {"form": form}, status=status)
    add_never_cache_headers(response)
    return response


@html_view(methods=POST)
def api_access(request: WebRequest) -> HttpResponse:
    """Turn the JSON API on or off for one's own account (the security page)."""
    enabled = request.POST.get("enabled") == "on"
    user_set_api_access(user=request.user, enabled=enabled)
    if enabled:
        messages.success(
            request,
            gettext(
                "API access is on: “API tokens” is now in the menu, to create a token."
            ),
        )
    else:
        messages.success(
            request, gettext("API access is off: your API tokens were revoked.")
        )
    return redirect("mfa_index")
