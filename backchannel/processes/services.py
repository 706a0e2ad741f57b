"""Every write to processes, sides, phases, objectives, indicators and the ecosystem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext

from backchannel.accounts.models import Organisation, User
from backchannel.accounts.services import is_org_convener
from backchannel.core.audit import audit_in, audit_process, audit_record
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.services import data_key_create, data_key_destroy
from backchannel.core.services_util import apply_changes
from backchannel.core.validation import clean, require
from backchannel.participants.models import Seat
from backchannel.processes.access import MANAGERS, Operator, ProcessAccess, process_role
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

PROCESS_FIELDS = {
    "title",
    "context",
    "track",
    "stage",
    "approach",
    "status",
    "record_rule",
    "retention_until",
    "ground_rules",
}
PHASE_FIELDS = {"title", "stage", "starts_on", "ends_on", "position"}
OBJECTIVE_FIELDS = {"kind", "text", "expectation", "status", "position", "phase"}
INDICATOR_FIELDS = {"name", "unit", "baseline", "target"}


def _check_side_names(names: list[str]) -> list[str]:
    cleaned = [n.strip() for n in names if n and n.strip()]
    require(
        len(cleaned) >= 2, "sides", gettext("A process needs at least two named sides.")
    )
    lowered = [n.casefold() for n in cleaned]
    require(
        len(set(lowered)) == len(lowered),
        "sides",
        gettext("Each side needs a different name."),
    )
    for name in cleaned:
        require(
            len(name) <= 120,
            "sides",
            gettext("Side name %(value)r… is over 120 characters.")
            % {"value": name[:20]},
        )
    return cleaned


@transaction.atomic
def process_create(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    track: str,
    stage: str,
    approach: str,
    sides: list[str],
    context: str = "",
    status: str = "planning",
    record_rule: str = "chatham_house",
    retention_until: dt.date | None = None,
    ground_rules: str = "",
    system: bool = False,
) -> Process:
    """Create a process with its sides. Only the organisation's conveners may.

    ``system=True`` is for the demo loader and import run by an operator at the
    command line, which passes no user.
    """
    if not system and (actor is None or not is_org_convener(actor, organisation.pk)):
        raise PermissionDenied(
            gettext(
                "Only the organisation's conveners can create a process: ask one to do it or to make you a convener."
            )
        )
    side_names = _check_side_names(sides)
    process = Process(
        organisation=organisation,
        title=title.strip(),
        context=context,
        track=track,
        stage=stage,
        approach=approach,
        status=status,
        record_rule=record_rule,
        retention_until=retention_until,
        ground_rules=(ground_rules or "").strip() or None,
    )
    process.data_key = data_key_create()
    clean(process, exclude=["data_key"])
    process.save()
    for position, name in enumerate(side_names):
        side = Side(process=process, name=name, position=position)
        clean(side, exclude=["data_key"])
        side.save()
    audit_process(actor, process, "process.create", process)
    return process


@transaction.atomic
def process_update(*, access: ProcessAccess, **changes: Any) -> Process:
    access.require_manage()
    process = access.process
    apply_changes(process, changes, allowed=PROCESS_FIELDS)
    audit_in(access, "process.update", process)
    return process


@transaction.atomic
def side_create(*, access: ProcessAccess, name: str) -> Side:
    access.require_manage()
    existing = [str(s.name).casefold() for s in access.process.sides.all()]
    require(
        name.strip().casefold() not in existing,
        "name",
        gettext("Another side has this name."),
    )
    position = (access.process.sides.aggregate(m=Max("position"))["m"] or 0) + 1
    side = Side(process=access.process, name=name.strip(), position=position)
    clean(side, exclude=["data_key"])
    side.save()
    audit_in(access, "side.create", side)
    return side


@transaction.atomic
def side_rename(*, access: ProcessAccess, side: Side, name: str) -> Side:
    access.require_manage()
    others = [str(s.name).casefold() for s in access.process.sides.exclude(pk=side.pk)]
    require(
        name.strip().casefold() not in others,
        "name",
        gettext("Another side has this name."),
    )
    apply_changes(side, {"name": name.strip()}, allowed={"name"})
    audit_in(access, "side.rename", side)
    return side


@transaction.atomic
def side_delete(*, access: ProcessAccess, side: Side) -> None:
    access.require_manage()
    require(
        access.process.sides.count() > 2,
        "side",
        gettext(
            "A process keeps at least two sides: add another before removing this one."
        ),
    )
    require(
        not side.seats.exists(),
        "side",
        gettext(
            "People are seated on this side: move their seats to another side first."
        ),
    )
    audit_in(access, "side.delete", side)
    side.delete()


def _check_phase_dates(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    # The model's constraint says the same, but on no field: name the field here.
    require(
        starts_on is None or ends_on is None or ends_on >= starts_on,
        "ends_on",
        gettext(
            "A phase cannot end before it starts: choose an end date on or after the start date."
        ),
    )


@transaction.atomic
def phase_create(
    *,
    access: ProcessAccess,
    title: str,
    stage: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    position: int | None = None,
) -> Phase:
    access.require_manage()
    _check_phase_dates(starts_on, ends_on)
    if position is None:
        position = (access.process.phases.aggregate(m=Max("position"))["m"] or 0) + 1
    phase = Phase(
        process=access.process,
        title=title.strip(),
        stage=stage,
        starts_on=starts_on,
        ends_on=ends_on,
        position=position,
    )
    clean(phase, exclude=["data_key"])
    phase.save()
    audit_in(access, "phase.create", phase)
    return phase


@transaction.atomic
def phase_update(*, access: ProcessAccess, phase: Phase, **changes: Any) -> Phase:
    access.require_manage()
    _check_phase_dates(
        changes.get("starts_on", phase.starts_on), changes.get("ends_on", phase.ends_on)
    )
    apply_changes(phase, changes, allowed=PHASE_FIELDS)
    audit_in(access, "phase.update", phase)
    return phase


@transaction.atomic
def phase_delete(*, access: ProcessAccess, phase: Phase) -> None:
    access.require_manage()
    audit_in(access, "phase.delete", phase)
    phase.delete()


@transaction.atomic
def objective_create(
    *,
    access: ProcessAccess,
    phase: Phase,
    kind: str,
    text: str,
    expectation: str = "",
    status: str = "not_started",
) -> Objective:
    access.require_manage()
    if phase.process_id != access.process.pk:
        raise NotFound("phase")
    position = (phase.objectives.aggregate(m=Max("position"))["m"] or 0) + 1
    objective = Objective(
        process=access.process,
        phase=phase,
        kind=kind,
        text=text.strip(),
        expectation=expectation.strip(),
        status=status,
        position=position,
    )
    clean(objective, exclude=["data_key"])
    objective.save()
    audit_in(access, "objective.create", objective)
    return objective


@transaction.atomic
def objective_update(
    *, access: ProcessAccess, objective: Objective, **changes: Any
) -> Objective:
    access.require_manage()
    phase = changes.get("phase")
    if phase is not None and phase.process_id != access.process.pk:
        raise NotFound("phase")
    apply_changes(objective, changes, allowed=OBJECTIVE_FIELDS)
    audit_in(access, "objective.update", objective)
    return objective


@transaction.atomic
def objective_delete(*, access: ProcessAccess, objective: Objective) -> None:
    access.require_manage()
    audit_in(access, "objective.delete", objective)
    objective.delete()


@transaction.atomic
def indicator_create(
    *,
    access: ProcessAccess,
    objective: Objective,
    name: str,
    baseline: float,
    target: float,
    unit: str = "",
) -> Indicator:
    access.require_manage()
    if objective.process_id != access.process.pk:
        raise NotFound("objective")
    require(
        baseline != target,
        "target",
        gettext("The target must differ from the baseline."),
    )
    indicator = Indicator(
        process=access.process,
        objective=objective,
        name=name.strip(),
        unit=unit.strip(),
        baseline=baseline,
        target=target,
    )
    clean(indicator, exclude=["data_key"])
    indicator.save()
    audit_in(access, "indicator.create", indicator)
    return indicator


@transaction.atomic
def indicator_update(
    *, access: ProcessAccess, indicator: Indicator, **changes: Any
) -> Indicator:
    access.require_manage()
    baseline = changes.get("baseline", indicator.baseline)
    target = changes.get("target", indicator.target)
    require(
        baseline != target,
        "target",
        gettext("The target must differ from the baseline."),
    )
    apply_changes(indicator, changes, allowed=INDICATOR_FIELDS)
    audit_in(access, "indicator.update", indicator)
    return indicator


@transaction.atomic
def indicator_delete(*, access: ProcessAccess, indicator: Indicator) -> None:
    access.require_manage()
    audit_in(access, "indicator.delete", indicator)
    indicator.delete()


@transaction.atomic
def measurement_record(
    *,
    access: ProcessAccess,
    indicator: Indicator,
    measured_on: dt.date,
    value: float,
    note: str = "",
) -> Measurement:
    access.require_manage()
    if indicator.process_id != access.process.pk:
        raise NotFound("indicator")
    measurement = Measurement(
        process=access.process,
        indicator=indicator,
        measured_on=measured_on,
        value=value,
        note=note.strip(),
    )
    clean(measurement, exclude=["data_key"])
    measurement.save()
    audit_in(access, "measurement.record", measurement)
    return measurement


@transaction.atomic
def objective_plan_create(
    *,
    access: ProcessAccess,
    phase: Phase,
    indicators: Iterable[Mapping[str, Any]] = (),
    **objective: Any,
) -> Objective:
    """An objective with its success indicators, each with its measurements
    (``{"name": …, "baseline": …, "target": …, "measurements": [{…}, …]}``),
    written through ``objective_create``, ``indicator_create`` and
    ``measurement_record``: how a process import, the demo and the test world
    write a plan."""
    made = objective_create(access=access, phase=phase, **objective)
    for fields in indicators:
        fields = dict(fields)
        measurements = fields.pop("measurements", ())
        indicator = indicator_create(access=access, objective=made, **fields)
        for measurement in measurements:
            measurement_record(access=access, indicator=indicator, **measurement)
    return made


@transaction.atomic
def external_process_create(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    kind: str,
    description: str = "",
    system: bool = False,
) -> ExternalProcess:
    if not system and (actor is None or not _manages_in(actor, organisation)):
        raise PermissionDenied(
            gettext("Only conveners and facilitators can add external processes.")
        )
    external = ExternalProcess(
        organisation=organisation, name=name.strip(), kind=kind, description=description
    )
    clean(external, exclude=["data_key"])
    external.save()
    audit_record(
        actor=actor,
        verb="external_process.create",
        target=external,
        organisation_id=organisation.pk,
    )
    return external


def _manages_in(actor: User, organisation: Organisation) -> bool:

    return (
        is_org_convener(actor, organisation.pk)
        or Seat.objects.held_by(actor)
        .filter(
            process__organisation=organisation,
            role__in=["convener", "facilitator"],
        )
        .exists()
    )


@transaction.atomic
def ecosystem_link_create(
    *,
    access: ProcessAccess,
    relation: str,
    target_process: Process | None = None,
    target_external: ExternalProcess | None = None,
    note: str = "",
) -> EcosystemLink:
    access.require_manage()
    org_id = access.process.organisation_id
    if target_process is not None:
        if target_process.organisation_id != org_id:
            raise NotFound("process")
        require(
            target_process.pk != access.process.pk,
            "target_process",
            gettext("A process cannot link to itself."),
        )
    if target_external is not None and target_external.organisation_id != org_id:
        raise NotFound("external process")
    if (target_process is None) == (target_external is None):
        raise ValidationFailed(
            {
                "target": [
                    gettext(
                        "Choose exactly one: a process of this organisation or an external process."
                    )
                ]
            }
        )
    link = EcosystemLink(
        process=access.process,
        relation=relation,
        target_process=target_process,
        target_external=target_external,
        note=note,
    )
    clean(link, exclude=["data_key"])
    link.save()
    audit_in(access, "ecosystem_link.create", link)
    return link


@transaction.atomic
def ecosystem_link_delete(*, access: ProcessAccess, link: EcosystemLink) -> None:
    access.require_manage()
    audit_in(access, "ecosystem_link.delete", link)
    link.delete()


@transaction.atomic
def _process_destroy_rows(*, process: Process, actor: User | Operator) -> None:

    audit_process(actor, process, "process.destroy", process)
    key = process.data_key
    # The key first, in the key store and its backups, outside this transaction:
    # if deleting the rows fails, they stay unreadable (fail toward
    # confidentiality) and `process destroy` can be run again.
    data_key_destroy(key=key)
    # Seats protect their side; remove them first so the cascade can run.
    Seat.objects.filter(process=process).delete()
    process.delete()


def process_destroy(*, process: Process, actor: User | Operator) -> None:
    """Crypto-shred a process.

    1. The audit log records the destruction (ids only).
    2. The process's rows are deleted and its data key is overwritten, in one
       transaction: any copy of the ciphertext (a backup, a WAL frame, a
       PostgreSQL dead tuple) is unreadable even with the master key.
    3. On SQLite, ``secure_delete`` has zeroed the freed pages and the WAL is
       checkpointed and truncated, so the file keeps no trace.
    People stay in the organisation's registry: they may sit in other processes.
    """

    def checkpoint() -> None:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    _process_destroy_rows(process=process, actor=actor)
    transaction.on_commit(checkpoint)


@transaction.atomic
def process_destroy_request(*, access: ProcessAccess) -> DestroyRequest:
    """First of two keys: a convener or facilitator asks for destruction."""
    access.require_manage()
    existing = DestroyRequest.objects.filter(process=access.process).first()
    if existing is not None:
        return existing
    request = DestroyRequest(process=access.process, requested_by=access.login)
    request.save()
    audit_in(access, "process.destroy_request", access.process)
    return request


@transaction.atomic
def process_destroy_cancel(*, access: ProcessAccess) -> None:
    access.require_manage()
    deleted, _ = DestroyRequest.objects.filter(process=access.process).delete()
    if deleted:
        audit_in(access, "process.destroy_cancel", access.process)


def process_destroy_confirm(*, access: ProcessAccess) -> None:
    """Second key: a *different* manager confirms, and the process is shredded."""

    access.require_manage()
    request = DestroyRequest.objects.filter(process=access.process).first()
    if request is None:
        raise ValidationFailed(
            {
                "__all__": [
                    gettext(
                        "Nobody has asked to destroy this process: request it first."
                    )
                ]
            }
        )
    if request.requested_by_id == access.actor.pk:
        raise PermissionDenied(
            gettext(
                "Destroying a process needs a second convener or facilitator: another manager must confirm your request."
            )
        )
    from backchannel.participants.twokeys import require_second_key

    require_second_key(access, request.requested_by)
    requester_role = process_role(request.requested_by, access.process)
    if requester_role is None or requester_role[0] not in MANAGERS:
        DestroyRequest.objects.filter(pk=request.pk).delete()
        raise ValidationFailed(
            {
                "__all__": [
                    gettext(
                        "The request came from someone who no longer manages this process; it was withdrawn."
                    )
                ]
            }
        )
    process_destroy(process=access.process, actor=access.actor)
