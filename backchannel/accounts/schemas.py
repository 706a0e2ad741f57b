"""API shapes of the caller's own account."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ninja import Field, Schema

from backchannel.accounts.models import Membership, OrgRole, User
from backchannel.accounts.services import language_codes
from backchannel.core.schemas import In


class MembershipOut(Schema):
    id: uuid.UUID
    name: str
    slug: str
    role: OrgRole


class MeOut(Schema):
    username: str
    language: str = Field(
        description="Interface language (a code of /api/me's languages); "
        "empty: the browser's Accept-Language"
    )
    languages: list[str]
    organisations: list[MembershipOut]


class MePatch(In):
    language: str = Field(
        description="Interface language code, or empty to follow the browser"
    )


def me_out(user: User, memberships: list[Membership]) -> MeOut:
    return MeOut(
        username=user.username,
        language=user.language,
        languages=language_codes(),
        organisations=[
            MembershipOut(
                id=m.organisation.pk,
                name=m.organisation.name,
                slug=m.organisation.slug,
                role=OrgRole(m.role),
            )
            for m in memberships
        ],
    )


class AuditEventOut(Schema):
    seq: int
    on: datetime.date
    actor: str
    verb: str
    target_type: str
    target_id: str
    process_id: uuid.UUID | None


class AuditLogOut(Schema):
    intact: bool
    broken_at: int | None
    events: list[AuditEventOut]


def audit_log_out(events: list[Any], broken: Any) -> AuditLogOut:
    return AuditLogOut(
        intact=broken is None,
        broken_at=broken.seq if broken is not None else None,
        events=[
            AuditEventOut(
                seq=e.seq,
                on=e.on,
                actor=e.actor,
                verb=e.verb,
                target_type=e.target_type,
                target_id=e.target_id,
                process_id=e.process_id,
            )
            for e in events
        ],
    )
