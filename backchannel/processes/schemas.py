"""API shapes of processes, sides, phases, objectives, indicators and the ecosystem.

Every output is built field by field from the model by a ``*_out`` function;
nothing is serialised wholesale.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema

from backchannel.core.schemas import In, Out
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import (
    Approach,
    ExternalKind,
    ExternalProcess,
    Measurement,
    Objective,
    ObjectiveKind,
    ObjectiveStatus,
    ProcessStatus,
    RecordRule,
    Relation,
    Side,
    Stage,
    Track,
)
from backchannel.processes.selectors import (
    EcosystemEdge,
    IndicatorProgress,
    PhasePlan,
    ProcessRow,
    indicator_progress,
)

# -- input


class ProcessIn(In):
    organisation_id: uuid.UUID = Field(
        description="One of your organisations (GET /api/me); you must convene it."
    )
    title: str
    track: Track
    stage: Stage
    approach: Approach
    sides: list[str] = Field(description="At least two side names, all different.")
    context: str = ""
    status: ProcessStatus = ProcessStatus.PLANNING
    record_rule: RecordRule = RecordRule.CHATHAM_HOUSE
    retention_until: dt.date | None = None


class ProcessPatch(In):
    title: str | None = None
    context: str | None = None
    track: Track | None = None
    stage: Stage | None = None
    approach: Approach | None = None
    status: ProcessStatus | None = None
    record_rule: RecordRule | None = None
    retention_until: dt.date | None = None
    ground_rules: str | None = Field(default=None, max_length=20000)


class SideIn(In):
    name: str


class PhaseIn(In):
    title: str
    stage: Stage
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    position: int | None = Field(None, ge=0, le=32767)


class PhasePatch(In):
    title: str | None = None
    stage: Stage | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    position: int | None = Field(None, ge=0, le=32767)


class ObjectiveIn(In):
    kind: ObjectiveKind
    text: str
    expectation: str = Field(
        "", description="Shown to participants: what this phase can and cannot deliver."
    )
    status: ObjectiveStatus = ObjectiveStatus.NOT_STARTED


class ObjectivePatch(In):
    kind: ObjectiveKind | None = None
    text: str | None = None
    expectation: str | None = None
    status: ObjectiveStatus | None = None
    position: int | None = Field(None, ge=0, le=32767)
    phase_id: uuid.UUID | None = Field(
        None, description="Move the objective to another phase of the process."
    )


class IndicatorIn(In):
    name: str
    baseline: float
    target: float
    unit: str = ""


class IndicatorPatch(In):
    name: str | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None


class MeasurementIn(In):
    measured_on: dt.date
    value: float
    note: str = ""


class EcosystemLinkIn(In):
    relation: Relation
    target_process_id: uuid.UUID | None = Field(
        None, description="Another process of the organisation that you can see."
    )
    target_external_id: uuid.UUID | None = Field(
        None, description="An external process of the organisation."
    )
    note: str = ""


class ExternalProcessIn(In):
    name: str
    kind: ExternalKind
    description: str = ""


# -- output


class OrganisationRef(Schema):
    id: uuid.UUID
    name: str


class SideOut(Schema):
    id: uuid.UUID
    name: str
    position: int


class MeasurementOut(Schema):
    id: uuid.UUID
    measured_on: dt.date
    value: float
    note: str


class IndicatorOut(Schema):
    id: uuid.UUID
    objective_id: uuid.UUID
    name: str
    unit: str
    baseline: float
    target: float
    latest: float | None
    latest_on: dt.date | None
    progress: float | None = Field(
        description="Share of the way from baseline to target of the latest "
        "measurement, between 0 and 1; null before the first measurement."
    )
    measurements: list[MeasurementOut]


class ObjectiveOut(Schema):
    id: uuid.UUID
    phase_id: uuid.UUID
    position: int
    kind: ObjectiveKind
    text: str
    expectation: str
    status: ObjectiveStatus
    indicators: list[IndicatorOut]


class PhaseOut(Schema):
    id: uuid.UUID
    position: int
    title: str
    stage: Stage
    starts_on: dt.date | None
    ends_on: dt.date | None
    is_current: bool
    objectives: list[ObjectiveOut]


class ProcessSummaryOut(Schema):
    id: uuid.UUID
    organisation: OrganisationRef
    title: str
    track: Track
    stage: Stage
    approach: Approach
    status: ProcessStatus
    role: str = Field(
        description="Your role: org_convener or your seat role (convener, "
        "facilitator, rapporteur, participant, observer, interpreter)."
    )


class ProcessOut(ProcessSummaryOut):
    context: str
    record_rule: RecordRule
    retention_until: dt.date | None
    created_on: dt.date
    can_manage: bool
    sides: list[SideOut]
    phases: list[PhaseOut]


class EcosystemLinkOut(Out):
    WITHHELD = frozenset({"note"})

    id: uuid.UUID
    direction: Literal["outgoing", "incoming"]
    source: str
    relation: Relation
    relation_label: str
    target: str
    target_kind: str
    note: str | None = Field(
        None,
        description="Only on links that this process makes (outgoing); absent otherwise.",
    )


class ExternalProcessOut(Schema):
    id: uuid.UUID
    name: str
    kind: ExternalKind
    description: str


# -- builders


def side_out(side: Side) -> SideOut:
    return SideOut(id=side.pk, name=str(side.name), position=side.position)


def measurement_out(measurement: Measurement) -> MeasurementOut:
    return MeasurementOut(
        id=measurement.pk,
        measured_on=measurement.measured_on,
        value=measurement.value,
        note=str(measurement.note),
    )


def indicator_out(progress: IndicatorProgress) -> IndicatorOut:
    indicator = progress.indicator
    return IndicatorOut(
        id=indicator.pk,
        objective_id=indicator.objective_id,
        name=str(indicator.name),
        unit=str(indicator.unit),
        baseline=indicator.baseline,
        target=indicator.target,
        latest=progress.latest,
        latest_on=progress.latest_on,
        progress=progress.progress,
        measurements=[measurement_out(m) for m in progress.measurements],
    )


def objective_out(
    objective: Objective, indicators: list[IndicatorProgress] | None = None
) -> ObjectiveOut:
    if indicators is None:
        indicators = [indicator_progress(i) for i in objective.indicators.all()]
    return ObjectiveOut(
        id=objective.pk,
        phase_id=objective.phase_id,
        position=objective.position,
        kind=ObjectiveKind(objective.kind),
        text=str(objective.text),
        expectation=str(objective.expectation),
        status=ObjectiveStatus(objective.status),
        indicators=[indicator_out(p) for p in indicators],
    )


def phase_out(plan: PhasePlan) -> PhaseOut:
    phase = plan.phase
    return PhaseOut(
        id=phase.pk,
        position=phase.position,
        title=str(phase.title),
        stage=Stage(phase.stage),
        starts_on=phase.starts_on,
        ends_on=phase.ends_on,
        is_current=plan.is_current,
        objectives=[objective_out(o, i) for o, i in plan.objectives],
    )


def process_summary_out(row: ProcessRow) -> ProcessSummaryOut:
    process = row.process
    return ProcessSummaryOut(
        id=process.pk,
        organisation=OrganisationRef(
            id=process.organisation.pk, name=process.organisation.name
        ),
        title=str(process.title),
        track=Track(process.track),
        stage=Stage(process.stage),
        approach=Approach(process.approach),
        status=ProcessStatus(process.status),
        role=row.role,
    )


def process_out(
    access: ProcessAccess, sides: list[Side], plans: list[PhasePlan]
) -> ProcessOut:
    process = access.process
    return ProcessOut(
        **process_summary_out(ProcessRow(process, access.role)).model_dump(),
        context=str(process.context),
        record_rule=RecordRule(process.record_rule),
        retention_until=process.retention_until,
        created_on=process.created_on,
        can_manage=access.can_manage,
        sides=[side_out(s) for s in sides],
        phases=[phase_out(p) for p in plans],
    )


def ecosystem_link_out(access: ProcessAccess, edge: EcosystemEdge) -> EcosystemLinkOut:
    link = edge.link
    outgoing = link.process_id == access.process.pk
    return EcosystemLinkOut(
        id=link.pk,
        direction="outgoing" if outgoing else "incoming",
        source=edge.source,
        relation=Relation(link.relation),
        relation_label=edge.relation,
        target=edge.target,
        target_kind=edge.target_kind,
        # An incoming link's note belongs to the other process, whose members
        # the reader may not be among: withheld (absent).
        note=str(link.note) if outgoing else None,
    )


def external_process_out(external: ExternalProcess) -> ExternalProcessOut:
    return ExternalProcessOut(
        id=external.pk,
        name=str(external.name),
        kind=ExternalKind(external.kind),
        description=str(external.description),
    )
