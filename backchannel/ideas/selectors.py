"""Reads of ideas, feedback and joint texts, scoped to an actor.

The cross-side view turns feedback rows into per-side counts and hands them to
``backchannel.analysis.common_ground``; what comes back is already suppressed
(a side with fewer than 3 responses shows neither counts nor texts, and the
score is shown only when no side is that small). Lists of conditions, red lines
and comments are shuffled, so that their order says nothing about who wrote
them or when.

Who sees what:

* aggregates of a version: the process's managers always (live); everyone
  else seated only once a manager has shared that version's results, which is
  possible only after it closed. What they see is the version's *publication*:
  the aggregates computed once, when the results were first shared, and never
  recomputed (as a trust round's figures). A later removal of feedback, a seat
  moved or removed, changes nothing they see, so no difference between two
  looks can give one person's stance away;
* individual feedback: its author, and the managers (each such read by a
  manager is audited as ``feedback.read``; an author reading their own is not,
  to keep no trail of participants' activity).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from backchannel.analysis.common_ground import (
    MIN_CELL,
    STANCES,
    VersionGround,
    common_ground,
    convergence,
)
from backchannel.core.audit import audit_in
from backchannel.ideas.access import can_contribute
from backchannel.ideas.drafting import SectionDiff, section_diffs
from backchannel.ideas.models import (
    Feedback,
    Idea,
    IdeaStatus,
    IdeaVersion,
    JointText,
    JointTextVersion,
    Section,
    SectionComment,
    Stance,
)
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Process, Side

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_shuffle = random.SystemRandom().shuffle
STANCE_LABELS = dict(Stance.choices)


# -- the cross-side view


@dataclass
class SideCell:
    side: Side
    suppressed: bool
    responses: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    acceptable_share: float | None = None
    conditions: list[str] = field(default_factory=list)
    red_lines: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class Crux:
    accepting: list[Side]
    rejecting: list[Side]
    gap: float


@dataclass
class VersionGroundView:
    """What one actor may see of one version's feedback, already suppressed."""

    version: IdeaVersion
    visible: bool
    cells: list[SideCell] = field(default_factory=list)
    score: float | None = None
    lenient_score: float | None = None
    crux: Crux | None = None

    @property
    def all_shown(self) -> bool:
        return bool(self.cells) and not any(c.suppressed for c in self.cells)

    @property
    def stance_table(self) -> list[tuple[StrOrPromise, list[int | None]]]:
        """One row per stance: its count on each side (None where suppressed)."""
        return [
            (
                STANCE_LABELS[stance],
                [None if c.suppressed else c.counts.get(stance, 0) for c in self.cells],
            )
            for stance in STANCES
        ]

    @property
    def responses(self) -> int | None:
        """The total, only when no side is suppressed (else it would give the
        small side's count away by subtraction)."""
        if not self.all_shown:
            return None
        return sum(c.responses or 0 for c in self.cells)


@dataclass
class IdeaGround:
    idea: Idea
    versions: list[VersionGroundView]

    @property
    def latest(self) -> VersionGroundView | None:
        return self.versions[-1] if self.versions else None

    @property
    def last_scored(self) -> VersionGroundView | None:
        """The latest version whose score is shown, if any."""
        return next((v for v in reversed(self.versions) if v.score is not None), None)

    @property
    def cruxes(self) -> list[VersionGroundView]:
        return [v for v in self.versions if v.crux is not None]

    @property
    def trend(self) -> dict[str, Any]:
        scores = [np.nan if v.score is None else v.score for v in self.versions]
        return dict(convergence(scores))


def results_visible(access: ProcessAccess, version: IdeaVersion) -> bool:
    return access.can_manage or (version.results_shared and version.closed)


