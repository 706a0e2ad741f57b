"""Contributions shown without an author leave no author in the audit log.

The attack: a convener reads the audit log. A section comment is shown with
its side only, yet its ``section.comment`` entry kept the actor, the section
and the day: with one comment from a side, the log attributed it. The same
held for feedback (shown by side) and its withdrawal. Trust answers and
contact reports are not audited at all; public votes are anonymous ballots.
"""

from __future__ import annotations

from backchannel.core.audit import audit_actor
from backchannel.core.models import AuditEvent
from backchannel.ideas.services import (
    feedback_record,
    feedback_withdraw,
    section_comment_create,
)
from tests.ideas.factories import (
    first_version,
    float_idea,
    latest_section,
    make_joint_text,
)
from tests.world import World


def _entries(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb))


def _names_nobody(entry: AuditEvent, world: World) -> None:
    participant = world.users["participant"]
    # Neither in clear nor sealed under the process's key (which the
    # organisation's conveners read on the audit page).
    actor = audit_actor(entry)
    assert entry.actor_id is None and actor.user_id is None
    assert participant.username not in entry.actor_label + actor.label
    assert str(participant.pk) not in (entry.target_id, actor.target_id)


def test_a_section_comment_is_audited_without_its_author(world: World) -> None:
    section = latest_section(make_joint_text(world.access()))
    section_comment_create(
        access=world.access("participant"), section=section, text="Weekly is fine."
    )
    (entry,) = _entries("section.comment")
    _names_nobody(entry, world)
    assert entry.process_id == world.process.pk


def test_feedback_and_its_withdrawal_are_audited_without_their_author(
    world: World,
) -> None:
    version = first_version(float_idea(world.access()))
    access = world.access("participant")
    feedback_record(access=access, version=version, stance="acceptable")
    feedback_withdraw(access=access, version=version)
    (recorded,) = _entries("feedback.record")
    (withdrawn,) = _entries("feedback.withdraw")
    for entry in (recorded, withdrawn):
        _names_nobody(entry, world)
    # (The participant's own acceptance of their seat's invitation, in the
    # world, is theirs to sign; their feedback is not.)
    assert not [
        e
        for e in AuditEvent.objects.filter(verb__startswith="feedback")
        if audit_actor(e).user_id == str(world.users["participant"].pk)
    ]
