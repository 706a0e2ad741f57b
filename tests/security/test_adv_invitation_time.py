"""Adversary (database thief): when a manager handed out an invitation.

README: a dump shows "ids, dates at day granularity", "content and audit dates
are kept to the day". ``participants_invitation.expires_at`` is the creation
instant plus N days, to the microsecond, next to ``created_by_id`` (a login name
in clear) and the seat: the dump tells at what time of day who invited whom.
"""

from __future__ import annotations

from backchannel.participants.logins import LOGIN_FIELDS, unlink_login
from backchannel.participants.models import Invitation
from backchannel.participants.services import invitation_create
from tests.world import World


def test_an_invitation_keeps_no_time_of_day(world: World) -> None:
    seat = world.seats["observer"]
    person = seat.person
    unlink_login(person)
    person.save(update_fields=LOGIN_FIELDS)
    seat.joined_on = None
    seat.save(update_fields=["joined_on"])
    invitation, _ = invitation_create(access=world.access("facilitator"), seat=seat)
    stored = Invitation.objects.values_list("expires_at", flat=True).get(
        pk=invitation.pk
    )
    moment = (stored.hour, stored.minute, stored.second, stored.microsecond)
    assert moment == (0, 0, 0, 0), f"stored expiry {stored} keeps the time of day"