def _counts(rows: Iterable[Feedback], sides: list[Side]) -> np.ndarray:
    index = {side.pk: i for i, side in enumerate(sides)}
    column = {stance: j for j, stance in enumerate(STANCES)}
    counts = np.zeros((len(sides), len(STANCES)), dtype=np.int64)
    for row in rows:
        # Feedback whose side was since removed counts for no side.
        if row.side_id in index:
            counts[index[row.side_id], column[str(row.stance)]] += 1
    return counts


def _cells(
    sides: list[Side],
    ground: VersionGround,
    counts: np.ndarray,
    rows: list[Feedback],
    *,
    texts: bool,
) -> list[SideCell]:
    cells = []
    for i, side in enumerate(sides):
        if ground["suppressed"][i]:
            cells.append(SideCell(side=side, suppressed=True))
            continue
        mine = [r for r in rows if r.side_id == side.pk]
        cell = SideCell(
            side=side,
            suppressed=False,
            responses=ground["responses"][i],
            counts={s: int(counts[i, j]) for j, s in enumerate(STANCES)},
            acceptable_share=ground["acceptable_share"][i],
        )
        if texts:
            cell.conditions = [c for r in mine for c in r.conditions]
            cell.red_lines = [c for r in mine for c in r.red_lines]
            cell.comments = [str(r.comment) for r in mine if str(r.comment)]
            for items in (cell.conditions, cell.red_lines, cell.comments):
                _shuffle(items)
        cells.append(cell)
    return cells


def _live_view(
    version: IdeaVersion, rows: list[Feedback], sides: list[Side], *, texts: bool
) -> VersionGroundView:
    counts = _counts(rows, sides)
    ground = common_ground(counts, min_cell=MIN_CELL)[0]
    crux = ground["crux"]
    return VersionGroundView(
        version=version,
        visible=True,
        cells=_cells(sides, ground, counts, rows, texts=texts),
        score=ground["score"],
        lenient_score=ground["lenient_score"],
        crux=(
            Crux(
                accepting=[sides[i] for i in crux["high_sides"]],
                rejecting=[sides[i] for i in crux["low_sides"]],
                gap=crux["gap"],
            )
            if crux
            else None
        ),
    )


def publication(version: IdeaVersion) -> dict[str, Any]:
    """The aggregates participants will see of a version, computed now from its
    feedback (already suppressed, texts shuffled once): stored when the results
    are first shared (``services.idea_version_update``), never recomputed."""
    sides = _sides(version.idea.process)
    rows = list(Feedback.objects.filter(version=version))
    view = _live_view(version, rows, sides, texts=True)
    return {
        "sides": [
            {
                "side": str(c.side.pk),
                "suppressed": c.suppressed,
                "responses": c.responses,
                "counts": c.counts,
                "acceptable_share": c.acceptable_share,
                "conditions": c.conditions,
                "red_lines": c.red_lines,
                "comments": c.comments,
            }
            for c in view.cells
        ],
        "score": view.score,
        "lenient_score": view.lenient_score,
        "crux": (
            {
                "accepting": [str(s.pk) for s in view.crux.accepting],
                "rejecting": [str(s.pk) for s in view.crux.rejecting],
                "gap": view.crux.gap,
            }
            if view.crux
            else None
        ),
    }


def published(version: IdeaVersion) -> dict[str, Any]:
    """The version's publication. Results shared before publications existed
    get theirs now, once (as trust rounds closed before then)."""
    if version.published is None:
        version.published = publication(version)
        version.save(update_fields=["published"])
    return version.published


