"""Collect the process report as plain data: one dataclass per section.

Everything here is already non-attributed and suppressed: no names, no seat
pseudonyms, no speakers; counts of people under 3 read "fewer than 3" (see
:mod:`backchannel.reports.cells`). Every string the report will show is a field
of these dataclasses, so :func:`report_text` can hand the whole text to the
identification gate before anything is rendered.

The readers are checked before this is called (``reports.services``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from backchannel.accounts.models import User
from backchannel.ideas.models import IdeaStatus
from backchannel.ideas.selectors import process_ground_for
from backchannel.meetings.models import Meeting
from backchannel.participants.composition import composition_for
from backchannel.participants.models import Capacity, Gender, Level
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import EcosystemLink, Process
from backchannel.processes.selectors import (
    phase_plan_for,
    process_list_for,
)
from backchannel.records.selectors import process_airtime_summary
from backchannel.reports.cells import suppress_counts
from backchannel.reports.counts import Cell
from backchannel.reports.evaluation import evaluation_section
from backchannel.transfer.models import (
    Channel,
    OutputClassification,
    OutputKind,
    Transfer,
)

Progress = Callable[[str], None]

#: Composition warnings about single meetings name a meeting and who was alone
#: there: they stay on the dashboard, out of a report that travels.
REPORT_WARNINGS = {"side_under_share", "side_no_women", "no_women", "no_civil_society"}


@dataclass
class Overview:
    title: str
    track: str
    stage: str
    approach: str
    status: str
    record_rule: str
    context: str
    sides: list[str]
    meetings: int
    first_meeting: dt.date | None
    last_meeting: dt.date | None


@dataclass
class IndicatorRow:
    name: str
    unit: str
    baseline: float
    target: float
    latest: float | None
    latest_on: dt.date | None
    progress: float | None  # 0..1 of the way from baseline to target


@dataclass
class ObjectiveRow:
    text: str
    kind: str
    status: str
    expectation: str
    indicators: list[IndicatorRow]


@dataclass
class PhaseRow:
    title: str
    stage: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    current: bool
    objectives: list[ObjectiveRow]


@dataclass
class SideComposition:
    side: str
    seats: int | None  # None when suppressed (fewer than 3, or its partner)
    share: float | None  # None with the seats
    capacity: list[Cell]
    gender: list[Cell]
    level: list[Cell]


@dataclass
class CompositionSection:
    total: int
    sides: list[SideComposition]
    warnings: list[str]


@dataclass
class AirtimeRow:
    side: str
    airtime_share: float | None
    seat_share: float | None
    below: bool


@dataclass
class AirtimeSection:
    total_seconds: int
    rows: list[AirtimeRow]
    warnings: list[str]


@dataclass
class SideResponses:
    side: str
    responses: Cell
    acceptable_share: float | None  # None when suppressed


@dataclass
class IdeaRow:
    title: str
    status: str
    versions: list[str]
    scores: list[float | None]  # cross-side score per version; None: not shown
    latest: list[SideResponses]
    direction: str


@dataclass
class IdeasSection:
    sides: list[str]
    ideas: list[IdeaRow]


@dataclass
class EcosystemNode:
    label: str
    kind: str  # "this", "internal", "external"
    detail: str = ""


@dataclass
class EcosystemEdge:
    source: int
    target: int
    relation: str


@dataclass
class EcosystemSection:
    nodes: list[EcosystemNode]
    edges: list[EcosystemEdge]


@dataclass
class Report:
    process_id: str
    overview: Overview
    phases: list[PhaseRow]
    composition: CompositionSection
    airtime: AirtimeSection
    ideas: IdeasSection
    ecosystem: EcosystemSection
    # The evaluation sections (trust, networks, outcomes) are added by
    # ``reports.evaluation`` when the evaluation app provides them.
    evaluation: Any = None
    # The transfer ledger over time: dates, channels, kinds and counts only.
    transfers: TransfersSection | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class TransferCount:
    label: str
    count: int


@dataclass
class TransferMonth:
    month: str  # "2026-03"
    total: int
    by_channel: list[int]  # in the order of ``TransfersSection.channels``

    @property
    def first_day(self) -> dt.date:
        """The month as a date, to be written the reader's way ("mars 2026")."""
        return dt.date.fromisoformat(f"{self.month}-01")


@dataclass
class TransfersSection:
    """What left the workspace, when and how: never the recipient, the
    carrier, the note or the artefact's text."""

    total: int
    first_on: dt.date | None
    last_on: dt.date | None
    channels: list[str]  # channel labels, in the order of the ledger's choices
    months: list[TransferMonth]
    by_classification: list[TransferCount]
    by_kind: list[TransferCount]


# -- sections


