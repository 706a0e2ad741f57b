"""Template helpers about people and roles: role labels and the navigation's
"who may see this page" questions. Here rather than in core's ``backchannel_ui``
because they read accounts, processes and participants (a layer above core)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from backchannel.accounts.models import Membership, OrgRole
from backchannel.participants.access import organisations_for_people
from backchannel.participants.models import SeatRole
from backchannel.participants.selectors import uses_api as _uses_api
from backchannel.processes.access import ORG_CONVENER

register = template.Library()

ROLE_LABELS = {ORG_CONVENER: _("Convener (organisation)"), **dict(SeatRole.choices)}


@register.filter
def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


@register.simple_tag
def manages_people(user: Any) -> bool:
    return bool(user.is_authenticated and organisations_for_people(user))


@register.simple_tag
def convenes(user: Any) -> bool:
    """Whether the user convenes for an organisation (and so reads its audit log)."""
    return bool(
        user.is_authenticated
        and Membership.objects.filter(user=user, role=OrgRole.CONVENER).exists()
    )


@register.simple_tag
def uses_api(user: Any) -> bool:
    """Whether the navigation offers the "API tokens" page to this user."""
    return _uses_api(user)
