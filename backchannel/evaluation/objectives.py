"""Reads of the objectives: per phase, per objective, its indicators'
measurements against baseline and target, and a status; and what each phase
can deliver. The rules (progress, status, current phase) are
``backchannel.processes.progress``'s, shared with the dashboard.

Every function takes the process and, from the web, the API or the CLI, the
actor's ``access``: when it is given, the actor must manage the process
(participants, rapporteurs, observers and interpreters get
``PermissionDenied``, see ``access.check_manage``); ``access=None`` is for
trusted callers (the process report, the CLI run by the operator). Every
return value is a frozen dataclass holding only aggregates."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from backchannel.evaluation.access import check_manage
from backchannel.processes import progress
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import (
    Indicator,
    Measurement,
    Objective,
    Phase,
    Process,
)


@dataclass(frozen=True)
class MeasurementPoint:
    measured_on: dt.date
    value: float


@dataclass(frozen=True)
class IndicatorStatus:
    indicator_id: uuid.UUID
    name: str
    unit: str
    baseline: float
    target: float
    measurements: tuple[MeasurementPoint, ...]  # oldest first
    latest: float | None
    progress: float | None  # share of the way to the target, 0..1
    status: str  # no_data | achieved | on_track | at_risk

    @property
    def status_label(self) -> str:
        return progress.status_label(self.status)


@dataclass(frozen=True)
class ObjectiveStatusView:
    objective_id: uuid.UUID
    text: str
    kind: str
    expectation: str
    rpp_reach: str
    rpp_level: str
    indicators: tuple[IndicatorStatus, ...]
    status: str

    @property
    def status_label(self) -> str:
        return progress.status_label(self.status)


@dataclass(frozen=True)
class PhaseStatus:
    phase_id: uuid.UUID
    title: str
    position: int
    starts_on: dt.date | None
    ends_on: dt.date | None
    is_current: bool
    objectives: tuple[ObjectiveStatusView, ...]


def indicator_status(indicator: Indicator, elapsed: float) -> IndicatorStatus:
    """One indicator read by ``progress.indicator_reading``."""
    points = tuple(
        MeasurementPoint(m.measured_on, m.value) for m in indicator.measurements.all()
    )
    latest = points[-1].value if points else None
    reading = progress.indicator_reading(
        indicator.baseline, indicator.target, latest, elapsed
    )
    return IndicatorStatus(
        indicator.pk,
        str(indicator.name),
        str(indicator.unit),
        indicator.baseline,
        indicator.target,
        points,
        latest,
        reading.progress,
        reading.status,
    )


def objective_status(
    process: Process,
    *,
    access: ProcessAccess | None = None,
    today: dt.date | None = None,
) -> tuple[PhaseStatus, ...]:
    """Per phase, per objective: its indicators' measurements over time
    against baseline and target, and a status (see the module docstring)."""
    check_manage(process, access)
    day = today or timezone.now().date()
    phases = list(
        Phase.objects.filter(process=process)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "objectives",
                queryset=Objective.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "indicators",
                        queryset=Indicator.objects.prefetch_related(
                            Prefetch(
                                "measurements",
                                queryset=Measurement.objects.order_by("measured_on"),
                            )
                        ),
                    )
                ),
            )
        )
    )
    current = progress.current_phase(phases, day)
    out = []
    for phase in phases:
        elapsed = progress.phase_elapsed(phase, day)
        objectives = []
        for o in phase.objectives.all():
            indicators = tuple(indicator_status(i, elapsed) for i in o.indicators.all())
            objectives.append(
                ObjectiveStatusView(
                    o.pk,
                    str(o.text),
                    o.kind,
                    str(o.expectation),
                    o.rpp_reach,
                    o.rpp_level,
                    indicators,
                    progress.objective_rollup([i.status for i in indicators]),
                )
            )
        out.append(
            PhaseStatus(
                phase.pk,
                str(phase.title),
                phase.position,
                phase.starts_on,
                phase.ends_on,
                phase is current,
                tuple(objectives),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class PhaseExpectation:
    phase_id: uuid.UUID
    title: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    expectations: tuple[str, ...]  # one per objective that has a statement


def phase_expectations(process: Process) -> tuple[PhaseExpectation, ...]:
    """What each phase can and cannot deliver: shown to everyone seated,
    participants included (no indicator, no status)."""
    out = []
    for phase in (
        Phase.objects.filter(process=process)
        .order_by("position")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("position"))
        )
    ):
        texts = tuple(
            str(o.expectation) for o in phase.objectives.all() if str(o.expectation)
        )
        out.append(
            PhaseExpectation(
                phase.pk, str(phase.title), phase.starts_on, phase.ends_on, texts
            )
        )
    return tuple(out)