def _published_view(
    version: IdeaVersion, sides: list[Side], *, texts: bool
) -> VersionGroundView:
    data = published(version)
    by_id = {str(side.pk): side for side in sides}
    cells = []
    for row in data["sides"]:
        side = by_id.get(row["side"])
        if side is None:  # a side removed since: its figures go with it
            continue
        if row["suppressed"]:
            cells.append(SideCell(side=side, suppressed=True))
            continue
        cell = SideCell(
            side=side,
            suppressed=False,
            responses=row["responses"],
            counts=dict(row["counts"]),
            acceptable_share=row["acceptable_share"],
        )
        if texts:
            cell.conditions = list(row["conditions"])
            cell.red_lines = list(row["red_lines"])
            cell.comments = list(row["comments"])
        cells.append(cell)
    crux = data["crux"]
    return VersionGroundView(
        version=version,
        visible=True,
        cells=cells,
        score=data["score"],
        lenient_score=data["lenient_score"],
        crux=(
            Crux(
                accepting=[by_id[i] for i in crux["accepting"] if i in by_id],
                rejecting=[by_id[i] for i in crux["rejecting"] if i in by_id],
                gap=crux["gap"],
            )
            if crux
            else None
        ),
    )


def _ground(
    ideas: list[Idea],
    sides: list[Side],
    *,
    visible: Callable[[IdeaVersion], bool],
    texts: bool,
    live: bool,
) -> list[IdeaGround]:
    """Each version's view: live figures for the managers and the operator,
    the version's publication for everyone else."""
    versions = list(
        IdeaVersion.objects.filter(idea__in=ideas).order_by("idea_id", "number")
    )
    feedback: dict[Any, list[Feedback]] = {}
    if live:
        shown_ids = [v.pk for v in versions if visible(v)]
        for row in Feedback.objects.filter(version_id__in=shown_ids):
            feedback.setdefault(row.version_id, []).append(row)
    by_idea: dict[Any, list[VersionGroundView]] = {idea.pk: [] for idea in ideas}
    for version in versions:
        if not visible(version):
            view = VersionGroundView(version=version, visible=False)
        elif live:
            view = _live_view(version, feedback.get(version.pk, []), sides, texts=texts)
        else:
            view = _published_view(version, sides, texts=texts)
        by_idea[version.idea_id].append(view)
    return [IdeaGround(idea=idea, versions=by_idea[idea.pk]) for idea in ideas]


def _sides(process: Process) -> list[Side]:
    return list(Side.objects.filter(process=process).order_by("position"))


def _ideas(access: ProcessAccess) -> list[Idea]:
    ideas = Idea.objects.filter(process=access.process).select_related(
        "provenance_side", "meeting"
    )
    if not access.can_manage:
        ideas = ideas.exclude(status=IdeaStatus.DRAFT)
    return _ordered(ideas)


def _ordered(ideas: Any) -> list[Idea]:
    # Titles are encrypted: sort in Python, oldest first, then by title.
    return sorted(ideas, key=lambda i: (i.created_on, str(i.title).casefold()))


def idea_list_for(access: ProcessAccess) -> list[IdeaGround]:
    """The ideas the actor may see, each with the common ground of its versions
    (counts only: the list shows no comments)."""
    return _ground(
        _ideas(access),
        _sides(access.process),
        visible=lambda v: results_visible(access, v),
        texts=False,
        live=access.can_manage,
    )


def idea_ground_for(access: ProcessAccess, idea: Idea) -> IdeaGround:
    """One idea's versions with what the actor may see of their feedback."""
    return _ground(
        [idea],
        _sides(access.process),
        visible=lambda v: results_visible(access, v),
        texts=True,
        live=access.can_manage,
    )[0]


def version_ground_for(
    access: ProcessAccess, version: IdeaVersion
) -> VersionGroundView:
    ground = idea_ground_for(access, version.idea)
    return next(v for v in ground.versions if v.version.pk == version.pk)


def process_ground_for(access: ProcessAccess) -> list[IdeaGround]:
    """The managers' table of the whole process (the report, and the operator's
    ``backchannel ideas``): every idea, drafts included, counts only, with the
    same suppression."""
    access.require_manage()
    process = access.process
    ideas = _ordered(
        Idea.objects.filter(process=process).select_related(
            "provenance_side", "meeting"
        )
    )
    return _ground(
        ideas, _sides(process), visible=lambda v: True, texts=False, live=True
    )


