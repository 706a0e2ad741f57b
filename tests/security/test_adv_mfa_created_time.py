"""Adversary (database thief): when each login set up its second factor.

README: "when a second factor was last used is kept to the day" and "content
and audit dates are kept to the day". allauth's ``mfa_authenticator`` row also
has ``created_at``, kept to the microsecond next to ``user_id``: for a
convener, facilitator or rapporteur, who must set one up at their first login,
it is the time of day of that login.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.world import World


def test_a_second_factor_keeps_no_time_of_day(world: World) -> None:
    TOTP.activate(world.users["facilitator"], generate_totp_secret())
    stored = Authenticator.objects.values_list("created_at", flat=True).get(
        user=world.users["facilitator"]
    )
    moment = (stored.hour, stored.minute, stored.second, stored.microsecond)
    assert moment == (0, 0, 0, 0), f"created_at {stored} keeps the time of day"
