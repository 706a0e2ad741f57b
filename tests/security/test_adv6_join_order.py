"""Adversary (round 6): a database copy ties every login created on the join
page to its process, seat, side and role, exactly, by the audit chain's order.

README, "Security model", "What a thief with the database, and not the master
key, gets": "no login tied to a process, by the audit log or by any row". Its
"What it does not promise" admits that "logins created on the join page may
be matched by order with the days seats were taken up", which reads as a
guess within a day. The audit chain makes it exact, whatever the day.

Attack (the database thief, no master key), found on the demo's
``var/backchannel.sqlite3`` after accepting its published invitation with a
new login (``kessa-newcomer``)::

    seq 306  process 82e3...  user.create        (target sealed)
    seq 307  process 82e3...  invitation.accept
    seq 308  process 82e3...  seat.join   Seat 21abe0fd...

1. the users table, in insertion order (SQLite ``rowid``, PostgreSQL
   ``ctid`` of an insert-only table), minus the logins the operator made (each
   has a clear, organisation-less ``user.create`` naming its id) and minus the
   organisation's members, lists the join-page logins in the order they were
   made;
2. the process-scoped ``user.create`` entries, in ``seq`` order, are the same
   logins in the same order, each followed within its process by the
   ``seat.join`` naming the seat it took up;
3. a seat names its process, side and role in clear.

Zipping 1 and 2 gives every join-page login with its process, side and role,
even for people joining different processes on the same day in any order.
The blind index and sealed columns of round 5 do not help: no column is
joined on, only the order.

Severity: high for participants (a login is often the person's own handle,
and the side says which delegation they sit with); the precondition is only
a database copy.

Fix directions: keep the login's creation out of the process's part of the
chain (or audit it with the acceptance as one entry without a ``seat.join``
target in clear), and break the users table's insertion order from the join
order (e.g. create the login row at a random position among pre-made or
later rows, or seal the seat id of ``seat.join``); at the least, say in the
README that the order is exact, not by the day.

Control: the direct join still finds nothing: no person or seat row holds a
join-page login's id in any form.
"""

from __future__ import annotations

import pytest
from django.db import connection

from backchannel.accounts.models import User
from backchannel.participants.models import Seat
from backchannel.participants.services import (
    invitation_accept,
    invitation_create,
    person_create,
    seat_create,
)
from backchannel.processes.access import access_process_by_id
from backchannel.processes.rules import ground_rules_version
from tests.world import PASSWORD, World


def _newcomers(world: World) -> dict[str, Seat]:
    """Six people invited to the two processes of one organisation (both
    sides), who accept with new logins in an interleaved order, one day."""
    convener = world.users["org_convener"]
    seats: list[tuple[str, Seat]] = []
    for process in (world.process, world.other_process):
        access = access_process_by_id(convener, process.pk)
        sides = list(process.sides.order_by("position"))
        for i in range(3):
            person = person_create(
                actor=convener,
                organisation=world.org,
                name=f"Newcomer {process.pk.hex[:4]} {i}",
                gender="woman",
                capacity="expert",
                level="broader",
            )
            seat = seat_create(
                access=access,
                person=person,
                role="participant",
                side=sides[i % len(sides)],
            )
            seats.append((f"joiner-{process.pk.hex[:4]}-{i}", seat))
    codes = {}
    for login, seat in seats:
        access = access_process_by_id(convener, seat.process_id)
        codes[login] = invitation_create(access=access, seat=seat)[1]
    taken: dict[str, Seat] = {}
    for login, seat in [seats[i] for i in (3, 0, 4, 1, 5, 2)]:
        taken[login] = invitation_accept(
            code=codes[login],
            user=None,
            username=login,
            password=PASSWORD,
            accept_rules=True,
            rules_version=ground_rules_version(seat.process),
        )
    return taken


def _thief_join() -> dict[str, tuple[str, str, str, str]]:
    """What the thief reads from the tables alone: login name -> (process id,
    seat id, side id, role), by order only."""
    order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, username FROM accounts_user ORDER BY {order}")  # noqa: S608
        users = [(str(uid).replace("-", ""), name) for uid, name in cursor.fetchall()]
        cursor.execute(
            "SELECT target_id FROM core_auditevent"
            " WHERE verb = 'user.create' AND process_id IS NULL"
        )
        operator_made = {str(t).replace("-", "") for (t,) in cursor.fetchall()}
        cursor.execute("SELECT user_id FROM accounts_membership")
        members = {str(u).replace("-", "") for (u,) in cursor.fetchall()}
        cursor.execute(
            "SELECT seq, process_id, verb, target_id FROM core_auditevent"
            " WHERE process_id IS NOT NULL AND verb IN ('user.create', 'seat.join')"
            " ORDER BY seq"
        )
        entries = cursor.fetchall()
        cursor.execute("SELECT id, process_id, side_id, role FROM participants_seat")
        seat_rows = {
            str(s).replace("-", ""): (str(p), str(d), r)
            for s, p, d, r in cursor.fetchall()
        }
    joiners = [name for uid, name in users if uid not in operator_made | members]
    joined: list[tuple[str, str, str, str]] = []
    waiting: dict[str, int] = {}
    for _seq, process_id, verb, target in entries:
        key = str(process_id)
        if verb == "user.create":
            waiting[key] = waiting.get(key, 0) + 1
        elif waiting.get(key):
            waiting[key] -= 1
            seat_id = str(target).replace("-", "")
            process, side, role = seat_rows[seat_id]
            joined.append((process, seat_id, side, role))
    return dict(zip(joiners, joined, strict=False))


@pytest.mark.xfail(
    strict=True,
    reason="adversary finding: the audit chain's order and the users table's "
    "insertion order tie each join-page login to its process, seat and side",
)
def test_a_dump_cannot_tie_join_page_logins_to_their_seats(world: World) -> None:
    taken = _newcomers(world)
    guessed = _thief_join()
    right = [
        login
        for login, seat in taken.items()
        if guessed.get(login, ("", "", "", ""))[1] == seat.pk.hex
    ]
    # Chance would place about one of six; the order places all six.
    assert len(right) <= 1, f"the thief seated {right}"


def test_control_no_row_holds_a_join_page_login_id(world: World) -> None:
    taken = _newcomers(world)
    ids = {
        form
        for user in User.objects.filter(username__in=list(taken))
        for form in (user.pk.hex, str(user.pk))
    }
    assert len(ids) == 2 * len(taken)
    with connection.cursor() as cursor:
        for table in ("participants_person", "participants_seat"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            cells = {str(c) for row in cursor.fetchall() for c in row}
            assert not ids & cells, table