def transfers_section(process: Process) -> TransfersSection:
    """Transfers by month and channel, and counts by classification and by
    kind of artefact, read from structural columns only (nothing decrypted)."""
    rows = list(
        Transfer.objects.filter(process=process)
        .order_by("transferred_on", "id")
        .values_list("transferred_on", "channel", "classification", "output__kind")
    )
    used = {channel for _on, channel, _c, _k in rows}
    channels = [(value, label) for value, label in Channel.choices if value in used]
    # Every month from the first transfer to the last, empty months included.
    months: dict[str, dict[str, int]] = {}
    if rows:
        year, month = rows[0][0].year, rows[0][0].month
        end = (rows[-1][0].year, rows[-1][0].month)
        while (year, month) <= end:
            months[f"{year:04d}-{month:02d}"] = {}
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for on, channel, _c, _k in rows:
        per = months[on.strftime("%Y-%m")]
        per[channel] = per.get(channel, 0) + 1
    classification = {value: 0 for value, _label in OutputClassification.choices}
    kinds: dict[str, int] = {}
    for _on, _ch, cls, kind in rows:
        classification[cls] = classification.get(cls, 0) + 1
        key = kind or "idea_version"
        kinds[key] = kinds.get(key, 0) + 1
    kind_labels = {**dict(OutputKind.choices), "idea_version": _("Idea version")}
    return TransfersSection(
        total=len(rows),
        first_on=rows[0][0] if rows else None,
        last_on=rows[-1][0] if rows else None,
        channels=[str(label) for _value, label in channels],
        months=[
            TransferMonth(
                month,
                sum(per.values()),
                [per.get(value, 0) for value, _label in channels],
            )
            for month, per in months.items()
        ],
        by_classification=[
            TransferCount(str(label), classification[value])
            for value, label in OutputClassification.choices
            if classification[value]
        ],
        by_kind=[
            TransferCount(str(kind_labels.get(k, k)), n) for k, n in kinds.items()
        ],
    )


def _overview(process: Process) -> Overview:
    dates = list(
        Meeting.objects.filter(process=process)
        .order_by("date")
        .values_list("date", flat=True)
    )
    return Overview(
        title=str(process.title),
        track=process.get_track_display(),
        stage=process.get_stage_display(),
        approach=process.get_approach_display(),
        status=process.get_status_display(),
        record_rule=process.get_record_rule_display(),
        context=str(process.context),
        sides=[str(s.name) for s in process.sides.order_by("position")],
        meetings=len(dates),
        first_meeting=dates[0] if dates else None,
        last_meeting=dates[-1] if dates else None,
    )


def _phases(access: ProcessAccess) -> list[PhaseRow]:
    rows = []
    for plan in phase_plan_for(access):
        objectives = []
        for objective, progress in plan.objectives:
            indicators = []
            for item in progress:
                indicator = item.indicator
                indicators.append(
                    IndicatorRow(
                        name=str(indicator.name),
                        unit=str(indicator.unit),
                        baseline=indicator.baseline,
                        target=indicator.target,
                        latest=item.latest,
                        latest_on=item.latest_on,
                        progress=item.progress,
                    )
                )
            objectives.append(
                ObjectiveRow(
                    text=str(objective.text),
                    kind=objective.get_kind_display(),
                    status=objective.get_status_display(),
                    expectation=str(objective.expectation),
                    indicators=indicators,
                )
            )
        phase = plan.phase
        rows.append(
            PhaseRow(
                title=str(phase.title),
                stage=phase.get_stage_display(),
                starts_on=phase.starts_on,
                ends_on=phase.ends_on,
                current=plan.is_current,
                objectives=objectives,
            )
        )
    return rows


def _cells(counts: dict[str, int], labels: dict[str, str]) -> list[Cell]:
    shown = suppress_counts({key: counts.get(key, 0) for key in labels})
    return [Cell(label=labels[key], count=shown[key]) for key in labels]


def _composition(access: ProcessAccess) -> CompositionSection:
    comp = composition_for(access)
    capacity = {str(k): str(v) for k, v in Capacity.choices}
    gender = {str(k): str(v) for k, v in Gender.choices}
    level = {str(k): str(v) for k, v in Level.choices}
    # A side's seat total follows the rule of its cells: under 3 it reads
    # "fewer than 3" (with a partner, since the overall total is shown), else
    # "2 seats; 0, 0, fewer than 3, 0" gives the hidden cell by subtraction.
    seats = suppress_counts({str(sc.side.pk): sc.seats for sc in comp.sides})
    return CompositionSection(
        total=comp.total,
        sides=[
            SideComposition(
                side=str(sc.side.name),
                seats=seats[str(sc.side.pk)],
                share=None if seats[str(sc.side.pk)] is None else sc.share,
                capacity=_cells(sc.by_capacity, capacity),
                gender=_cells(sc.by_gender, gender),
                level=_cells(sc.by_level, level),
            )
            for sc in comp.sides
        ],
        warnings=[w.message for w in comp.warnings if w.code in REPORT_WARNINGS],
    )


