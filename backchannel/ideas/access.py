"""The only doors to ideas, their versions, joint texts and their sections.

Drafts are the facilitators' workbench: for anyone who does not manage the
process, a draft idea (and each of its versions) answers ``NotFound`` exactly
like an id that does not exist. Who may *give* feedback or comment is decided
by :func:`contributor_seat`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from backchannel.core.errors import NotFound, PermissionDenied
from backchannel.ideas.models import (
    Feedback,
    Idea,
    IdeaStatus,
    IdeaVersion,
    JointText,
    Section,
)
from backchannel.participants.models import Seat, SeatRole
from backchannel.processes.access import ProcessAccess, access_in_process


def _visible(access: ProcessAccess, idea: Idea) -> bool:
    return idea.status != IdeaStatus.DRAFT or access.can_manage


def access_idea_by_id(
    actor: Any, idea_id: Any, *, manage: bool = False
) -> tuple[Idea, ProcessAccess]:
    # Visibility first, the role second: a draft must not answer 403 to a
    # participant, which would tell them it exists.
    idea, access = access_in_process(actor, Idea, idea_id, what="idea")
    if not _visible(access, idea):
        raise NotFound("idea")
    if manage:
        access.require_manage()
    return idea, access


def access_idea_version_by_id(
    actor: Any, version_id: Any, *, manage: bool = False
) -> tuple[IdeaVersion, ProcessAccess]:
    version, access = access_in_process(
        actor, IdeaVersion, version_id, what="version", process_path="idea__process"
    )
    version = IdeaVersion.objects.select_related("idea").get(pk=version.pk)
    if not _visible(access, version.idea):
        raise NotFound("version")
    if manage:
        access.require_manage()
    return version, access


def access_joint_text_by_id(
    actor: Any, joint_text_id: Any, *, manage: bool = False
) -> tuple[JointText, ProcessAccess]:
    return access_in_process(
        actor, JointText, joint_text_id, what="joint text", manage=manage
    )


def access_section_by_id(actor: Any, section_id: Any) -> tuple[Section, ProcessAccess]:
    section, access = access_in_process(
        actor,
        Section,
        section_id,
        what="section",
        process_path="version__joint_text__process",
    )
    return (
        Section.objects.select_related("version", "version__joint_text").get(
            pk=section.pk
        ),
        access,
    )


def can_contribute(access: ProcessAccess) -> bool:
    """Participants seated on a side give feedback and comment on sections."""
    return access.role == SeatRole.PARTICIPANT and access.seat_id is not None


def contributor_seat(access: ProcessAccess) -> Seat:
    """The actor's own seat, if it may give feedback or comment; else 403."""
    if not can_contribute(access):
        raise PermissionDenied(
            _(
                "Feedback and comments come from the participants seated on a side; your role in this process (%(role)s) reads them instead."
            )
            % {"role": access.role}
        )
    seat = Seat.objects.select_related("side").get(pk=access.own_seat_id)
    if seat.side_id is None:
        raise PermissionDenied(
            _(
                "Your seat is on no side, and feedback is counted by side: ask a facilitator to seat you on your side."
            )
        )
    return seat


def access_feedback_by_id(
    actor: Any, feedback_id: Any
) -> tuple[Feedback, ProcessAccess]:
    """One participant's feedback, for the managers of its process only."""
    feedback, access = access_in_process(
        actor,
        Feedback,
        feedback_id,
        what="feedback",
        process_path="version__idea__process",
    )
    access.require_manage()
    return feedback, access
