"""The two-person rule, kept apart from the role a single manager can mint.

Two actions need two keys: a gate override (``transfer``) and destroying a
process (``processes``). "Different" means a different *person*, not merely a
different login: a manager must not be able to make the second key themselves.
So

* managing seats (convener, facilitator: every role that can confirm) and
  invitations to them are created by the organisation's conveners only
  (:func:`require_may_grant`); a facilitator seats and invites participants,
  rapporteurs, interpreters and observers;
* a confirmation is refused when the confirmer's managing seat was created,
  given its role or invited by the person who asked (:func:`require_second_key`),
  as the audit log and the seat's invitations record it.
"""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from backchannel.accounts.models import User
from backchannel.core.audit import audit_actor
from backchannel.core.errors import PermissionDenied
from backchannel.participants.logins import same_login
from backchannel.participants.models import Invitation, SeatRole
from backchannel.processes.access import ORG_CONVENER, ProcessAccess

# Seat roles that manage a process, hence can hold the second key.
MANAGING_SEAT_ROLES = frozenset({SeatRole.CONVENER, SeatRole.FACILITATOR})


def require_may_grant(
    access: ProcessAccess, role: str, *, invite: bool = False
) -> None:
    """Only the organisation's conveners (and the operator, on the command line
    or importing a process) create (or invite to) a managing seat."""
    if (
        role not in MANAGING_SEAT_ROLES
        or access.role == ORG_CONVENER
        or access.is_operator
    ):
        return
    label = SeatRole(role).label
    if invite:
        message = _(
            "Only the organisation's conveners may invite someone to a %(role)s "
            "seat, since it holds a key of the two-person rule: ask a convener of "
            "the organisation to send this invitation."
        )
    else:
        message = _(
            "Only the organisation's conveners may seat someone as %(role)s, since "
            "that role holds a key of the two-person rule: seat them as participant, "
            "rapporteur, interpreter or observer, or ask a convener of the "
            "organisation."
        )
    raise PermissionDenied(message % {"role": str(label).lower()})


def minted_by(requester: User, seat_id: uuid.UUID | None) -> bool:
    """Whether ``requester`` created this seat, gave it its role or invited its holder."""
    from backchannel.core.models import AuditEvent

    if seat_id is None:
        return False
    # Who made an invitation is sealed under the process's key: open each one.
    if any(
        same_login(i.created_by, requester)
        for i in Invitation.objects.filter(seat_id=seat_id)
    ):
        return True
    # The actor of a process's entry is sealed under its key: open each one.
    events = AuditEvent.objects.filter(
        verb__in=("seat.create", "seat.update"), target_id=str(seat_id)
    )
    return any(audit_actor(e).user_id == str(requester.pk) for e in events)


def require_second_key(access: ProcessAccess, requester: User | None) -> None:
    """The confirmer must be another person than the requester, whose managing
    seat the requester did not create, promote or invite (see module doc)."""
    if requester is None or access.is_operator:
        return
    if requester.pk == access.actor.pk:
        raise PermissionDenied(
            _(
                "This needs a second convener or facilitator: another manager "
                "must confirm your request."
            )
        )
    if access.role != ORG_CONVENER and minted_by(requester, access.seat_id):
        raise PermissionDenied(
            _(
                "The second key must be another person's: your managing seat was "
                "created or invited by the manager who asked, so you cannot confirm "
                "their request. Ask another convener or facilitator, or a convener "
                "of the organisation."
            )
        )
