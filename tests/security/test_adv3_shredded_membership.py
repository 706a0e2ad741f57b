"""Adversary (round 3): after crypto-shredding, the audit log still said who
sat in the destroyed process.

README, "Destroying a process (crypto-shredding)": destroy "destroys the data
key first, then deletes the rows"; the security model treats "who took part"
as what must not survive a seizure ("without ever exposing who took part").
The join page tells an invitee that their username "may be a pseudonym;
others do not see it", so many will choose their own name.

After ``process destroy``, ``core_auditevent`` held, in clear (no master key
needed: ``actor_label`` and ``process_id`` were plain columns), one
``invitation.accept`` and one ``seat.join`` per login that took up a seat in
the destroyed process, under that login's username and the day, and
``seat.pledge`` for its interpreter. A thief with a database copy taken after
the destruction listed the logins of everyone who sat in the shredded
dialogue. Severity: medium (identifies participants when the username is a
name; ties logins to the destroyed process in any case).

The fix: the actor of a process's entry is sealed under the process's data key
(backchannel.core.audit), so destroying the key unlinks every login without
rewriting a single entry: the chain, its head and every checkpoint signed
before stay valid, and tampering is still caught.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from backchannel.accounts.models import User
from backchannel.accounts.services import api_token_create
from backchannel.core import crypto
from backchannel.core.audit import (
    SHREDDED,
    audit_actor,
    audit_checkpoint,
    audit_public_key,
    audit_verify,
)
from backchannel.core.models import AuditEvent
from backchannel.participants.services import (
    invitation_accept,
    invitation_create,
    person_create,
    seat_access_end,
    seat_create,
)
from backchannel.processes.access import Operator
from backchannel.processes.rules import ground_rules_version
from backchannel.processes.services import process_destroy
from tests.world import PASSWORD, World

SEATED = ("participant", "interpreter", "observer", "rapporteur")


def _dump_of_audit_table() -> str:
    """Every column of every audit entry, as a database dump prints them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_auditevent")
        return "\n".join(repr(row) for row in cursor.fetchall())


def _logins_tied_to(world: World, pid: Any) -> set[str]:
    """What a thief reads off the audit table: clear labels and actor ids of
    the process's entries, and every sealed actor opened as far as it opens."""
    events = list(AuditEvent.objects.filter(process_id=pid))
    named = {e.actor_label for e in events} | {audit_actor(e).label for e in events}
    ids = {str(e.actor_id) for e in events} | {audit_actor(e).user_id for e in events}
    return {
        u.username
        for u in world.users.values()
        if u.username in named or str(u.pk) in ids
    }


def test_destroy_leaves_no_login_tied_to_the_process(world: World) -> None:
    pid = world.process.pk
    seated = {world.users[role].username for role in SEATED}
    # Control: before destruction the log, read with the key, names them.
    assert seated <= _logins_tied_to(world, pid)
    process_destroy(process=world.process, actor=Operator())
    crypto.reset_caches()  # the master key still at hand: it opens nothing
    left = _logins_tied_to(world, pid)
    assert not (seated & left), f"logins still tied to the destroyed process: {left}"
    shredded = [audit_actor(e) for e in AuditEvent.objects.filter(process_id=pid)]
    assert any(a.shredded for a in shredded)


def test_no_login_of_a_process_is_in_clear_even_before_destruction(
    world: World,
) -> None:
    """So a database backup taken before the destruction (kept "as long as you
    like") holds only ciphertext under the key that destruction shreds."""
    dump = _dump_of_audit_table()
    for role in SEATED:
        user = world.users[role]
        assert user.username not in dump
        # Their ids appear only where an entry is about them as an object.
        assert not AuditEvent.objects.filter(
            process_id=world.process.pk, actor=user
        ).exists()


def test_the_destruction_itself_stays_attributed(world: World) -> None:
    convener = world.users["org_convener"]
    process_destroy(process=world.process, actor=convener)
    entry = AuditEvent.objects.filter(verb="process.destroy").latest("seq")
    assert (entry.actor_id, entry.actor_label) == (convener.pk, convener.username)


def test_verify_passes_after_destroy_with_checkpoints_taken_before(
    world: World, settings: Any, tmp_path: Path
) -> None:
    settings.BACKCHANNEL_AUDIT_PUBLIC_KEY = audit_public_key()
    before = audit_checkpoint()  # kept in the database and in the key store
    file = tmp_path / "checkpoint.json"
    file.write_text(before.to_json())
    process_destroy(process=world.process, actor=Operator())
    crypto.reset_caches()
    assert audit_verify() is None
    out = io.StringIO()
    call_command("audit", "verify", "--checkpoint", str(file), stdout=out)
    assert out.getvalue().strip() == (
        f"Audit log intact and matches the checkpoint at entry {before.seq}."
    )
    # And a checkpoint taken after still verifies the whole log.
    audit_checkpoint()
    assert audit_verify() is None


