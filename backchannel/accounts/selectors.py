"""Reads of accounts, scoped to an actor."""

from __future__ import annotations

import uuid
from typing import Any

from backchannel.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    OrgRole,
    User,
)

#: Seat roles whose work uses the API (exports, record-keeping scripts).
API_SEAT_ROLES = ("convener", "facilitator", "rapporteur")


def api_token_list_for(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_on", "prefix"))


def member_list_for(organisation: Organisation) -> list[User]:
    """Logins that belong to the organisation (to link a person to one)."""
    return list(
        User.objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("username")
    )


def membership_list_for(user: User) -> list[Membership]:
    """The user's organisations, with their role in each."""
    memberships = list(
        Membership.objects.filter(user=user).select_related("organisation")
    )
    memberships.sort(key=lambda m: m.organisation.name.casefold())
    return memberships


def member_organisation_get(user: User, organisation_id: Any) -> Organisation | None:
    """An organisation the user belongs to; None for any other id, malformed ones too."""
    try:
        oid = uuid.UUID(str(organisation_id))
    except ValueError:
        return None
    return Organisation.objects.filter(pk=oid, memberships__user=user).first()


def access_audit_log(actor: User, organisation_id: Any) -> Organisation:
    """The audit log of an organisation is for its conveners only."""
    from backchannel.accounts.services import is_org_convener
    from backchannel.core.errors import NotFound

    try:
        oid = uuid.UUID(str(organisation_id))
    except ValueError:
        raise NotFound("organisation") from None
    organisation = Organisation.objects.filter(pk=oid).first()
    if organisation is None or not is_org_convener(actor, organisation.pk):
        raise NotFound("organisation")
    return organisation


def audit_list_for(organisation: Organisation, *, limit: int = 500) -> list[Any]:
    """The organisation's latest audit entries, newest first (ids only, no content)."""
    from backchannel.core.models import AuditEvent

    return list(
        AuditEvent.objects.filter(organisation_id=organisation.pk).order_by("-seq")[
            :limit
        ]
    )


def convened_organisations(actor: User) -> list[Organisation]:
    from backchannel.accounts.models import OrgRole

    return list(
        Organisation.objects.filter(
            memberships__user=actor, memberships__role=OrgRole.CONVENER
        ).order_by("name")
    )


def uses_api(user: User) -> bool:
    """Whether the navigation offers "API tokens": to those whose role works
    with scripts (an organisation's conveners; conveners, facilitators and
    rapporteurs of a process), to anyone who turned the API on in their
    security page, and to anyone holding a token (so they can find it).
    Participants, observers and interpreters do not see it otherwise."""
    from django.db.models import Exists, OuterRef

    from backchannel.participants.models import Seat

    if not user.is_authenticated:
        return False
    if user.api_enabled:
        return True
    # One query, whatever the answer (it runs on every page, in the menu).
    return (
        User.objects.filter(pk=user.pk)
        .filter(
            Exists(
                Membership.objects.filter(user=OuterRef("pk"), role=OrgRole.CONVENER)
            )
            | Exists(
                Seat.objects.filter(
                    person__user=OuterRef("pk"), role__in=API_SEAT_ROLES
                )
            )
            | Exists(ApiToken.objects.filter(user=OuterRef("pk")))
        )
        .exists()
    )
