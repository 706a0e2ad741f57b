"""API schemas of the evaluation. Outputs mirror the frozen dataclasses of
the evaluation's reads (``trust``, ``objectives``, ...) field by field: aggregates only, never an answer or
a contact of anyone but the caller."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema

from backchannel.core.schemas import In

RoundStatusName = Literal["draft", "open", "closed"]
FrequencyName = Literal["once", "few", "often"]
Reach = Literal["", "more_people", "key_people"]
Level = Literal["", "individual", "socio_political"]
RiskKindName = Literal["safety", "leak", "divider", "connector"]
StatusName = Literal["no_data", "achieved", "on_track", "at_risk"]


# -- trust


class SideRefOut(Schema):
    id: uuid.UUID
    name: str


class ItemOut(Schema):
    key: str
    text: str
    standard: bool


class CellOut(Schema):
    mean: float | None = Field(description="Mean on 1..5; null when suppressed.")
    n: int | None = Field(description="Answers counted; null when suppressed.")
    suppressed: bool = Field(description="Fewer than 3 answers: nothing shown.")


class SideTrustOut(Schema):
    side: SideRefOut
    respondents: int | None
    suppressed: bool
    items: dict[str, CellOut]
    overall: CellOut


class RoundTrustOut(Schema):
    round_id: uuid.UUID
    title: str
    held_on: dt.date
    status: str
    items: list[ItemOut]
    sides: list[SideTrustOut]
    overall: CellOut


class ContinuityCellOut(Schema):
    side: SideRefOut
    previous: int | None
    returned: int | None
    share: float | None
    suppressed: bool


class RoundContinuityOut(Schema):
    round_id: uuid.UUID
    title: str
    held_on: dt.date
    first: bool
    sides: list[ContinuityCellOut]


class TrustOut(Schema):
    sides: list[SideRefOut]
    items: list[ItemOut]
    rounds: list[RoundTrustOut]
    continuity: list[RoundContinuityOut]


class DensityOut(Schema):
    round_id: uuid.UUID
    title: str
    held_on: dt.date
    reporters: int
    participants: int
    density: float | None = Field(description="Null when suppressed.")
    suppressed: bool


# -- objectives


class MeasurementPointOut(Schema):
    measured_on: dt.date
    value: float


class IndicatorStatusOut(Schema):
    indicator_id: uuid.UUID
    name: str
    unit: str
    baseline: float
    target: float
    measurements: list[MeasurementPointOut]
    latest: float | None
    progress: float | None
    status: StatusName


class ObjectiveStatusOut(Schema):
    objective_id: uuid.UUID
    text: str
    kind: str
    expectation: str
    rpp_reach: str
    rpp_level: str
    indicators: list[IndicatorStatusOut]
    status: StatusName


class PhaseStatusOut(Schema):
    phase_id: uuid.UUID
    title: str
    position: int
    starts_on: dt.date | None
    ends_on: dt.date | None
    is_current: bool
    objectives: list[ObjectiveStatusOut]


class PhaseExpectationOut(Schema):
    phase_id: uuid.UUID
    title: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    expectations: list[str]


class PlacementIn(In):
    rpp_reach: Reach = Field(description="Whom it reaches; blank both to unplace.")
    rpp_level: Level


class PlacementOut(Schema):
    id: uuid.UUID
    rpp_reach: str
    rpp_level: str


# -- rounds


class RoundIn(In):
    title: str
    held_on: dt.date
    status: RoundStatusName = "draft"
    custom_items: list[str] = Field(
        default_factory=list, description="Statements of your own (1..5 scale)."
    )


class RoundPatch(In):
    title: str | None = None
    held_on: dt.date | None = None
    status: RoundStatusName | None = None
    custom_items: list[str] | None = Field(
        None, description="Only while nobody has answered."
    )


class RoundOut(Schema):
    id: uuid.UUID
    title: str
    held_on: dt.date
    status: str
    items: list[ItemOut]


class RoundRowOut(Schema):
    id: uuid.UUID
    title: str
    held_on: dt.date
    status: str
    responses: int | None = Field(
        description="Managers only, closed rounds only, from 3."
    )
    answered: bool = Field(description="You answered it (participants).")
    reported: bool = Field(description="You reported contacts (participants).")


class AnswersIn(In):
    answers: dict[str, int] = Field(description="Item key → 1..5; omit to skip.")


class OwnAnswersOut(Schema):
    open: bool
    items: list[ItemOut]
    answers: dict[str, int] = Field(description="Yours; empty once closed.")


class ContactIn(In):
    seat: uuid.UUID = Field(description="A participant seated on another side.")
    frequency: FrequencyName


class ContactsIn(In):
    contacts: list[ContactIn]


class ContactChoiceOut(Schema):
    seat_id: uuid.UUID
    name: str
    side: str


class OwnContactsOut(Schema):
    open: bool
    choices: list[ContactChoiceOut]
    contacts: dict[str, str]
    reported: bool


# -- outcomes, RPP


class ObjectiveRefOut(Schema):
    id: uuid.UUID
    text: str


class TransferRefOut(Schema):
    id: uuid.UUID
    transferred_on: dt.date
    channel: str
    classification: str


class OutcomeIn(In):
    social_actor: str
    change: str
    observed_on: dt.date
    significance: str = ""
    contribution: str = ""
    evidence: str = ""
    verified_by: str = ""
    objective_ids: list[uuid.UUID] = Field(default_factory=list)
    transfer_ids: list[uuid.UUID] = Field(default_factory=list)
    rpp_reach: Reach = ""
    rpp_level: Level = ""


class OutcomePatch(In):
    social_actor: str | None = None
    change: str | None = None
    observed_on: dt.date | None = None
    significance: str | None = None
    contribution: str | None = None
    evidence: str | None = None
    verified_by: str | None = None
    objective_ids: list[uuid.UUID] | None = None
    transfer_ids: list[uuid.UUID] | None = None
    rpp_reach: Reach | None = None
    rpp_level: Level | None = None


class OutcomeOut(Schema):
    id: uuid.UUID
    social_actor: str
    change: str
    observed_on: dt.date
    significance: str
    contribution: str
    evidence: str
    verified_by: str
    objectives: list[ObjectiveRefOut]
    transfers: list[TransferRefOut]
    rpp_reach: str
    rpp_level: str


class RppEntryOut(Schema):
    kind: Literal["objective", "outcome"]
    id: uuid.UUID
    text: str


class RppCellOut(Schema):
    reach: str
    level: str
    reach_label: str
    level_label: str
    entries: list[RppEntryOut]


class RppOut(Schema):
    cells: list[RppCellOut]
    unplaced: list[RppEntryOut]
    has_transfer_plan: bool
    warnings: list[str]


# -- the register


class RiskIn(In):
    kind: RiskKindName
    description: str
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    mitigation: str = ""
    owner: str = ""
    review_on: dt.date


class RiskPatch(In):
    kind: RiskKindName | None = None
    description: str | None = None
    likelihood: int | None = Field(None, ge=1, le=5)
    impact: int | None = Field(None, ge=1, le=5)
    mitigation: str | None = None
    owner: str | None = None
    review_on: dt.date | None = None


class RiskOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    description: str
    likelihood: int
    impact: int
    score: int
    mitigation: str
    owner: str
    review_on: dt.date
    overdue: bool
    due_this_phase: bool


class ReminderOut(Schema):
    kind: Literal["overdue", "due_this_phase", "phase_started"]
    message: str
    risk_id: uuid.UUID | None


class RiskRegisterOut(Schema):
    risks: list[RiskOut]
    current_phase: str | None
    reviewed_on: dt.date | None
    reminders: list[ReminderOut]


class PlanIn(In):
    transfer_strategy: str | None = Field(None, description="How results transfer.")
    register_reviewed: bool = Field(
        False, description="Mark the do-no-harm register reviewed today."
    )


class PlanOut(Schema):
    transfer_strategy: str
    register_reviewed_on: dt.date | None
