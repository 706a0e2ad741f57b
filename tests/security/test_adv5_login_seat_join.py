"""Adversary (round 5): a database copy tied every login to its process, side
and role by a plain join, audit log or not. Fixed: no clear row ties a login
to a process.

README, "Security model": "What a thief with the database, and not the master
key, gets ... no login tied to a process". Round 3 sealed the audit actors so
that a dump "holds only ciphertext" about who took part
(``test_adv3_shredded_membership.py``).

Attack (the database thief, no master key), found on the demo's
``var/backchannel.sqlite3``: ``participants_person.user_id`` and
``participants_seat.person_id``, ``process_id``, ``side_id`` and ``role`` were
stored in clear, so

    SELECT u.username, s.process_id, s.role, s.side_id
    FROM accounts_user u JOIN participants_person p ON p.user_id = u.id
    JOIN participants_seat s ON s.person_id = p.id

listed every login with each process it sits in, its role and which side
(``demo-participant | 8da4… | participant | 06bf…``; the side ids then group
participants into delegations). The same held for managers through
``participants_invitation.created_by_id``, ``transfer_output.created_by_id``
and ``released_by_id``, ``transfer_gateoverride.requested_by_id`` and
``confirmed_by_id``, ``transfer_transfer.recorded_by_id`` and
``transfer_uptake.recorded_by_id``.

Now a person holds a keyed blind index of their login's id (HMAC-SHA256 under
a key derived from the master key) and the login sealed under the
organisation's key; the managers' columns are sealed under the process's key
(``participants/logins.py``, ``core/fields.py``). The thief's join finds no
column to join on, no login id in any row a process leads to, and cannot
recompute the index from the list of user ids.

Control: after ``process destroy`` the seats are gone and nothing joins either.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.db import connection

from backchannel.core import crypto
from backchannel.core.audit import CLEAR_VERBS
from backchannel.core.fields import SealedLoginField
from backchannel.core.models import AuditEvent
from backchannel.participants.logins import LOGIN_INDEX_PURPOSE
from backchannel.participants.models import Person, Seat
from backchannel.processes.access import Operator
from backchannel.processes.services import process_destroy
from backchannel.transfer.services import (
    output_create,
    output_release,
    override_confirm,
    override_request,
    transfer_create,
    uptake_create,
)
from tests.security.login_links import (
    ALLOWED,
    links_to_logins,
    login_id_forms,
    logins_in_clear,
    models_a_process_leads_to,
    process_scoped_models,
)
from tests.world import World

# ``core.AuditEvent`` is not walked, as it holds no foreign key to a process: it
# keeps a process's id in a plain column and its actor sealed under the
# process's key, except for the verbs of core.audit.CLEAR_VERBS
# (``test_adv3_shredded_membership.py`` checks that).


def _person_columns() -> list[str]:
    with connection.cursor() as cursor:
        return [
            c.name
            for c in connection.introspection.get_table_description(
                cursor, "participants_person"
            )
        ]


def _logins_joined_to(pid: Any) -> set[tuple[str, str]]:
    """The thief's join, tried on every column of the people table: which
    login, with which role, sits in the process. SQL and a dump alone."""
    found: set[tuple[str, str]] = set()
    forms = login_id_forms()
    with connection.cursor() as cursor:
        for column in _person_columns():
            cursor.execute(
                f"SELECT p.{connection.ops.quote_name(column)}, s.role "  # noqa: S608
                "FROM participants_person p JOIN participants_seat s "
                "ON s.person_id = p.id WHERE s.process_id = %s",
                [pid.hex if connection.vendor == "sqlite" else pid],
            )
            for value, role in cursor.fetchall():
                if isinstance(value, (bytes, memoryview)):
                    value = bytes(value).decode("latin-1")
                username = forms.get(str(value))
                if username is not None:
                    found.add((username, role))
    return found


def _managers_act(world: World) -> None:
    """Managers leave their mark on every process row that used to name them:
    an output created, an override asked and confirmed, a transfer and an
    uptake recorded (invitations were made by the world already)."""
    facilitator = world.access("facilitator")
    convener = world.access("convener")
    output = output_create(
        access=facilitator,
        kind="confidential_briefing",
        audience="mediators",
        title="Briefing",
        body="Person Participant said the flows fell.",
    )
    override_request(access=facilitator, output=output, reason="agreed in the room")
    override_confirm(access=convener, output=output)
    clean_output = output_create(
        access=facilitator,
        kind="memo_to_mediators",
        audience="mediators",
        title="Memo",
        body="The flows fell.",
    )
    output_release(access=convener, output=clean_output)
    transfer = transfer_create(
        access=convener,
        output=clean_output,
        recipient="The mediation team",
        channel="memo",
        transferred_on=clean_output.created_on,
    )
    uptake_create(
        access=convener,
        transfer=transfer,
        kind="acknowledged",
        observed_on=clean_output.created_on,
    )


def test_a_dump_does_not_join_a_login_to_its_process(world: World) -> None:
    assert Seat.objects.filter(process=world.process, joined_on__isnull=False)
    assert "user_id" not in _person_columns()
    assert _logins_joined_to(world.process.pk) == set()


def test_no_row_a_process_leads_to_holds_a_login_in_clear(world: World) -> None:
    _managers_act(world)
    hits = logins_in_clear()
    assert hits == {}, f"a dump ties logins to a process through {hits}"
    # The scan sees a login where one is in clear (it is no test otherwise).
    assert ("accounts_user", "id") in logins_in_clear({"accounts_user"})
    # Nor does the audit log, whose entries name their process by a plain id:
    # within a process, actors and logins as targets are sealed.
    forms = login_id_forms()
    within = AuditEvent.objects.filter(process_id__isnull=False).exclude(
        verb__in=CLEAR_VERBS
    )
    assert within.count() > 10
    assert not within.filter(actor__isnull=False).exists()
    assert not [e.verb for e in within if e.target_id in forms]


def test_no_model_a_process_leads_to_has_a_foreign_key_to_a_login() -> None:
    leads_to = models_a_process_leads_to()
    assert Seat in process_scoped_models() and Person in leads_to
    found = {
        (model._meta.label, name)
        for model in leads_to
        for name in links_to_logins(model)
    }
    unexplained = found - set(ALLOWED)
    assert unexplained == set(), (
        f"{sorted(unexplained)} reference a login in clear from a row a process "
        "leads to: seal it under the process's key (core.fields.SealedLoginField) "
        "or explain it in ALLOWED"
    )
    # Each allowed entry still exists (a stale allow-list hides nothing).
    assert set(ALLOWED) <= found
    # The sealed columns are what replaced the foreign keys.
    sealed = {
        (model._meta.label, f.name)
        for model in leads_to
        for f in model._meta.concrete_fields
        if isinstance(f, SealedLoginField)
    }
    assert {
        ("participants.Person", "login"),
        ("participants.Invitation", "created_by"),
        ("transfer.Output", "created_by"),
        ("transfer.Output", "released_by"),
        ("transfer.GateOverride", "requested_by"),
        ("transfer.GateOverride", "confirmed_by"),
        ("transfer.Transfer", "recorded_by"),
        ("transfer.Uptake", "recorded_by"),
    } <= sealed


def test_the_index_cannot_be_recomputed_from_the_list_of_logins(world: World) -> None:
    """A plain hash of a user id would be a join with one more step: the
    thief hashes every id of ``accounts_user``. The index is an HMAC under a
    key only the master key gives."""
    person = Person.objects.get(pk=world.people["participant"].pk)
    user = world.users["participant"]
    stored = person.login_index
    assert stored is not None
    guesses = set()
    for form in (str(user.pk), user.pk.hex, user.pk.bytes.hex(), user.username):
        for algorithm in ("sha256", "sha1", "md5", "blake2b", "sha512"):
            guesses.add(hashlib.new(algorithm, form.encode()).hexdigest())
    assert stored not in guesses
    # It is the HMAC under the HKDF-derived key of this purpose...
    key = crypto.derived_key(crypto.master_key(), LOGIN_INDEX_PURPOSE)
    assert stored == hmac.new(key, str(user.pk).encode(), hashlib.sha256).hexdigest()
    # ...so another master key gives another index.
    other = crypto.MasterKey(b"\x01" * 32)
    assert crypto.blind_index(other, LOGIN_INDEX_PURPOSE, str(user.pk)) != stored


def test_after_destruction_no_login_joins_to_the_process(world: World) -> None:
    pid = world.process.pk
    process_destroy(process=world.process, actor=Operator())
    assert not Seat.objects.filter(process_id=pid).exists()
    assert _logins_joined_to(pid) == set()
