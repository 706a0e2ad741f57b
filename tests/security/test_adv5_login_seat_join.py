"""Adversary (round 5): a database copy ties every login to its process, side
and role by a plain join, audit log or not.

README, "Security model": "What a thief with the database, and not the master
key, gets ... no login tied to a process by the audit log (actors within a
process are sealed under its key)"; "What it does not promise": "Login names
are not encrypted ...: the users table and the organisation-level audit
entries show them, but no clear row ties a login to a process it sat in."
Round 3 sealed the audit actors so that a dump "holds only ciphertext" about
who took part (``test_adv3_shredded_membership.py``).

Attack (the database thief, no master key), found on the demo's
``var/backchannel.sqlite3``: ``participants_person.user_id`` and
``participants_seat.person_id``, ``process_id``, ``side_id`` and ``role`` are
stored in clear, so

    SELECT u.username, s.process_id, s.role, s.side_id
    FROM accounts_user u JOIN participants_person p ON p.user_id = u.id
    JOIN participants_seat s ON s.person_id = p.id

lists every login with each process it sits in, its role and which side
(``demo-participant | 8da4… | participant | 06bf…``; the side ids then group
participants into delegations). The same holds for managers through
``participants_invitation.created_by_id``, ``transfer_output.created_by_id``
and ``released_by_id``, ``transfer_transfer.recorded_by_id`` and
``transfer_uptake.recorded_by_id``. The audit sealing so protects nothing
until the process is destroyed (a database backup taken before, "kept as long
as you like", keeps the join for ever). Severity: high where logins are names
(the join page lets an invitee choose one), medium otherwise (membership and
side of each pseudonymous login).

Control: after ``process destroy`` the seats are gone and the join finds no
login, so the test fails only on the clear link while the process lives.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from backchannel.processes.access import Operator
from backchannel.processes.services import process_destroy
from tests.world import World

JOIN = (
    "SELECT u.username, s.role FROM accounts_user u "
    "JOIN participants_person p ON p.user_id = u.id "
    "JOIN participants_seat s ON s.person_id = p.id "
    "WHERE s.process_id = %s"
)


def _logins_joined_to(pid: Any) -> set[tuple[str, str]]:
    """What a thief reads with SQL alone: no key, no application code."""
    with connection.cursor() as cursor:
        cursor.execute(JOIN, [pid.hex if connection.vendor == "sqlite" else pid])
        return {(name, role) for name, role in cursor.fetchall()}


def test_after_destruction_no_login_joins_to_the_process(world: World) -> None:
    pid = world.process.pk
    process_destroy(process=world.process, actor=Operator())
    assert _logins_joined_to(pid) == set()


@pytest.mark.xfail(
    strict=True,
    reason="adversary finding: participants_person.user_id and the seat's "
    "person, process, side and role are in clear, so a dump joins each login "
    "to its process and role",
)
def test_a_dump_does_not_join_a_login_to_its_process(world: World) -> None:
    participant = world.users["participant"].username
    joined = _logins_joined_to(world.process.pk)
    assert (participant, "participant") not in joined, (
        f"a dump without the master key ties logins to the process: {sorted(joined)}"
    )