@pytest.mark.parametrize(
    "tamper",
    ["unseal", "swap", "relabel", "forge-clear-actor"],
)
def test_tampering_after_destroy_is_still_caught(world: World, tamper: str) -> None:
    pid = world.process.pk
    process_destroy(process=world.process, actor=Operator())
    crypto.reset_caches()
    sealed = list(
        AuditEvent.objects.filter(process_id=pid, actor_sealed__isnull=False).order_by(
            "seq"
        )
    )
    first, second = sealed[0], sealed[1]
    if tamper == "unseal":  # hide that an entry had an actor at all
        AuditEvent.objects.filter(seq=first.seq).update(actor_sealed=None)
    elif tamper == "swap":  # move one sealed actor onto another entry
        AuditEvent.objects.filter(seq=second.seq).update(
            actor_sealed=bytes(first.actor_sealed)
        )
        first = second
    elif tamper == "relabel":  # rename who destroyed the process
        first = AuditEvent.objects.filter(verb="process.destroy").latest("seq")
        AuditEvent.objects.filter(seq=first.seq).update(actor_label="somebody")
    else:  # pin an entry of the shredded process on an innocent login
        AuditEvent.objects.filter(seq=first.seq).update(
            actor_sealed=None,
            actor_id=world.users["outsider"].pk,
            actor_label=world.users["outsider"].username,
        )
    broken = audit_verify()
    assert broken is not None and broken.seq == first.seq
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    assert f"Audit log broken at entry {first.seq}:" in err.getvalue()


def test_the_audit_page_and_api_after_destroy(world: World, client: Client) -> None:
    pid = world.process.pk
    convener = world.users["org_convener"]
    names = [world.users[role].username for role in SEATED]
    process_destroy(process=world.process, actor=convener)
    crypto.reset_caches()

    client.force_login(convener)
    html = client.get(reverse("accounts:audit-list", args=[world.org.pk])).content
    page = html.decode()
    assert "The hash chain is intact." in page
    assert "shredded with its process" in page and "process.destroy" in page
    assert not any(f"<td>{name}</td>" in page for name in names)
    # Entries of the other process still name their actor.
    other = AuditEvent.objects.filter(
        process_id=world.other_process.pk, actor_sealed__isnull=False
    ).first()
    assert other is not None and f"<td>{audit_actor(other).label}</td>" in page

    token = api_token_create(user=convener, label="audit")[1]
    response = Client().get(
        f"/api/organisations/{world.org.pk}/audit",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    body = response.json()
    assert response.status_code == 200 and body["intact"] is True
    ours = [e for e in body["events"] if e["process_id"] == str(pid)]
    destroyed = [e for e in ours if e["verb"] == "process.destroy"]
    assert destroyed and destroyed[0]["actor"] == convener.username
    assert {e["actor"] for e in ours if e["verb"] != "process.destroy"} <= {
        SHREDDED,
        "system",
        "",
    }
    assert not set(names) & {e["actor"] for e in body["events"]}


def test_a_login_unlinked_in_the_process_is_not_left_as_a_target(
    world: World,
) -> None:
    """``person.unlink`` names the login it unlinked: within a process that
    target is sealed with the actor, and shredded with the process."""
    observer, pid = world.users["observer"], world.process.pk
    seat_access_end(access=world.access("org_convener"), seat=world.seats["observer"])
    entry = AuditEvent.objects.filter(verb="person.unlink").latest("seq")
    assert entry.target_type == "User" and entry.target_id == ""
    assert audit_actor(entry).target_id == str(observer.pk)
    process_destroy(process=world.process, actor=Operator())
    crypto.reset_caches()
    left = AuditEvent.objects.filter(process_id=pid)
    assert left.exists()
    assert not left.filter(target_id=str(observer.pk)).exists()
    assert not left.filter(actor=observer).exists()
    assert audit_actor(entry).target_id == "" and audit_actor(entry).shredded
    assert audit_verify() is None


def test_a_login_created_to_accept_an_invitation_is_not_left_next_to_it(
    world: World,
) -> None:
    """A new login made on the join page was audited as a clear ``user.create``
    right before the process's ``invitation.accept``: after destruction the
    sequence alone said which login had joined. It is now the process's
    entry, its target sealed."""
    pid = world.process.pk
    access = world.access("org_convener")
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Nadia Ferrante",
        gender="woman",
        capacity="expert",
        level="broader",
    )
    seat = seat_create(
        access=access,
        person=person,
        role="participant",
        side=world.process.sides.order_by("position")[0],
    )
    _, code = invitation_create(access=access, seat=seat)
    invitation_accept(
        code=code,
        user=None,
        accept_rules=True,
        rules_version=ground_rules_version(world.process),
        username="nadia-ferrante",
        password=PASSWORD,
    )
    newcomer = User.objects.get(username="nadia-ferrante")
    created = AuditEvent.objects.get(
        verb="user.create", target_type="User", target_id=""
    )
    assert created.process_id == pid
    assert audit_actor(created).target_id == str(newcomer.pk)
    process_destroy(process=world.process, actor=Operator())
    crypto.reset_caches()
    dump = _dump_of_audit_table()
    assert str(newcomer.pk) not in dump and "nadia-ferrante" not in dump
    assert audit_verify() is None
