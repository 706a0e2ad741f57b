"""Every write to ideas, their versions and feedback, and to joint texts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from backchannel.core.audit import audit_in, audit_process
from backchannel.core.errors import GateBlocked, NotFound
from backchannel.core.services_util import apply_changes
from backchannel.core.validation import clean, require
from backchannel.ideas.access import contributor_seat
from backchannel.ideas.models import (
    Feedback,
    Idea,
    IdeaStatus,
    IdeaVersion,
    JointText,
    JointTextVersion,
    Provenance,
    Section,
    SectionComment,
    Stance,
)
from backchannel.ideas.selectors import JointTextView, publication
from backchannel.meetings.models import Meeting
from backchannel.participants.models import Seat, SeatRole
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Objective, Side
from backchannel.records.services import identifying
from backchannel.transfer.access import can_compose
from backchannel.transfer.services import gate_outgoing

IDEA_FIELDS = {"title", "status", "provenance", "provenance_side", "meeting"}
JOINT_TEXT_FIELDS = {"title", "language"}
LIST_ITEMS_MAX = 20
LIST_ITEM_LENGTH = 500


# -- ideas


def _check_provenance(
    access: ProcessAccess, provenance: str, side: Side | None
) -> None:
    """The stored provenance is never more identifying than the chosen tier."""
    if provenance == Provenance.SIDE:
        require(
            side is not None,
            "provenance_side",
            _("Choose the side this idea comes from, or choose another tier."),
        )
        require(
            side is None or side.process_id == access.process.pk,
            "provenance_side",
            _("This side is not a side of this process: choose one of its sides."),
        )
    else:
        require(
            side is None,
            "provenance_side",
            _(
                "Only the 'A side' tier stores a side: leave the side empty for the facilitator's text or an anonymous idea."
            ),
        )


def _check_links(
    access: ProcessAccess,
    objectives: Iterable[Objective] | None,
    meeting: Meeting | None,
) -> None:
    if objectives is not None:
        require(
            all(o.process_id == access.process.pk for o in objectives),
            "objectives",
            _("Link objectives of this process only."),
        )
    require(
        meeting is None or meeting.process_id == access.process.pk,
        "meeting",
        _(
            "Choose a meeting of this process, or none if the idea was floated between meetings."
        ),
    )


def _version(idea: Idea, number: int, text: str, note: str) -> IdeaVersion:
    version = IdeaVersion(
        idea=idea,
        data_key_id=idea.data_key_id,
        number=number,
        text=text.strip(),
        note=note.strip(),
    )
    clean(version, exclude=["data_key", "idea"])
    version.save()
    return version


@transaction.atomic
def idea_create(
    *,
    access: ProcessAccess,
    title: str,
    text: str,
    note: str = "",
    status: str = "draft",
    provenance: str = Provenance.FACILITATOR,
    provenance_side: Side | None = None,
    objectives: list[Objective] | None = None,
    meeting: Meeting | None = None,
) -> Idea:
    """An idea and its first version."""
    access.require_manage()
    _check_provenance(access, provenance, provenance_side)
    _check_links(access, objectives, meeting)
    idea = Idea(
        process=access.process,
        title=title.strip(),
        status=status,
        provenance=provenance,
        provenance_side=provenance_side,
        meeting=meeting,
    )
    clean(idea, exclude=["data_key"])
    idea.save()
    idea.objectives.set(objectives or [])
    _version(idea, 1, text, note)
    audit_in(access, "idea.create", idea)
    return idea


@transaction.atomic
def idea_update(
    *,
    access: ProcessAccess,
    idea: Idea,
    objectives: list[Objective] | None = None,
    **changes: Any,
) -> Idea:
    access.require_manage()
    provenance = changes.get("provenance", idea.provenance)
    if "provenance_side" not in changes and provenance != Provenance.SIDE:
        # Leaving the side tier forgets the side.
        changes["provenance_side"] = None
    side = changes.get("provenance_side", idea.provenance_side)
    _check_provenance(access, provenance, side)
    _check_links(access, objectives, changes.get("meeting"))
    apply_changes(idea, changes, allowed=IDEA_FIELDS)
    if objectives is not None:
        idea.objectives.set(objectives)
    audit_in(access, "idea.update", idea)
    return idea


@transaction.atomic
def idea_float(*, access: ProcessAccess, idea: Idea) -> Idea:
    """Float a draft: participants see it and can give feedback on its open
    version. An idea that is already past the draft stays as it is."""
    access.require_manage()
    if idea.status != IdeaStatus.DRAFT:
        return idea
    apply_changes(idea, {"status": IdeaStatus.FLOATED}, allowed={"status"})
    audit_in(access, "idea.float", idea)
    return idea


@transaction.atomic
def idea_delete(*, access: ProcessAccess, idea: Idea) -> None:
    access.require_manage()
    audit_in(access, "idea.delete", idea)
    idea.delete()


@transaction.atomic
def idea_version_create(
    *, access: ProcessAccess, idea: Idea, text: str, note: str = ""
) -> IdeaVersion:
    """A new version of the idea's text. Earlier versions close for feedback, so
    that feedback always answers the text on the table."""
    access.require_manage()
    last = idea.versions.aggregate(n=Max("number"))["n"] or 0
    version = _version(idea, last + 1, text, note)
    IdeaVersion.objects.filter(idea=idea, closed=False).exclude(pk=version.pk).update(
        closed=True
    )
    audit_in(access, "idea.version.create", version)
    return version


@transaction.atomic
def idea_version_update(
    *,
    access: ProcessAccess,
    version: IdeaVersion,
    closed: bool | None = None,
    results_shared: bool | None = None,
) -> IdeaVersion:
    """Close (or reopen) a version for feedback; share its aggregates (or not).

    Results are shared only once the version is closed, and what participants
    then see is computed once, at the first sharing, and never moves (as a
    trust round's figures): shared while open, each later answer would move
    the per-side counts, and watching them before and after a colleague
    answers would give that colleague's stance away. For the same reason a
    version whose results were shared cannot be reopened."""
    access.require_manage()
    # The row locked: a feedback being saved waits, and then sees it closed.
    stored = IdeaVersion.objects.select_for_update().get(pk=version.pk)
    will_close = stored.closed if closed is None else closed
    will_share = stored.results_shared if results_shared is None else results_shared
    require(
        will_close or stored.published is None,
        "closed",
        _(
            "Version %(number)s cannot be reopened: its results were shared as "
            "final. Create a new version to take more feedback."
        )
        % {"number": version.number},
    )
    require(
        will_close or not will_share,
        "results_shared",
        _(
            "Close version %(number)s for feedback before sharing its results: "
            "shared results are final, so that no later answer can move them."
        )
        % {"number": version.number},
    )
    version.published = stored.published
    changes = {
        name: value
        for name, value in (("closed", closed), ("results_shared", results_shared))
        if value is not None
    }
    apply_changes(version, changes, allowed={"closed", "results_shared"})
    if will_share and version.published is None:
        version.published = publication(version)
        version.save(update_fields=["published"])
    audit_in(access, "idea.version.update", version)
    return version


# -- feedback


def _items(values: Iterable[Any] | None, field: str) -> list[str]:
    items = [str(v).strip() for v in (values or []) if str(v).strip()]
    require(
        len(items) <= LIST_ITEMS_MAX,
        field,
        _("Give at most %(LIST_ITEMS_MAX)s items (one per line); there are %(count)s.")
        % {"LIST_ITEMS_MAX": LIST_ITEMS_MAX, "count": len(items)},
    )
    for number, item in enumerate(items, start=1):
        require(
            len(item) <= LIST_ITEM_LENGTH,
            field,
            _(
                "Item %(number)s has %(count)s characters; keep each item under %(value)s or split it."
            )
            % {"number": number, "count": len(item), "value": LIST_ITEM_LENGTH + 1},
        )
    return items


def _feedback_save(
    *,
    seat: Seat,
    version: IdeaVersion,
    stance: str,
    conditions: Iterable[str] | None,
    red_lines: Iterable[str] | None,
    comment: str,
) -> Feedback:
    idea = version.idea
    require(
        idea.takes_feedback,
        "version",
        _(
            "This idea is %(value)s: feedback is taken only while an idea is floated or refined."
        )
        % {"value": idea.get_status_display().lower()},
    )
    # The row locked and read afresh: closing it (and publishing its results)
    # waits for this answer, or this answer sees it closed.
    version.closed = (
        IdeaVersion.objects.select_for_update()
        .values_list("closed", flat=True)
        .get(pk=version.pk)
    )
    require(
        not version.closed,
        "version",
        _(
            "Version %(number)s is closed for feedback: give feedback on an open version, or ask a facilitator to reopen this one."
        )
        % {"number": version.number},
    )
    require(
        stance in Stance.values,
        "stance",
        _("%(stance)r is not a stance: choose one of %(value)s.")
        % {"stance": stance, "value": ", ".join(Stance.values)},
    )
    condition_items = _items(conditions, "conditions")
    require(
        stance != Stance.ACCEPTABLE_IF or bool(condition_items),
        "conditions",
        _("'Acceptable if …' needs its conditions: name at least one, one per line."),
    )
    feedback = Feedback.objects.filter(version=version, seat=seat).first()
    if feedback is None:
        feedback = Feedback(version=version, seat=seat, data_key_id=version.data_key_id)
    feedback.side_id = seat.side_id
    feedback.stance = stance
    feedback.conditions = condition_items
    feedback.red_lines = _items(red_lines, "red_lines")
    feedback.comment = comment.strip()
    clean(feedback, exclude=["data_key", "version", "seat", "side"])
    feedback.save()
    # Feedback is shown by side, without its author: its audit entry carries
    # no actor either (the rule of every contribution shown without an author;
    # trust answers are not audited at all), or the log would attribute it.
    audit_process(None, idea.process, "feedback.record", version)
    return feedback


def _own_seat(access: ProcessAccess, process_id: Any, refusal: str) -> Seat:
    """The seat a contribution comes from: the actor's own, or the one the
    operator acts for, which must be a participant's on a side of the process."""
    if not access.is_operator:
        return contributor_seat(access)
    seat = Seat.objects.filter(pk=access.seat_id).first() if access.seat_id else None
    require(
        seat is not None
        and seat.process_id == process_id
        and seat.role == SeatRole.PARTICIPANT
        and seat.side_id is not None,
        "seat",
        refusal,
    )
    return seat  # type: ignore[return-value]


@transaction.atomic
def feedback_record(
    *,
    access: ProcessAccess,
    version: IdeaVersion,
    stance: str,
    conditions: Iterable[str] | None = None,
    red_lines: Iterable[str] | None = None,
    comment: str = "",
) -> Feedback:
    """Give or edit one's own feedback on an open version (one per seat). The
    operator acting for a seat (``ProcessAccess.operator(process, seat=…)``:
    the demo, imports) gives that seat's feedback, audited with no actor."""
    seat = _own_seat(
        access,
        version.idea.process_id,
        _("Feedback comes from a participant seated on a side of this process."),
    )
    return _feedback_save(
        seat=seat,
        version=version,
        stance=stance,
        conditions=conditions,
        red_lines=red_lines,
        comment=comment,
    )


@transaction.atomic
def feedback_withdraw(*, access: ProcessAccess, version: IdeaVersion) -> None:
    """Withdraw one's own feedback on a version: it leaves every count and
    score. The audit log keeps that it was withdrawn, never what it said.

    Allowed while the version is open, and after it closed as long as its
    results were not shared with the participants: once they have seen the
    final figures, a withdrawal would move them, and the difference would
    show one person's stance."""
    seat = contributor_seat(access)
    require(
        not (version.closed and version.results_shared),
        "version",
        _(
            "Version %(number)s is closed and its results were shared with the "
            "participants: withdrawing now would show your stance by the "
            "difference. If it must go, a facilitator can remove it at your "
            "request."
        )
        % {"number": version.number},
    )
    feedback = Feedback.objects.filter(version=version, seat=seat).first()
    require(
        feedback is not None,
        "version",
        _(
            "You have given no feedback on version %(number)s: there is nothing "
            "to withdraw."
        )
        % {"number": version.number},
    )
    feedback.delete()  # type: ignore[union-attr]
    # No actor: feedback is shown without its author (see ``_feedback_save``).
    audit_process(None, access.process, "feedback.withdraw", version)


@transaction.atomic
def feedback_remove(*, access: ProcessAccess, feedback: Feedback) -> None:
    """A facilitator removes a participant's feedback at their request (when
    they may no longer withdraw it themselves, or have lost their seat). The
    audit log names who removed it and on which version, never what it said."""
    access.require_manage()
    version = feedback.version
    if version.idea.process_id != access.process.pk:
        raise NotFound("feedback")
    feedback.delete()
    audit_in(access, "feedback.remove", version)


# -- joint texts


def _parse_key(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _write_sections(
    version: JointTextVersion,
    sections: list[dict[str, Any]],
    known_keys: set[uuid.UUID],
) -> None:
    require(
        bool(sections),
        "sections",
        _("A joint text has at least one section: add one."),
    )
    seen: set[uuid.UUID] = set()
    for position, data in enumerate(sections):
        where = f"sections[{position}]."
        raw_key = data.get("key")
        parsed = _parse_key(raw_key) if raw_key else None
        if raw_key:
            require(
                parsed in known_keys,
                f"{where}key",
                _(
                    "This section key is not one of this text's sections: leave it empty for a new section."
                ),
            )
            require(
                parsed not in seen,
                f"{where}key",
                _("This section appears twice: keep it once."),
            )
        key = parsed or uuid.uuid4()
        seen.add(key)
        section = Section(
            version=version,
            data_key_id=version.data_key_id,
            key=key,
            position=position,
            heading=str(data.get("heading", "")).strip(),
            body=str(data.get("body", "")).strip(),
        )
        clean(section, exclude=["data_key", "version"], prefix=where)
        section.save()


@transaction.atomic
def joint_text_create(
    *,
    access: ProcessAccess,
    title: str,
    language: str,
    sections: list[dict[str, Any]],
    note: str = "",
) -> JointText:
    """A joint text and its first version."""
    access.require_manage()
    joint_text = JointText(
        process=access.process, title=title.strip(), language=language.strip()
    )
    clean(joint_text, exclude=["data_key"])
    joint_text.save()
    version = JointTextVersion(
        joint_text=joint_text,
        data_key_id=joint_text.data_key_id,
        number=1,
        note=note.strip(),
    )
    clean(version, exclude=["data_key", "joint_text"])
    version.save()
    _write_sections(version, sections, set())
    audit_in(access, "joint_text.create", joint_text)
    return joint_text


@transaction.atomic
def joint_text_update(
    *, access: ProcessAccess, joint_text: JointText, **changes: Any
) -> JointText:
    access.require_manage()
    if "language" in changes:
        changes["language"] = str(changes["language"]).strip()
    apply_changes(joint_text, changes, allowed=JOINT_TEXT_FIELDS)
    audit_in(access, "joint_text.update", joint_text)
    return joint_text


@transaction.atomic
def joint_text_delete(*, access: ProcessAccess, joint_text: JointText) -> None:
    access.require_manage()
    audit_in(access, "joint_text.delete", joint_text)
    joint_text.delete()


@transaction.atomic
def joint_text_version_create(
    *,
    access: ProcessAccess,
    joint_text: JointText,
    sections: list[dict[str, Any]],
    note: str = "",
) -> JointTextVersion:
    """A new version of the whole text. A section that keeps its ``key`` is the
    same section (compared in diffs); a section without one is new."""
    access.require_manage()
    last = joint_text.versions.aggregate(n=Max("number"))["n"] or 0
    known = set(
        Section.objects.filter(version__joint_text=joint_text).values_list(
            "key", flat=True
        )
    )
    version = JointTextVersion(
        joint_text=joint_text,
        data_key_id=joint_text.data_key_id,
        number=last + 1,
        note=note.strip(),
    )
    clean(version, exclude=["data_key", "joint_text"])
    version.save()
    _write_sections(version, sections, known)
    audit_in(access, "joint_text.version.create", version)
    return version


@transaction.atomic
def section_comment_create(
    *, access: ProcessAccess, section: Section, text: str
) -> SectionComment:
    """A participant's comment on a section of the latest version (or the
    operator's for a seat, as ``feedback_record``)."""
    seat = _own_seat(
        access,
        section.version.joint_text.process_id,
        _("Comments come from a participant seated on a side of this process."),
    )
    return _comment_save(seat=seat, section=section, text=text)


def _comment_save(*, seat: Seat, section: Section, text: str) -> SectionComment:
    joint_text = section.version.joint_text
    latest = joint_text.versions.aggregate(n=Max("number"))["n"]
    require(
        section.version.number == latest,
        "section",
        _(
            "This section belongs to version %(number)s, which a newer version (%(latest)s) replaced: comment on the latest version."
        )
        % {"number": section.version.number, "latest": latest},
    )
    # comments are read by the other sides: nobody is named in them (the same
    # gate as every exit and the Chatham House record)

    found = identifying(joint_text.process, text, seated_only=True)
    require(
        not found,
        "text",
        _(
            "Comments on a joint text name nobody, but this one identifies %(value)s. Write “a participant” instead, and give a side if it matters."
        )
        % {"value": "; ".join(found)},
    )
    comment = SectionComment(
        section=section,
        data_key_id=section.data_key_id,
        seat=seat,
        side_id=seat.side_id,
        text=text.strip(),
    )
    clean(comment, exclude=["data_key", "section", "seat", "side"])
    comment.save()
    # Shown with its side only: no actor, as feedback (see ``_feedback_save``).
    audit_process(None, joint_text.process, "section.comment", section)
    return comment


def joint_text_export(*, access: ProcessAccess, view: JointTextView) -> str:
    """One version as plain text, the language of record on top (gated, audited)."""
    joint_text, version = view.joint_text, view.version
    lines = [
        str(joint_text.title),
        f"Language of record: {joint_text.language}",
        f"Version {version.number} of {len(view.versions)}, "
        f"{version.created_on:%d %B %Y}",
        "",
    ]
    for number, item in enumerate(view.sections, start=1):
        lines += [f"{number}. {item.section.heading}", "", str(item.section.body), ""]
    text = "\n".join(lines).rstrip() + "\n"
    # Text leaving the workspace passes the identification gate (GateBlocked).

    try:
        gate_outgoing(access.process, text)
    except GateBlocked:
        if can_compose(access):
            raise
        # Participants and interpreters get no findings: which phrases match a
        # participant, of what kind and on which side would be a roster lookup.
        raise GateBlocked(
            SimpleNamespace(findings=(), text=""),
            _(
                "This text names or describes a participant, so it cannot leave "
                "the workspace as it is: ask a facilitator."
            ),
        ) from None
    audit_in(access, "joint_text.export", version)
    return text