def _airtime(process: Process) -> AirtimeSection:
    summary = process_airtime_summary(None, process, sides_only=True)
    return AirtimeSection(
        total_seconds=summary.sided_seconds,
        rows=[
            AirtimeRow(
                side=line.label,
                airtime_share=line.row.airtime_share,
                seat_share=line.row.seat_share,
                below=line.row.below,
            )
            for line in summary.sides
        ],
        warnings=list(summary.warnings),
    )


def _direction(trend: dict[str, Any]) -> str:
    direction = str(trend.get("direction", "unknown"))
    labels = {
        "converging": _("converging"),
        "diverging": _("diverging"),
        "steady": _("steady"),
    }
    return labels.get(direction, _("not enough scored versions"))


def _ideas(access: ProcessAccess) -> IdeasSection:
    """Every idea past its draft, with the cross-side score of each version and
    the latest version's responses per side, suppressed under 3."""
    sides = [str(s.name) for s in access.process.sides.order_by("position")]
    rows = []
    for ground in process_ground_for(access):
        if ground.idea.status == IdeaStatus.DRAFT:
            continue
        latest = ground.latest
        rows.append(
            IdeaRow(
                title=str(ground.idea.title),
                status=ground.idea.get_status_display(),
                versions=[f"v{v.version.number}" for v in ground.versions],
                scores=[v.score for v in ground.versions],
                latest=[
                    SideResponses(
                        side=str(cell.side.name),
                        responses=Cell(
                            label=str(cell.side.name),
                            count=None if cell.suppressed else cell.responses,
                        ),
                        acceptable_share=None
                        if cell.suppressed
                        else cell.acceptable_share,
                    )
                    for cell in (latest.cells if latest else [])
                ],
                direction=_direction(ground.trend),
            )
        )
    return IdeasSection(sides=sides, ideas=rows)


def _ecosystem(process: Process, viewer: User | None) -> EcosystemSection:
    """This process, the processes it is linked with and how. Another process of
    the workspace is named only if the reader may see it."""
    visible = (
        None if viewer is None else {row.process.pk for row in process_list_for(viewer)}
    )
    hidden = _("A process you do not see")
    nodes = [EcosystemNode(label=str(process.title), kind="this")]
    index: dict[tuple[str, Any], int] = {("process", process.pk): 0}

    def node(key: tuple[str, Any], label: str, kind: str, detail: str = "") -> int:
        if key not in index:
            index[key] = len(nodes)
            nodes.append(EcosystemNode(label=label, kind=kind, detail=detail))
        return index[key]

    def process_node(other: Process) -> int:
        shown = visible is None or other.pk in visible
        return node(
            ("process", other.pk),
            str(other.title) if shown else hidden,
            "internal",
        )

    edges = []
    links = EcosystemLink.objects.filter(
        Q(process=process) | Q(target_process=process)
    ).select_related("process", "target_process", "target_external")
    for link in links:
        source = 0 if link.process_id == process.pk else process_node(link.process)
        if link.target_external_id:
            external = link.target_external
            target = node(
                ("external", external.pk),
                str(external.name),
                "external",
                external.get_kind_display(),
            )
        else:
            target = process_node(link.target_process)
        edges.append(EcosystemEdge(source, target, link.get_relation_display()))
    return EcosystemSection(nodes=nodes, edges=edges)


def build_report(access: ProcessAccess, *, progress: Progress | None = None) -> Report:
    """Every section of the report for a reader who may manage the process
    (or the operator, ``ProcessAccess.operator``)."""
    step = progress or (lambda name: None)
    process = access.process
    step(_("Overview"))
    overview = _overview(process)
    step(_("Phases, objectives and indicators"))
    phases = _phases(access)
    step(_("Composition"))
    composition = _composition(access)
    step(_("Airtime"))
    airtime = _airtime(process)
    # A seat share is the seat count over the total shown above: it goes with
    # a side total the composition hides.
    hidden = {s.side for s in composition.sides if s.seats is None}
    for row in airtime.rows:
        if row.side in hidden:
            row.seat_share = None
    step(_("Trial balloons"))
    ideas = _ideas(access)
    step(_("Ecosystem"))
    ecosystem = _ecosystem(process, None if access.is_operator else access.actor)
    report = Report(
        process_id=str(process.pk),
        overview=overview,
        phases=phases,
        composition=composition,
        airtime=airtime,
        ideas=ideas,
        ecosystem=ecosystem,
    )
    step(_("Evaluation"))
    report.evaluation = evaluation_section(access)
    step(_("Transfers"))
    report.transfers = transfers_section(process)
    return report


# -- the whole text, for the identification gate


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if value.strip():
            yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def report_text(report: Report) -> str:
    """Every string the report carries, one per paragraph (the ids aside)."""
    parts = [s for s in _strings(report) if s != report.process_id]
    return "\n\n".join(parts)
