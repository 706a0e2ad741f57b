"""Second factor required for conveners, facilitators and rapporteurs.

Here rather than in accounts: the roles that require it are held through seats
(participants), a layer above accounts.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from backchannel.accounts.models import Membership, OrgRole, User
from backchannel.participants.models import Seat

MFA_ROLES = ("convener", "facilitator", "rapporteur")
OPEN_PREFIXES = (
    "/accounts/",
    "/logout/",
    "/login/",
    "/language/",
    "/static/",
    "/healthz",
    "/api/",
)


def mfa_required_for(user: User) -> bool:
    """Whether the user's roles oblige them to use a second factor."""
    return (
        Membership.objects.filter(user=user, role=OrgRole.CONVENER).exists()
        or Seat.objects.held_by(user).filter(role__in=MFA_ROLES).exists()
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
                    _(
                        "Your role (convener, facilitator or rapporteur) needs a "
                        "second factor: set up an authenticator app to continue."
                    ),
                )
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
