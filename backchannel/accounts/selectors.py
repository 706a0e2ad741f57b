"""Reads of accounts, scoped to an actor."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from backchannel.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    OrgRole,
    User,
)
from backchannel.accounts.services import is_org_convener
from backchannel.core.audit import audit_actor
from backchannel.core.errors import NotFound
from backchannel.core.models import AuditEvent


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
    try:
        oid = uuid.UUID(str(organisation_id))
    except ValueError:
        raise NotFound("organisation") from None
    organisation = Organisation.objects.filter(pk=oid).first()
    if organisation is None or not is_org_convener(actor, organisation.pk):
        raise NotFound("organisation")
    return organisation


@dataclass(frozen=True)
class AuditEntry:
    """One entry as the log's readers see it: the actor of a process's entry
    opened with the process's key, or ``shredded`` once that key is destroyed."""

    seq: int
    on: dt.date
    actor: str
    shredded: bool
    verb: str
    target_type: str
    target_id: str
    process_id: uuid.UUID | None


def audit_list_for(organisation: Organisation, *, limit: int = 500) -> list[AuditEntry]:
    """The organisation's latest audit entries, newest first (ids only, no content)."""
    events = AuditEvent.objects.filter(organisation_id=organisation.pk).order_by(
        "-seq"
    )[:limit]
    entries = []
    for e in events:
        actor = audit_actor(e)
        entries.append(
            AuditEntry(
                seq=e.seq,
                on=e.on,
                actor=actor.shown,
                shredded=actor.shredded,
                verb=e.verb,
                target_type=e.target_type,
                target_id=actor.target_id,
                process_id=e.process_id,
            )
        )
    return entries


def convened_organisations(actor: User) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            memberships__user=actor, memberships__role=OrgRole.CONVENER
        ).order_by("name")
    )
