"""Second factor required for conveners, facilitators and rapporteurs."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from backchannel.accounts.models import Membership, OrgRole, User

MFA_ROLES = ("convener", "facilitator", "rapporteur")
OPEN_PREFIXES = ("/accounts/", "/logout/", "/login/", "/static/", "/healthz", "/api/")


def mfa_required_for(user: User) -> bool:
    """Whether the user's roles oblige them to use a second factor."""
    from backchannel.participants.models import Seat

    return (
        Membership.objects.filter(user=user, role=OrgRole.CONVENER).exists()
        or Seat.objects.filter(person__user=user, role__in=MFA_ROLES).exists()
    )


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.BACKCHANNEL_REQUIRE_MFA
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not request.session.get("mfa_ok")
        ):
            if is_mfa_enabled(user):
                request.session["mfa_ok"] = True
            elif mfa_required_for(user):
                messages.info(
                    request,
                    "Your role (convener, facilitator or rapporteur) needs a second "
                    "factor: set up an authenticator app to continue.",
                )
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
