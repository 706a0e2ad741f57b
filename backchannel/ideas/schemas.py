"""API shapes of ideas, feedback, the cross-side view and joint texts.

The output schemas are where visibility is enforced:

* feedback leaves only as the caller may read it (``feedback_list_for``), and
  the author's seat only for the process's managers;
* the cross-side view carries no counts, shares or texts for a side with fewer
  than 3 responses (``"fewer than 3"``), no score unless every side has 3, and
  nothing at all (``visible: false``) for a version whose results the
  facilitators have not shared with a non-manager;
* a section comment's seat (its authorship) only for the managers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema

from backchannel.core.schemas import In, Out
from backchannel.ideas.drafting import SectionDiff
from backchannel.ideas.models import (
    Feedback,
    Idea,
    IdeaStatus,
    IdeaVersion,
    JointText,
    Provenance,
    SectionComment,
    Stance,
)
from backchannel.ideas.selectors import (
    IdeaGround,
    JointTextRow,
    JointTextView,
    VersionGroundView,
)
from backchannel.processes.access import ProcessAccess

SUPPRESSED = "fewer than 3"
ScoreStatus = Literal["shown", "not_enough_responses", "not_shared"]

# -- input


class IdeaIn(In):
    title: str
    text: str = Field(description="The text of version 1.")
    note: str = ""
    status: IdeaStatus = IdeaStatus.DRAFT
    provenance: Provenance = Field(
        Provenance.FACILITATOR,
        description="Shown as coming from: the facilitator's text, a side, or "
        "anonymous. Only the side (for 'side') is stored, nothing else.",
    )
    provenance_side_id: uuid.UUID | None = Field(
        None, description="For provenance 'side' only: a side of this process."
    )
    objective_ids: list[uuid.UUID] = Field(
        [], description="Objectives of this process."
    )
    meeting_id: uuid.UUID | None = Field(
        None, description="The meeting it was floated in; null: between meetings."
    )


class IdeaPatch(In):
    title: str | None = None
    status: IdeaStatus | None = None
    provenance: Provenance | None = Field(
        None, description="Leaving 'side' forgets the side."
    )
    provenance_side_id: uuid.UUID | None = None
    objective_ids: list[uuid.UUID] | None = Field(
        None, description="Replaces the list."
    )
    meeting_id: uuid.UUID | None = None


class IdeaVersionIn(In):
    text: str
    note: str = Field("", description="What changed. Earlier versions close.")


class IdeaVersionPatch(In):
    closed: bool | None = Field(None, description="Closed for feedback.")
    results_shared: bool | None = Field(
        None,
        description="Participants see the version's aggregates: only once it is "
        "closed, computed at the first sharing and never recomputed.",
    )


class FeedbackIn(In):
    stance: Stance
    conditions: list[str] = Field(
        [], description="Needed for 'acceptable_if': at least one."
    )
    red_lines: list[str] = []
    comment: str = ""


class SectionIn(In):
    heading: str
    body: str = ""


class SectionVersionIn(SectionIn):
    key: uuid.UUID | None = Field(
        None,
        description="The key of this section in an earlier version (the same "
        "section, compared in diffs); null for a new section.",
    )


class JointTextIn(In):
    title: str
    language: str = Field(description="Language of record, e.g. 'en' (BCP 47).")
    note: str = ""
    sections: list[SectionIn]


class JointTextPatch(In):
    title: str | None = None
    language: str | None = None


class JointTextVersionIn(In):
    note: str = ""
    sections: list[SectionVersionIn] = Field(
        description="The whole text, in order; replaces the sections."
    )


class SectionCommentIn(In):
    text: str


# -- output


class IdeaVersionOut(Schema):
    id: uuid.UUID
    number: int
    text: str
    note: str
    created_on: dt.date
    closed: bool
    results_shared: bool
    feedback_open: bool


class IdeaSummaryOut(Schema):
    id: uuid.UUID
    title: str
    status: IdeaStatus
    provenance: Provenance
    provenance_side_id: uuid.UUID | None
    meeting_id: uuid.UUID | None
    versions: int
    latest_score: float | None
    latest_lenient_score: float | None
    latest_score_status: ScoreStatus


class IdeaOut(Schema):
    id: uuid.UUID
    title: str
    status: IdeaStatus
    provenance: Provenance
    provenance_side_id: uuid.UUID | None
    meeting_id: uuid.UUID | None
    objective_ids: list[uuid.UUID]
    created_on: dt.date
    versions: list[IdeaVersionOut]


class CruxOut(Schema):
    accepting_side_ids: list[uuid.UUID]
    rejecting_side_ids: list[uuid.UUID]
    gap: float


class SideCellOut(Schema):
    side_id: uuid.UUID
    side_name: str
    suppressed: bool
    responses: int | None = Field(description="Null when suppressed.")
    label: str = Field(description=f"The count, or '{SUPPRESSED}'.")
    counts: dict[Stance, int] | None
    acceptable_share: float | None
    conditions: list[str] = Field(description="Shuffled; empty when suppressed.")
    red_lines: list[str]
    comments: list[str]


class CommonGroundOut(Schema):
    version_id: uuid.UUID
    number: int
    visible: bool = Field(
        description="False: the facilitators have not shared this version's results."
    )
    sides: list[SideCellOut]
    responses: int | None = Field(description="Only when no side is suppressed.")
    score: float | None = Field(
        description="Π over sides of (acceptable + 1) / (responses + 2); only "
        "'acceptable' counts. Null unless every side has 3 responses."
    )
    lenient_score: float | None = Field(
        description="The same, counting 'acceptable_if' as acceptable."
    )
    score_status: ScoreStatus
    crux: CruxOut | None


class ConvergenceOut(Schema):
    first: int | None
    last: int | None
    change: float | None
    direction: Literal["converging", "diverging", "steady", "unknown"]


class IdeaGroundOut(Schema):
    idea_id: uuid.UUID
    title: str
    status: IdeaStatus
    versions: list[CommonGroundOut]
    convergence: ConvergenceOut


class FeedbackOut(Out):
    WITHHELD = frozenset({"seat_id", "seat_pseudonym"})

    id: uuid.UUID
    version_id: uuid.UUID
    side_id: uuid.UUID | None
    stance: Stance
    conditions: list[str]
    red_lines: list[str]
    comment: str
    given_on: dt.date
    updated_on: dt.date
    mine: bool
    seat_id: uuid.UUID | None = Field(
        None, description="The author's seat: for conveners and facilitators only."
    )
    seat_pseudonym: str | None = Field(
        None, description="For conveners and facilitators only."
    )


class JointTextSummaryOut(Schema):
    id: uuid.UUID
    title: str
    language: str
    latest_version: int | None
    created_on: dt.date


class JointTextVersionOut(Schema):
    id: uuid.UUID
    number: int
    note: str
    created_on: dt.date


class SectionCommentOut(Out):
    WITHHELD = frozenset({"seat_id"})

    id: uuid.UUID
    section_id: uuid.UUID
    side_id: uuid.UUID | None
    text: str
    created_on: dt.date
    seat_id: uuid.UUID | None = Field(
        None, description="Who wrote it: for conveners and facilitators only."
    )


class CommentGroupOut(Schema):
    side_id: uuid.UUID | None
    side_name: str
    comments: list[SectionCommentOut]


class SectionOut(Schema):
    id: uuid.UUID
    key: uuid.UUID
    position: int
    heading: str
    body: str
    comments_by_side: list[CommentGroupOut]


class JointTextOut(Schema):
    id: uuid.UUID
    title: str
    language: str = Field(description="The language of record.")
    version: int = Field(description="The version shown.")
    versions: list[JointTextVersionOut]
    sections: list[SectionOut]


class SectionDiffOut(Schema):
    key: uuid.UUID
    status: Literal["unchanged", "changed", "added", "removed"]
    heading_html: str
    body_html: str = Field(
        description="HTML, escaped, with <del> for removed and <ins> for added words."
    )


class JointTextDiffOut(Schema):
    joint_text_id: uuid.UUID
    language: str
    from_version: int
    to_version: int
    sections: list[SectionDiffOut]


# -- builders


def _score_status(view: VersionGroundView) -> ScoreStatus:
    if not view.visible:
        return "not_shared"
    return "not_enough_responses" if view.score is None else "shown"


def version_out(version: IdeaVersion, idea: Idea) -> IdeaVersionOut:
    return IdeaVersionOut(
        id=version.pk,
        number=version.number,
        text=str(version.text),
        note=str(version.note),
        created_on=version.created_on,
        closed=version.closed,
        results_shared=version.results_shared,
        feedback_open=idea.takes_feedback and not version.closed,
    )


def idea_summary_out(ground: IdeaGround) -> IdeaSummaryOut:
    idea, latest = ground.idea, ground.latest
    return IdeaSummaryOut(
        id=idea.pk,
        title=str(idea.title),
        status=IdeaStatus(idea.status),
        provenance=Provenance(idea.provenance),
        provenance_side_id=idea.provenance_side_id,
        meeting_id=idea.meeting_id,
        versions=len(ground.versions),
        latest_score=latest.score if latest else None,
        latest_lenient_score=latest.lenient_score if latest else None,
        latest_score_status=_score_status(latest) if latest else "not_shared",
    )


def idea_out(idea: Idea) -> IdeaOut:
    """``idea`` with its objectives loaded (``idea_detail_for``)."""
    return IdeaOut(
        id=idea.pk,
        title=str(idea.title),
        status=IdeaStatus(idea.status),
        provenance=Provenance(idea.provenance),
        provenance_side_id=idea.provenance_side_id,
        meeting_id=idea.meeting_id,
        objective_ids=[o.pk for o in idea.objectives.all()],
        created_on=idea.created_on,
        versions=[version_out(v, idea) for v in idea.versions.order_by("number")],
    )


def common_ground_out(view: VersionGroundView) -> CommonGroundOut:
    return CommonGroundOut(
        version_id=view.version.pk,
        number=view.version.number,
        visible=view.visible,
        sides=[
            SideCellOut(
                side_id=cell.side.pk,
                side_name=str(cell.side.name),
                suppressed=cell.suppressed,
                responses=None if cell.suppressed else cell.responses,
                label=SUPPRESSED if cell.suppressed else str(cell.responses),
                counts=None if cell.suppressed else cell.counts,
                acceptable_share=None if cell.suppressed else cell.acceptable_share,
                conditions=[] if cell.suppressed else cell.conditions,
                red_lines=[] if cell.suppressed else cell.red_lines,
                comments=[] if cell.suppressed else cell.comments,
            )
            for cell in view.cells
        ],
        responses=view.responses,
        score=view.score,
        lenient_score=view.lenient_score,
        score_status=_score_status(view),
        crux=(
            CruxOut(
                accepting_side_ids=[s.pk for s in view.crux.accepting],
                rejecting_side_ids=[s.pk for s in view.crux.rejecting],
                gap=view.crux.gap,
            )
            if view.crux
            else None
        ),
    )


def idea_ground_out(ground: IdeaGround) -> IdeaGroundOut:
    return IdeaGroundOut(
        idea_id=ground.idea.pk,
        title=str(ground.idea.title),
        status=IdeaStatus(ground.idea.status),
        versions=[common_ground_out(v) for v in ground.versions],
        convergence=ConvergenceOut(**ground.trend),
    )


def feedback_out(access: ProcessAccess, feedback: Feedback) -> FeedbackOut:
    manager = access.can_manage
    return FeedbackOut(
        id=feedback.pk,
        version_id=feedback.version_id,
        side_id=feedback.side_id,
        stance=Stance(str(feedback.stance)),
        conditions=list(feedback.conditions),
        red_lines=list(feedback.red_lines),
        comment=str(feedback.comment),
        given_on=feedback.given_on,
        updated_on=feedback.updated_on,
        mine=feedback.seat_id is not None and feedback.seat_id == access.seat_id,
        # Authorship: withheld (absent) for everyone but the managers.
        seat_id=feedback.seat_id if manager else None,
        seat_pseudonym=(
            str(feedback.seat.pseudonym) if manager and feedback.seat else None
        ),
    )


def joint_text_summary_out(row: JointTextRow) -> JointTextSummaryOut:
    return JointTextSummaryOut(
        id=row.joint_text.pk,
        title=str(row.joint_text.title),
        language=row.joint_text.language,
        latest_version=row.latest.number if row.latest else None,
        created_on=row.joint_text.created_on,
    )


def section_comment_out(
    access: ProcessAccess, comment: SectionComment
) -> SectionCommentOut:
    return SectionCommentOut(
        id=comment.pk,
        section_id=comment.section_id,
        side_id=comment.side_id,
        text=str(comment.text),
        created_on=comment.created_on,
        seat_id=comment.seat_id if access.can_manage else None,
    )


def joint_text_out(access: ProcessAccess, view: JointTextView) -> JointTextOut:
    return JointTextOut(
        id=view.joint_text.pk,
        title=str(view.joint_text.title),
        language=view.joint_text.language,
        version=view.version.number,
        versions=[
            JointTextVersionOut(
                id=v.pk, number=v.number, note=str(v.note), created_on=v.created_on
            )
            for v in view.versions
        ],
        sections=[
            SectionOut(
                id=item.section.pk,
                key=item.section.key,
                position=item.section.position,
                heading=str(item.section.heading),
                body=str(item.section.body),
                comments_by_side=[
                    CommentGroupOut(
                        side_id=group.side.pk if group.side else None,
                        side_name=str(group.side.name) if group.side else "No side",
                        comments=[
                            section_comment_out(access, c) for c in group.comments
                        ],
                    )
                    for group in item.groups
                ],
            )
            for item in view.sections
        ],
    )


def joint_text_diff_out(
    joint_text: JointText, from_number: int, to_number: int, diffs: list[SectionDiff]
) -> JointTextDiffOut:
    return JointTextDiffOut(
        joint_text_id=joint_text.pk,
        language=joint_text.language,
        from_version=from_number,
        to_version=to_number,
        sections=[
            SectionDiffOut(
                key=d.key,
                status=d.status,
                heading_html=str(d.heading),
                body_html=str(d.body),
            )
            for d in diffs
        ],
    )
