"""API shapes of the caller's own account."""

from __future__ import annotations

import uuid

from ninja import Schema

from backchannel.accounts.models import Membership, OrgRole, User


class MembershipOut(Schema):
    id: uuid.UUID
    name: str
    slug: str
    role: OrgRole


class MeOut(Schema):
    username: str
    organisations: list[MembershipOut]


def me_out(user: User, memberships: list[Membership]) -> MeOut:
    return MeOut(
        username=user.username,
        organisations=[
            MembershipOut(
                id=m.organisation.pk,
                name=m.organisation.name,
                slug=m.organisation.slug,
                role=m.role,
            )
            for m in memberships
        ],
    )
