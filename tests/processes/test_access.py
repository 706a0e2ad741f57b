from __future__ import annotations

import uuid

import pytest

from backchannel.core.errors import NotFound, PermissionDenied
from backchannel.processes.access import access_process_by_id
from backchannel.processes.selectors import process_list_for
from tests.world import ALL_ROLES, MANAGING_ROLES, VIEWING_ROLES, World


def test_every_role_sees_exactly_what_it_should(world: World) -> None:
    for role in ALL_ROLES:
        user = world.users[role]
        visible = {row.process.pk for row in process_list_for(user)}
        assert (world.process.pk in visible) == (role in VIEWING_ROLES), role
        assert world.rival_process.pk not in visible or role == "outsider", role
        if role in VIEWING_ROLES:
            access = access_process_by_id(user, world.process.pk)
            assert access.can_manage == (role in MANAGING_ROLES), role
        else:
            with pytest.raises(NotFound):
                access_process_by_id(user, world.process.pk)


def test_a_missing_and_a_forbidden_process_answer_the_same(world: World) -> None:
    user = world.users["participant"]
    with pytest.raises(NotFound) as forbidden:
        access_process_by_id(user, world.rival_process.pk)
    with pytest.raises(NotFound) as missing:
        access_process_by_id(user, uuid.uuid4())
    with pytest.raises(NotFound) as garbage:
        access_process_by_id(user, "42")
    assert str(forbidden.value) == str(missing.value) == str(garbage.value)


def test_non_managers_cannot_manage(world: World) -> None:
    with pytest.raises(PermissionDenied):
        access_process_by_id(world.users["rapporteur"], world.process.pk, manage=True)
