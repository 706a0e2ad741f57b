"""Adversary (round 3): a convener of the organisation makes a puppet convener.

The two-person rule (backchannel/participants/twokeys.py) lets any convener of
the organisation confirm a request: their role comes from no seat, so nobody
in the process minted it. A convener who could make a second login of their
own a convener of the organisation would hold both keys: ask as one login,
confirm as the other.

Checked: no page or endpoint makes memberships today; the command line
(``createuser --role convener``, run by the operator) and the first-run setup
do. The service that every route would call now refuses a login as actor for
any change that makes or unmakes a convener, so a later page or endpoint
cannot open that door.
"""

from __future__ import annotations

import pytest

from backchannel.accounts.models import Membership, OrgRole
from backchannel.accounts.services import membership_set, user_create
from backchannel.core.errors import NotFound, PermissionDenied
from backchannel.processes.access import access_process_by_id
from backchannel.processes.models import Process
from backchannel.processes.services import (
    process_destroy_confirm,
    process_destroy_request,
)
from tests.world import PASSWORD, World


def test_a_convener_cannot_make_a_puppet_convener_for_the_second_key(
    world: World,
) -> None:
    convener = world.users["org_convener"]
    puppet = user_create(username="second-key", password=PASSWORD, actor=convener)
    with pytest.raises(PermissionDenied, match="createuser") as refused:
        membership_set(
            organisation=world.org, user=puppet, role=OrgRole.CONVENER, actor=convener
        )
    assert "two-person rule" in str(refused.value)
    assert not Membership.objects.filter(user=puppet).exists()
    # So the puppet has no way into the process to confirm anything.
    process_destroy_request(access=world.access("org_convener"))
    with pytest.raises(NotFound):
        process_destroy_confirm(access=access_process_by_id(puppet, world.process.pk))
    assert Process.objects.filter(pk=world.process.pk).exists()


def test_nor_promote_a_member_nor_demote_a_convener(world: World) -> None:
    convener = world.users["org_convener"]
    with pytest.raises(PermissionDenied, match="operator"):
        membership_set(
            organisation=world.org,
            user=world.users["staff"],
            role=OrgRole.CONVENER,
            actor=convener,
        )
    other = user_create(username="co-convener", password=PASSWORD)
    membership_set(organisation=world.org, user=other, role=OrgRole.CONVENER)
    with pytest.raises(PermissionDenied, match="operator"):
        membership_set(
            organisation=world.org, user=other, role=OrgRole.STAFF, actor=convener
        )
    roles = dict(
        Membership.objects.filter(organisation=world.org).values_list(
            "user__username", "role"
        )
    )
    assert roles["staff"] == OrgRole.STAFF and roles["co-convener"] == OrgRole.CONVENER


def test_the_operator_still_makes_conveners_and_a_convener_staff(
    world: World,
) -> None:
    newcomer = user_create(username="new-staff", password=PASSWORD)
    membership = membership_set(
        organisation=world.org,
        user=newcomer,
        role=OrgRole.STAFF,
        actor=world.users["org_convener"],
    )
    assert membership.role == OrgRole.STAFF
    promoted = membership_set(
        organisation=world.org, user=newcomer, role=OrgRole.CONVENER
    )
    assert promoted.role == OrgRole.CONVENER
