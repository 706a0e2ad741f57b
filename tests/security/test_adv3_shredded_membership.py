"""Adversary (round 3): after crypto-shredding, the audit log still says who
sat in the destroyed process.

README, "Destroying a process (crypto-shredding)": destroy "destroys the data
key first, then deletes the rows"; the security model treats "who took part"
as what must not survive a seizure ("without ever exposing who took part").
The join page tells an invitee that their username "may be a pseudonym;
others do not see it", so many will choose their own name.

After ``process destroy``, ``core_auditevent`` still holds, in clear (no
master key needed: ``actor_label`` and ``process_id`` are plain columns, see
docs/data-inventory.md), one ``invitation.accept`` and one ``seat.join`` per
login that took up a seat in the destroyed process, under that login's
username and the day, and ``seat.pledge`` for its interpreter. A thief with a
database copy taken after the destruction lists the logins of everyone who
sat in the shredded dialogue. Severity: medium (identifies participants when
the username is a name; ties logins to the destroyed process in any case).
"""

from __future__ import annotations

import pytest

from backchannel.core.models import AuditEvent
from backchannel.processes.services import process_destroy
from tests.world import World


@pytest.mark.xfail(strict=True, reason="adversary finding: audit keeps who sat")
def test_destroy_leaves_no_login_tied_to_the_process(world: World) -> None:
    pid = world.process.pk
    seated = {
        world.users[role].username
        for role in ("participant", "interpreter", "observer", "rapporteur")
    }
    # Control: before destruction the log does tie them to the process.
    assert seated <= set(
        AuditEvent.objects.filter(process_id=pid).values_list("actor_label", flat=True)
    )
    process_destroy(process=world.process, actor=None)
    left = set(
        AuditEvent.objects.filter(process_id=pid).values_list("actor_label", flat=True)
    ) | {
        u.username
        for u in world.users.values()
        if AuditEvent.objects.filter(process_id=pid, actor=u).exists()
    }
    assert not (seated & left), (
        f"logins still tied to the destroyed process: {seated & left}"
    )
