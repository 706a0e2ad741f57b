"""Reads of accounts, scoped to an actor."""

from __future__ import annotations

import uuid
from typing import Any

from backchannel.accounts.models import ApiToken, Membership, Organisation, User


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
