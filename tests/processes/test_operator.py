"""The operator (issue 19, 5): one typed actor for the command line, the demo
loader and imports, in place of ``actor=None`` and the ``*_system`` and
``*_for_seat`` twins; and one ``resolve_by_prefix`` for every command."""

from __future__ import annotations

import ast
import datetime as dt
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError

import backchannel
from backchannel.core.cli import Ambiguous, NoMatch, NotAnId, resolve_by_prefix
from backchannel.core.errors import NotFound, ValidationFailed
from backchannel.core.models import AuditEvent, DataKey
from backchannel.evaluation.services import answers_record, round_create
from backchannel.meetings.models import Meeting
from backchannel.participants.models import Invitation, Person
from backchannel.participants.services import (
    invitation_create,
    person_create,
    seat_create,
)
from backchannel.portability.services import process_export
from backchannel.processes.access import Operator, ProcessAccess
from backchannel.processes.models import Process
from backchannel.processes.services import process_destroy
from tests.ideas.factories import first_version, float_idea
from tests.world import World

pytestmark = pytest.mark.django_db


def test_the_operator_manages_and_is_audited_as_system(world: World) -> None:
    access = ProcessAccess.operator(world.process)
    assert access.is_operator and access.can_manage and access.can_see_contacts
    assert not access.actor.is_authenticated
    assert not world.access().is_operator
    process_export(access=access)
    entry = AuditEvent.objects.filter(verb="process.export").latest("seq")
    assert entry.actor_id is None and entry.actor_label == "system"


def _shred(process: Process) -> None:
    DataKey.objects.filter(pk=process.data_key_id).update(
        destroyed_on=dt.date(2026, 1, 1)
    )


def test_the_operator_finds_no_destroyed_process_and_no_foreign_seat(
    world: World,
) -> None:
    with pytest.raises(NotFound):
        ProcessAccess.operator(world.other_process, seat=world.seats["participant"])
    # A process whose data key is gone (as after restoring an older backup).
    _shred(world.other_process)
    with pytest.raises(NotFound):
        ProcessAccess.operator(Process.objects.get(pk=world.other_process.pk))
    process_destroy(process=world.process, actor=Operator())
    assert (
        AuditEvent.objects.filter(verb="process.destroy").latest("seq").actor_label
        == "system"
    )


def test_the_operator_speaks_only_for_a_participants_seat_on_a_side(
    world: World,
) -> None:
    version = first_version(float_idea(world.access()))
    from backchannel.ideas.services import feedback_record

    for role in ("observer", "facilitator"):
        with pytest.raises(ValidationFailed) as exc:
            feedback_record(
                access=ProcessAccess.operator(world.process, seat=world.seats[role]),
                version=version,
                stance="acceptable",
            )
        assert "participant seated on a side" in exc.value.message
    with pytest.raises(ValidationFailed):
        # The operator itself holds no seat: it answers only for one.
        answers_record(
            access=ProcessAccess.operator(world.process),
            trust_round=round_create(
                access=world.access(),
                title="Round",
                status="open",
                held_on=dt.date(2026, 5, 1),
            ),
            answers={"openness": 3},
        )
    feedback = feedback_record(
        access=ProcessAccess.operator(world.process, seat=world.seats["participant"]),
        version=version,
        stance="acceptable",
    )
    assert feedback.seat_id == world.seats["participant"].pk


def _person(world: World, n: int) -> Person:
    return person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name=f"Prefix Person {n}",
        gender="woman",
        capacity="expert",
        level="broader",
    )


def test_resolve_by_prefix_names_the_problem_and_the_fix(world: World) -> None:
    meeting = world.meeting
    assert resolve_by_prefix(Meeting, str(meeting.pk)[:8]) == meeting
    assert resolve_by_prefix(Meeting, meeting.pk.hex.upper()) == meeting
    with pytest.raises(NotAnId, match="is not a meeting id: give the id") as exc:
        resolve_by_prefix(Meeting, "abc")
    assert exc.value.returncode == 2
    with pytest.raises(NoMatch, match="No meeting has the id 'ffffffff'"):
        resolve_by_prefix(Meeting, "ffffffff")
    # Two invitations (rows without encrypted fields) whose ids start alike.
    access = world.access()
    for n in range(2):
        seat = seat_create(access=access, person=_person(world, n), role="observer")
        invitation, _code = invitation_create(access=access, seat=seat)
        Invitation.objects.filter(pk=invitation.pk).update(
            id=uuid.UUID(f"abcdef12-0000-4000-8000-00000000000{n}")
        )
    with pytest.raises(Ambiguous, match="'abcdef12' starts the ids of 2 invitations"):
        resolve_by_prefix(Invitation, "abcdef12")
    one = resolve_by_prefix(Invitation, "ABCDEF12-0000-4000-8000-000000000001")
    assert one.pk.hex.endswith("1")


def test_resolve_by_prefix_skips_what_a_destroyed_process_held(world: World) -> None:
    meeting = world.meeting
    _shred(world.process)
    with pytest.raises(CommandError, match="No meeting has the id"):
        resolve_by_prefix(Meeting, meeting.pk.hex)
    with pytest.raises(CommandError, match="No process has the id"):
        resolve_by_prefix(Process, world.process.pk.hex)
    # ``backchannel process destroy`` may still name it.
    assert resolve_by_prefix(Process, world.process.pk.hex, destroyed=True)


def test_no_command_imports_another_command() -> None:
    root = Path(backchannel.__file__).parent
    offenders = []
    for path in root.glob("*/management/commands/*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # Our commands share helpers through core.cli, never through another
            # of our commands; extending a library's command (db_worker) is fine.
            module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
            if module.startswith("backchannel") and ".management.commands" in module:
                offenders.append(f"{path.relative_to(root)}: {node.module}")
    assert offenders == []
