"""API: trial balloons (ideas), their versions and feedback, the cross-side
view, and joint texts with sections, diffs and comments by side."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status

from backchannel.accounts.http import ApiRequest
from backchannel.core.errors import NotFound
from backchannel.core.schemas import (
    READ,
    WRITE,
    Id,
    ValidationErrorOut,
    api_fields,
    deletion,
)
from backchannel.ideas import services
from backchannel.ideas.access import (
    access_feedback_by_id,
    access_idea_by_id,
    access_idea_version_by_id,
    access_joint_text_by_id,
    access_section_by_id,
)
from backchannel.ideas.schemas import (
    CommonGroundOut,
    FeedbackIn,
    FeedbackOut,
    IdeaGroundOut,
    IdeaIn,
    IdeaOut,
    IdeaPatch,
    IdeaSummaryOut,
    IdeaVersionIn,
    IdeaVersionOut,
    IdeaVersionPatch,
    JointTextDiffOut,
    JointTextIn,
    JointTextOut,
    JointTextPatch,
    JointTextSummaryOut,
    JointTextVersionIn,
    SectionCommentIn,
    SectionCommentOut,
    common_ground_out,
    feedback_out,
    idea_ground_out,
    idea_out,
    idea_summary_out,
    joint_text_diff_out,
    joint_text_out,
    joint_text_summary_out,
    section_comment_out,
    version_out,
)
from backchannel.ideas.selectors import (
    feedback_list_for,
    idea_detail_for,
    idea_list_for,
    joint_text_diff_for,
    joint_text_list_for,
    joint_text_view_for,
    version_ground_for,
)
from backchannel.meetings.models import Meeting
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.api import ref_in_process
from backchannel.processes.models import Objective, Side

router = Router(tags=["ideas"])

# Reads with query parameters: a malformed one answers 422, naming it.
READ_QUERY = {**READ, 422: ValidationErrorOut}

RENAMES = {
    "provenance_side": "provenance_side_id",
    "objectives": "objective_ids",
    "meeting": "meeting_id",
}


def _refs(access: ProcessAccess, data: dict[str, Any]) -> None:
    """Replace the ids in the parsed input by objects of this process."""
    if "provenance_side_id" in data:
        data["provenance_side"] = ref_in_process(
            access,
            Side,
            data.pop("provenance_side_id"),
            field="provenance_side_id",
            what="side",
        )
    if "meeting_id" in data:
        data["meeting"] = ref_in_process(
            access, Meeting, data.pop("meeting_id"), field="meeting_id", what="meeting"
        )
    if "objective_ids" in data:
        ids = data.pop("objective_ids")
        data["objectives"] = (
            None
            if ids is None
            else [
                ref_in_process(
                    access, Objective, oid, field="objective_ids", what="objective"
                )
                for oid in ids
            ]
        )


# -- ideas


@router.get("/processes/{id}/ideas", response={200: list[IdeaSummaryOut], **READ})
def idea_list(request: ApiRequest, id: Id) -> list[IdeaSummaryOut]:
    """The ideas you may see (drafts: managers only), with their latest score."""
    access = access_process_by_id(request.auth, id)
    return [idea_summary_out(g) for g in idea_list_for(access)]


@router.post("/processes/{id}/ideas", response={201: IdeaOut, **WRITE})
def idea_create(request: ApiRequest, id: Id, payload: IdeaIn) -> Status[IdeaOut]:
    """Create an idea with its first version."""
    access = access_process_by_id(request.auth, id, manage=True)
    data = payload.model_dump()
    _refs(access, data)
    with api_fields(**RENAMES):
        idea = services.idea_create(access=access, **data)
    return Status(201, idea_out(idea_detail_for(idea)))


@router.get("/ideas/{id}", response={200: IdeaOut, **READ})
def idea_detail(request: ApiRequest, id: Id) -> IdeaOut:
    idea, _ = access_idea_by_id(request.auth, id)
    return idea_out(idea_detail_for(idea))


@router.patch("/ideas/{id}", response={200: IdeaOut, **WRITE})
def idea_update(request: ApiRequest, id: Id, payload: IdeaPatch) -> IdeaOut:
    idea, access = access_idea_by_id(request.auth, id, manage=True)
    changes = payload.model_dump(exclude_unset=True)
    _refs(access, changes)
    with api_fields(**RENAMES):
        services.idea_update(access=access, idea=idea, **changes)
    return idea_out(idea_detail_for(idea))


deletion(router, "/ideas/{id}", access_idea_by_id, services.idea_delete, manage=True)


@router.post("/ideas/{id}/versions", response={201: IdeaVersionOut, **WRITE})
def idea_version_create(
    request: ApiRequest, id: Id, payload: IdeaVersionIn
) -> Status[IdeaVersionOut]:
    """A new version of the text; earlier versions close for feedback."""
    idea, access = access_idea_by_id(request.auth, id, manage=True)
    version = services.idea_version_create(
        access=access, idea=idea, **payload.model_dump()
    )
    return Status(201, version_out(version, idea))


@router.patch("/idea-versions/{id}", response={200: IdeaVersionOut, **WRITE})
def idea_version_update(
    request: ApiRequest, id: Id, payload: IdeaVersionPatch
) -> IdeaVersionOut:
    """Close or reopen a version for feedback; share its results or not."""
    version, access = access_idea_version_by_id(request.auth, id, manage=True)
    services.idea_version_update(
        access=access, version=version, **payload.model_dump(exclude_unset=True)
    )
    return version_out(version, version.idea)


# -- the cross-side view


@router.get(
    "/idea-versions/{id}/common-ground", response={200: CommonGroundOut, **READ}
)
def idea_version_common_ground(request: ApiRequest, id: Id) -> CommonGroundOut:
    """Per-side aggregates, suppressed below 3 responses, and the cross-side
    score. Non-managers get ``visible: false`` until the results are shared."""
    version, access = access_idea_version_by_id(request.auth, id)
    return common_ground_out(version_ground_for(access, version))


@router.get(
    "/processes/{id}/common-ground", response={200: list[IdeaGroundOut], **READ}
)
def process_common_ground(request: ApiRequest, id: Id) -> list[IdeaGroundOut]:
    """The cross-side table of every idea you may see: counts, scores, cruxes and
    convergence (no comments), with the same suppression."""
    access = access_process_by_id(request.auth, id)
    return [idea_ground_out(g) for g in idea_list_for(access)]


# -- feedback


@router.get("/idea-versions/{id}/feedback", response={200: list[FeedbackOut], **READ})
def feedback_list(request: ApiRequest, id: Id) -> list[FeedbackOut]:
    """The individual feedback you may read: all of it for conveners and
    facilitators (each read is audited), your own for a participant, none for
    other roles."""
    version, access = access_idea_version_by_id(request.auth, id)
    return [feedback_out(access, f) for f in feedback_list_for(access, version)]


@router.put("/idea-versions/{id}/feedback", response={200: FeedbackOut, **WRITE})
def feedback_record(request: ApiRequest, id: Id, payload: FeedbackIn) -> FeedbackOut:
    """Give or replace your own feedback (participants seated on a side)."""
    version, access = access_idea_version_by_id(request.auth, id)
    feedback = services.feedback_record(
        access=access, version=version, **payload.model_dump()
    )
    return feedback_out(access, feedback)


@router.delete("/idea-versions/{id}/feedback", response={204: None, **WRITE})
def feedback_withdraw(request: ApiRequest, id: Id) -> Status[None]:
    """Withdraw your own feedback, even once the version is closed (422 when
    you gave none)."""
    version, access = access_idea_version_by_id(request.auth, id)
    services.feedback_withdraw(access=access, version=version)
    return Status(204, None)


@router.delete("/feedback/{id}", response={204: None, **WRITE})
def feedback_remove(request: ApiRequest, id: Id) -> Status[None]:
    """Remove a participant's feedback at their request (conveners and
    facilitators; the feedback ids are in the read-out of a version)."""
    feedback, access = access_feedback_by_id(request.auth, id)
    services.feedback_remove(access=access, feedback=feedback)
    return Status(204, None)


# -- joint texts


@router.get(
    "/processes/{id}/joint-texts", response={200: list[JointTextSummaryOut], **READ}
)
def joint_text_list(request: ApiRequest, id: Id) -> list[JointTextSummaryOut]:
    access = access_process_by_id(request.auth, id)
    return [joint_text_summary_out(row) for row in joint_text_list_for(access)]


@router.post("/processes/{id}/joint-texts", response={201: JointTextOut, **WRITE})
def joint_text_create(
    request: ApiRequest, id: Id, payload: JointTextIn
) -> Status[JointTextOut]:
    """A joint text with its first version."""
    access = access_process_by_id(request.auth, id, manage=True)
    joint_text = services.joint_text_create(access=access, **payload.model_dump())
    return Status(201, _joint_text_out(access, joint_text, None))


def _joint_text_out(access: ProcessAccess, joint_text: Any, number: int | None) -> Any:
    view = joint_text_view_for(access, joint_text, number)
    if view is None:
        raise NotFound("version")
    return joint_text_out(access, view)


@router.get("/joint-texts/{id}", response={200: JointTextOut, **READ_QUERY})
def joint_text_detail(
    request: ApiRequest, id: Id, version: int | None = None
) -> JointTextOut:
    """The text at one version (the latest by default), comments grouped by side."""
    joint_text, access = access_joint_text_by_id(request.auth, id)
    return _joint_text_out(access, joint_text, version)


@router.patch("/joint-texts/{id}", response={200: JointTextOut, **WRITE})
def joint_text_update(
    request: ApiRequest, id: Id, payload: JointTextPatch
) -> JointTextOut:
    joint_text, access = access_joint_text_by_id(request.auth, id, manage=True)
    services.joint_text_update(
        access=access, joint_text=joint_text, **payload.model_dump(exclude_unset=True)
    )
    return _joint_text_out(access, joint_text, None)


deletion(
    router,
    "/joint-texts/{id}",
    access_joint_text_by_id,
    services.joint_text_delete,
    manage=True,
)


@router.post("/joint-texts/{id}/versions", response={201: JointTextOut, **WRITE})
def joint_text_version_create(
    request: ApiRequest, id: Id, payload: JointTextVersionIn
) -> Status[JointTextOut]:
    """A new version of the whole text."""
    joint_text, access = access_joint_text_by_id(request.auth, id, manage=True)
    data = payload.model_dump()
    services.joint_text_version_create(access=access, joint_text=joint_text, **data)
    return Status(201, _joint_text_out(access, joint_text, None))


@router.get("/joint-texts/{id}/diff", response={200: JointTextDiffOut, **READ_QUERY})
def joint_text_diff(
    request: ApiRequest,
    id: Id,
    from_version: int | None = None,
    to_version: int | None = None,
) -> JointTextDiffOut:
    """Section by section, with <del> and <ins>; by default the latest version
    against the one before."""
    joint_text, _ = access_joint_text_by_id(request.auth, id)
    numbers = list(
        joint_text.versions.order_by("number").values_list("number", flat=True)
    )
    to_number = to_version or numbers[-1]
    from_number = from_version or max(
        [n for n in numbers if n < to_number] or [to_number]
    )
    diffs = joint_text_diff_for(joint_text, from_number, to_number)
    if diffs is None:
        raise NotFound("version")
    return joint_text_diff_out(joint_text, from_number, to_number, diffs)


@router.post("/sections/{id}/comments", response={201: SectionCommentOut, **WRITE})
def section_comment_create(
    request: ApiRequest, id: Id, payload: SectionCommentIn
) -> Status[SectionCommentOut]:
    """Comment on a section of the latest version (participants on a side)."""
    section, access = access_section_by_id(request.auth, id)
    comment = services.section_comment_create(
        access=access, section=section, text=payload.text
    )
    return Status(201, section_comment_out(access, comment))