def idea_detail_for(idea: Idea) -> Idea:
    return (
        Idea.objects.select_related("provenance_side", "meeting")
        .prefetch_related("objectives")
        .get(pk=idea.pk)
    )


# -- individual feedback


def own_feedback_for(access: ProcessAccess, idea: Idea) -> dict[Any, Feedback]:
    """The actor's own feedback on each version of the idea, by version id."""
    if not can_contribute(access):
        return {}
    rows = Feedback.objects.filter(version__idea=idea, seat_id=access.own_seat_id)
    return {row.version_id: row for row in rows}


def feedback_list_for(access: ProcessAccess, version: IdeaVersion) -> list[Feedback]:
    """The individual feedback on a version that the actor may read.

    Managers: all of it (and the read is audited). Participants: their own.
    Everyone else: none."""
    if access.can_manage:
        rows = list(
            Feedback.objects.filter(version=version).select_related("seat", "side")
        )
        audit_in(access, "feedback.read", version)
        rows.sort(key=lambda r: (r.side.position if r.side else 99, str(r.seat or "")))
        return rows
    if can_contribute(access):
        return list(
            Feedback.objects.filter(
                version=version, seat_id=access.own_seat_id
            ).select_related("side")
        )
    return []


# -- joint texts


@dataclass
class JointTextRow:
    joint_text: JointText
    latest: JointTextVersion | None


def joint_text_list_for(access: ProcessAccess) -> list[JointTextRow]:
    texts = list(
        JointText.objects.filter(process=access.process).prefetch_related("versions")
    )
    return [
        JointTextRow(
            joint_text=t,
            latest=max(t.versions.all(), key=lambda v: v.number, default=None),
        )
        for t in texts
    ]


@dataclass
class CommentGroup:
    side: Side | None
    comments: list[SectionComment]


@dataclass
class SectionView:
    section: Section
    groups: list[CommentGroup]


@dataclass
class JointTextView:
    joint_text: JointText
    versions: list[JointTextVersion]
    version: JointTextVersion
    sections: list[SectionView]

    @property
    def is_latest(self) -> bool:
        return self.version.pk == self.versions[-1].pk

    @property
    def previous(self) -> JointTextVersion | None:
        earlier = [v for v in self.versions if v.number < self.version.number]
        return earlier[-1] if earlier else None


def joint_text_view_for(
    access: ProcessAccess, joint_text: JointText, number: int | None = None
) -> JointTextView | None:
    """The text at one version (the latest by default), with its comments
    grouped by side. None if there is no such version."""
    versions = list(joint_text.versions.order_by("number"))
    version = (
        versions[-1]
        if number is None
        else next((v for v in versions if v.number == number), None)
    )
    if version is None:
        return None
    sides = _sides(access.process)
    sections = list(
        Section.objects.filter(version=version)
        .prefetch_related("comments", "comments__seat")
        .order_by("position")
    )
    views = []
    for section in sections:
        groups = []
        comments = list(section.comments.all())
        for side in [*sides, None]:
            mine = [
                c
                for c in comments
                if (
                    c.side_id == side.pk
                    if side
                    else c.side_id not in {s.pk for s in sides}
                )
            ]
            if mine:
                groups.append(CommentGroup(side=side, comments=mine))
        views.append(SectionView(section=section, groups=groups))
    return JointTextView(
        joint_text=joint_text, versions=versions, version=version, sections=views
    )


def joint_text_diff_for(
    joint_text: JointText, from_number: int, to_number: int
) -> list[SectionDiff] | None:
    """Section-by-section diff between two versions; None if either is missing."""
    versions = {
        v.number: v
        for v in joint_text.versions.filter(number__in=[from_number, to_number])
    }
    if from_number not in versions or to_number not in versions:
        return None
    old = list(Section.objects.filter(version=versions[from_number]))
    new = list(Section.objects.filter(version=versions[to_number]))
    return section_diffs(old, new)
