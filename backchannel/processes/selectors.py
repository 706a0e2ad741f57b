"""Reads of processes, scoped to an actor."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backchannel.accounts.models import Membership, Organisation, OrgRole, User
from backchannel.core.errors import NotFound
from backchannel.participants.models import Seat
from backchannel.processes import progress
from backchannel.processes.access import ORG_CONVENER, Operator, ProcessAccess, parse_id
from backchannel.processes.models import (
    DestroyRequest,
    EcosystemLink,
    ExternalProcess,
    Indicator,
    Measurement,
    Objective,
    Phase,
    Process,
    Side,
)

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class ProcessRow:
    process: Process
    role: str


def process_list_for(actor: User | Operator) -> list[ProcessRow]:
    """Processes the actor may see: seated in, or convening for the organisation."""
    if not isinstance(actor, User) or not actor.is_authenticated:
        return []

    convener_orgs = set(
        Membership.objects.filter(user=actor, role=OrgRole.CONVENER).values_list(
            "organisation_id", flat=True
        )
    )
    seat_roles = dict(Seat.objects.held_by(actor).values_list("process_id", "role"))
    processes = (
        Process.objects.filter(
            Q(organisation_id__in=convener_orgs) | Q(pk__in=seat_roles)
        )
        .filter(data_key__destroyed_on__isnull=True)
        .select_related("organisation")
        .order_by("-created_on", "id")
    )
    return [
        ProcessRow(
            p, ORG_CONVENER if p.organisation_id in convener_orgs else seat_roles[p.pk]
        )
        for p in processes
    ]


def organisations_convened_by(actor: User) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            memberships__user=actor, memberships__role=OrgRole.CONVENER
        ).order_by("name")
    )


@dataclass
class IndicatorProgress:
    indicator: Indicator
    latest: float | None
    latest_on: dt.date | None
    # share of the way from baseline to target, 0..1 (backchannel.processes.progress)
    progress: float | None
    measurements: list[Measurement] = field(default_factory=list)


def indicator_progress(indicator: Indicator) -> IndicatorProgress:
    measurements = list(indicator.measurements.all())
    if not measurements:
        return IndicatorProgress(indicator, None, None, None, [])
    last = measurements[-1]
    share = progress.indicator_progress(
        indicator.baseline, indicator.target, last.value
    )
    return IndicatorProgress(
        indicator, last.value, last.measured_on, share, measurements
    )


@dataclass
class PhasePlan:
    phase: Phase
    objectives: list[tuple[Objective, list[IndicatorProgress]]]
    is_current: bool


def phase_plan_for(access: ProcessAccess) -> list[PhasePlan]:
    phases = list(
        Phase.objects.filter(process=access.process)
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
    current = progress.current_phase(phases, timezone.now().date())
    return [
        PhasePlan(
            phase=phase,
            objectives=[
                (o, [indicator_progress(i) for i in o.indicators.all()])
                for o in phase.objectives.all()
            ],
            is_current=phase is current,
        )
        for phase in phases
    ]


@dataclass(frozen=True)
class EcosystemEdge:
    source: str
    relation: str
    target: str
    target_kind: str
    link: EcosystemLink
    # The link's note, written by the source process: empty when the source is a
    # process the actor may not see.
    note: str = ""


def ecosystem_for(access: ProcessAccess) -> list[EcosystemEdge]:
    """Links from and to this process, naming only processes the actor may see."""
    visible = {row.process.pk for row in process_list_for(access.actor)}
    links = EcosystemLink.objects.filter(
        Q(process=access.process) | Q(target_process=access.process)
    ).select_related("process", "target_process", "target_external")
    edges = []
    for link in links:
        source = (
            str(link.process.title)
            if link.process_id in visible
            else _("A process you do not see")
        )
        external, tp = link.target_external, link.target_process
        if external is not None:
            target, kind = str(external.name), str(external.get_kind_display())
        else:
            hidden = _("A process you do not see")
            target = str(tp.title) if tp is not None and tp.pk in visible else hidden
            kind = _("Process in this workspace")
        note = str(link.note) if link.process_id in visible else ""
        edges.append(
            EcosystemEdge(
                source, str(link.get_relation_display()), target, kind, link, note
            )
        )
    return edges


def external_processes_for(organisation_id: uuid.UUID | str) -> list[ExternalProcess]:
    return list(ExternalProcess.objects.filter(organisation_id=organisation_id))


def side_list_for(access: ProcessAccess) -> list[Side]:
    return list(Side.objects.filter(process=access.process).order_by("position"))


def linkable_processes_for(access: ProcessAccess) -> list[Process]:
    """Other processes of the same organisation that the actor may see."""
    return [
        row.process
        for row in process_list_for(access.actor)
        if row.process.organisation_id == access.process.organisation_id
        and row.process.pk != access.process.pk
    ]


def measurement_list_for(indicator: Indicator) -> list[Measurement]:
    return list(indicator.measurements.order_by("-measured_on"))


def in_process_get(access: ProcessAccess, model: type[M], object_id: Any) -> M | None:
    """One object of the accessed process (a side, phase, seat, ...) by id.

    None for unknown, malformed and other processes' ids alike."""
    try:
        oid = parse_id(object_id, "object")
    except NotFound:
        return None
    return model._default_manager.filter(pk=oid, process=access.process).first()


def external_process_get(
    organisation_id: uuid.UUID | str, external_id: Any
) -> ExternalProcess | None:
    try:
        oid = parse_id(external_id, "external process")
    except NotFound:
        return None
    return ExternalProcess.objects.filter(
        pk=oid, organisation_id=organisation_id
    ).first()


def destroy_request_for(access: ProcessAccess) -> DestroyRequest | None:
    return (
        DestroyRequest.objects.filter(process=access.process)
        .select_related("requested_by")
        .first()
    )


@dataclass(frozen=True)
class RetentionNotice:
    until: dt.date  # records kept until this day, included
    destroy_on: dt.date  # the day `process retention` destroys them
    days_left: int


RETENTION_WARNING_DAYS = 30


def retention_destroy_on(until: dt.date) -> dt.date:
    """ "Records kept until D" keeps them through D: destroyed the day after."""
    return until + dt.timedelta(days=1)


def retention_notice_for(access: ProcessAccess) -> RetentionNotice | None:
    """A warning while the process's destruction date is near."""
    until = access.process.retention_until
    if until is None:
        return None
    destroy_on = retention_destroy_on(until)
    days = (destroy_on - timezone.now().date()).days
    if days > RETENTION_WARNING_DAYS:
        return None
    return RetentionNotice(until=until, destroy_on=destroy_on, days_left=max(days, 0))
