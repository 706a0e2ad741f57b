"""API: processes, sides, phases, objectives, indicators and the ecosystem.

Every operation parses its input (ninja and the schemas), goes through an access
function, then calls a service. Ids in paths are plain strings so that malformed,
unknown and other organisations' ids all answer the same 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from ninja import Router, Status

from backchannel.accounts.http import ApiRequest
from backchannel.accounts.selectors import member_organisation_get
from backchannel.core.errors import ValidationFailed
from backchannel.core.schemas import (
    READ,
    WRITE,
    ErrorOut,
    Id,
    api_fields,
    deletion,
    found,
)
from backchannel.participants.access import access_organisation_for_people
from backchannel.processes import services
from backchannel.processes.access import (
    ProcessAccess,
    access_in_process,
    access_process_by_id,
)
from backchannel.processes.models import (
    EcosystemLink,
    Indicator,
    Objective,
    Phase,
    Side,
)
from backchannel.processes.schemas import (
    EcosystemLinkIn,
    EcosystemLinkOut,
    ExternalProcessIn,
    ExternalProcessOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    MeasurementIn,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePatch,
    PhaseIn,
    PhaseOut,
    PhasePatch,
    ProcessIn,
    ProcessOut,
    ProcessPatch,
    ProcessSummaryOut,
    SideIn,
    SideOut,
    ecosystem_link_out,
    external_process_out,
    indicator_out,
    objective_out,
    phase_out,
    process_out,
    process_summary_out,
    side_out,
)
from backchannel.processes.selectors import (
    ecosystem_for,
    external_process_get,
    external_processes_for,
    in_process_get,
    indicator_progress,
    linkable_processes_for,
    phase_plan_for,
    process_list_for,
    side_list_for,
)

router = Router(tags=["processes"])

M = TypeVar("M", bound=models.Model)


def ref_in_process(
    access: ProcessAccess, model: type[M], object_id: Any, *, field: str, what: str
) -> M | None:
    """The object of the same process named by an id in the request body (None
    stays None)."""
    if object_id is None:
        return None
    return found(
        in_process_get(access, model, object_id),
        field,
        f"No {what} with this id in this process: use the id of one of its "
        f"{what}s (GET /api/processes/{access.process.pk}).",
    )


def managed(
    request: ApiRequest, model: type[M], id: Id, what: str
) -> tuple[M, ProcessAccess]:
    """The object of a process that ``id`` names and the access to that
    process, opened for one of its managers (the door of every write)."""
    return access_in_process(request.auth, model, id, what=what, manage=True)


def _managed(model: type[M]) -> Callable[..., tuple[M, ProcessAccess]]:
    """The door of a deletion: the object of a process, for its managers."""
    what = model._meta.model_name or ""
    return lambda actor, id: access_in_process(actor, model, id, what=what, manage=True)


def _process_out(access: ProcessAccess) -> ProcessOut:
    return process_out(access, side_list_for(access), phase_plan_for(access))


def _phase_out(access: ProcessAccess, phase: Phase) -> PhaseOut:
    plan = next(p for p in phase_plan_for(access) if p.phase.pk == phase.pk)
    return phase_out(plan)


# -- processes


@router.get("/processes", response={200: list[ProcessSummaryOut], 401: ErrorOut})
def process_list(request: ApiRequest) -> list[ProcessSummaryOut]:
    """The processes you can see, with your role in each."""
    return [process_summary_out(row) for row in process_list_for(request.auth)]


@router.post("/processes", response={201: ProcessOut, **WRITE})
def process_create(request: ApiRequest, payload: ProcessIn) -> Status[ProcessOut]:
    """Create a process with its sides. Only the organisation's conveners can."""
    data = payload.model_dump()
    organisation = found(
        member_organisation_get(request.auth, data.pop("organisation_id")),
        "organisation_id",
        "No organisation with this id among yours: use an id from GET /api/me.",
    )
    process = services.process_create(
        actor=request.auth, organisation=organisation, **data
    )
    return Status(201, _process_out(access_process_by_id(request.auth, process.pk)))


@router.get("/processes/{id}", response={200: ProcessOut, **READ})
def process_detail(request: ApiRequest, id: Id) -> ProcessOut:
    """A process with its sides and its plan: phases, objectives, indicators."""
    return _process_out(access_process_by_id(request.auth, id))


@router.patch("/processes/{id}", response={200: ProcessOut, **WRITE})
def process_update(request: ApiRequest, id: Id, payload: ProcessPatch) -> ProcessOut:
    access = access_process_by_id(request.auth, id, manage=True)
    services.process_update(access=access, **payload.model_dump(exclude_unset=True))
    return _process_out(access)


# -- sides


@router.post("/processes/{id}/sides", response={201: SideOut, **WRITE})
def side_create(request: ApiRequest, id: Id, payload: SideIn) -> Status[SideOut]:
    access = access_process_by_id(request.auth, id, manage=True)
    side = services.side_create(access=access, name=payload.name)
    return Status(201, side_out(side))


@router.patch("/sides/{id}", response={200: SideOut, **WRITE})
def side_rename(request: ApiRequest, id: Id, payload: SideIn) -> SideOut:
    side, access = managed(request, Side, id, "side")
    return side_out(services.side_rename(access=access, side=side, name=payload.name))


deletion(router, "/sides/{id}", _managed(Side), services.side_delete)


# -- phases


@router.get("/processes/{id}/phases", response={200: list[PhaseOut], **READ})
def phase_list(request: ApiRequest, id: Id) -> list[PhaseOut]:
    access = access_process_by_id(request.auth, id)
    return [phase_out(plan) for plan in phase_plan_for(access)]


@router.post("/processes/{id}/phases", response={201: PhaseOut, **WRITE})
def phase_create(request: ApiRequest, id: Id, payload: PhaseIn) -> Status[PhaseOut]:
    access = access_process_by_id(request.auth, id, manage=True)
    phase = services.phase_create(access=access, **payload.model_dump())
    return Status(201, _phase_out(access, phase))


@router.get("/phases/{id}", response={200: PhaseOut, **READ})
def phase_detail(request: ApiRequest, id: Id) -> PhaseOut:
    phase, access = access_in_process(request.auth, Phase, id, what="phase")
    return _phase_out(access, phase)


@router.patch("/phases/{id}", response={200: PhaseOut, **WRITE})
def phase_update(request: ApiRequest, id: Id, payload: PhasePatch) -> PhaseOut:
    phase, access = managed(request, Phase, id, "phase")
    services.phase_update(
        access=access, phase=phase, **payload.model_dump(exclude_unset=True)
    )
    return _phase_out(access, phase)


deletion(router, "/phases/{id}", _managed(Phase), services.phase_delete)


# -- objectives


@router.post("/phases/{id}/objectives", response={201: ObjectiveOut, **WRITE})
def objective_create(
    request: ApiRequest, id: Id, payload: ObjectiveIn
) -> Status[ObjectiveOut]:
    phase, access = managed(request, Phase, id, "phase")
    objective = services.objective_create(
        access=access, phase=phase, **payload.model_dump()
    )
    return Status(201, objective_out(objective))


@router.get("/objectives/{id}", response={200: ObjectiveOut, **READ})
def objective_detail(request: ApiRequest, id: Id) -> ObjectiveOut:
    objective, _ = access_in_process(request.auth, Objective, id, what="objective")
    return objective_out(objective)


@router.patch("/objectives/{id}", response={200: ObjectiveOut, **WRITE})
def objective_update(
    request: ApiRequest, id: Id, payload: ObjectivePatch
) -> ObjectiveOut:
    objective, access = managed(request, Objective, id, "objective")
    changes = payload.model_dump(exclude_unset=True)
    if "phase_id" in changes:
        phase_id = changes.pop("phase_id")
        if phase_id is None:
            raise ValidationFailed(
                {"phase_id": ["An objective belongs to a phase: give a phase id."]}
            )
        changes["phase"] = ref_in_process(
            access, Phase, phase_id, field="phase_id", what="phase"
        )
    with api_fields(phase="phase_id"):
        services.objective_update(access=access, objective=objective, **changes)
    return objective_out(objective)


deletion(router, "/objectives/{id}", _managed(Objective), services.objective_delete)


# -- indicators and measurements


@router.post("/objectives/{id}/indicators", response={201: IndicatorOut, **WRITE})
def indicator_create(
    request: ApiRequest, id: Id, payload: IndicatorIn
) -> Status[IndicatorOut]:
    objective, access = managed(request, Objective, id, "objective")
    indicator = services.indicator_create(
        access=access, objective=objective, **payload.model_dump()
    )
    return Status(201, indicator_out(indicator_progress(indicator)))


@router.get("/indicators/{id}", response={200: IndicatorOut, **READ})
def indicator_detail(request: ApiRequest, id: Id) -> IndicatorOut:
    """An indicator with its measurements and the progress towards its target."""
    indicator, _ = access_in_process(request.auth, Indicator, id, what="indicator")
    return indicator_out(indicator_progress(indicator))


@router.patch("/indicators/{id}", response={200: IndicatorOut, **WRITE})
def indicator_update(
    request: ApiRequest, id: Id, payload: IndicatorPatch
) -> IndicatorOut:
    indicator, access = managed(request, Indicator, id, "indicator")
    services.indicator_update(
        access=access, indicator=indicator, **payload.model_dump(exclude_unset=True)
    )
    return indicator_out(indicator_progress(indicator))


deletion(router, "/indicators/{id}", _managed(Indicator), services.indicator_delete)


@router.post("/indicators/{id}/measurements", response={201: IndicatorOut, **WRITE})
def measurement_record(
    request: ApiRequest, id: Id, payload: MeasurementIn
) -> Status[IndicatorOut]:
    """Record a measurement; answers the indicator with its updated progress."""
    indicator, access = managed(request, Indicator, id, "indicator")
    services.measurement_record(
        access=access, indicator=indicator, **payload.model_dump()
    )
    return Status(201, indicator_out(indicator_progress(indicator)))


# -- the ecosystem


@router.get(
    "/processes/{id}/ecosystem",
    response={200: list[EcosystemLinkOut], **READ},
)
def ecosystem(request: ApiRequest, id: Id) -> list[EcosystemLinkOut]:
    """Links from and to this process; processes you cannot see stay unnamed."""
    access = access_process_by_id(request.auth, id)
    return [ecosystem_link_out(access, edge) for edge in ecosystem_for(access)]


@router.post(
    "/processes/{id}/ecosystem-links",
    response={201: EcosystemLinkOut, **WRITE},
)
def ecosystem_link_create(
    request: ApiRequest, id: Id, payload: EcosystemLinkIn
) -> Status[EcosystemLinkOut]:
    access = access_process_by_id(request.auth, id, manage=True)
    target_process = target_external = None
    if payload.target_process_id is not None:
        target_process = found(
            next(
                (
                    p
                    for p in linkable_processes_for(access)
                    if p.pk == payload.target_process_id
                ),
                None,
            ),
            "target_process_id",
            "No other process of this organisation with this id that you can see: "
            "use an id from GET /api/processes.",
        )
    if payload.target_external_id is not None:
        target_external = found(
            external_process_get(
                access.process.organisation_id, payload.target_external_id
            ),
            "target_external_id",
            "No external process of this organisation with this id: use an id "
            "from GET /api/organisations/{id}/external-processes.",
        )
    with api_fields(target_process="target_process_id"):
        link = services.ecosystem_link_create(
            access=access,
            relation=payload.relation,
            target_process=target_process,
            target_external=target_external,
            note=payload.note,
        )
    edge = next(e for e in ecosystem_for(access) if e.link.pk == link.pk)
    return Status(201, ecosystem_link_out(access, edge))


@router.delete("/ecosystem-links/{id}", response={204: None, **WRITE})
def ecosystem_link_delete(request: ApiRequest, id: Id) -> Status[None]:
    link, access = access_in_process(
        request.auth, EcosystemLink, id, what="ecosystem link", manage=True
    )
    services.ecosystem_link_delete(access=access, link=link)
    return Status(204, None)


# -- external processes: the organisation's view of the world around its processes


@router.get(
    "/organisations/{id}/external-processes",
    response={200: list[ExternalProcessOut], **READ},
)
def external_process_list(request: ApiRequest, id: Id) -> list[ExternalProcessOut]:
    # Those who may add external processes (conveners, facilitators) are
    # exactly those who may open the people registry.
    organisation = access_organisation_for_people(request.auth, id)
    externals = [
        external_process_out(e) for e in external_processes_for(organisation.pk)
    ]
    return sorted(externals, key=lambda e: e.name.casefold())


@router.post(
    "/organisations/{id}/external-processes",
    response={201: ExternalProcessOut, **WRITE},
)
def external_process_create(
    request: ApiRequest, id: Id, payload: ExternalProcessIn
) -> Status[ExternalProcessOut]:
    organisation = access_organisation_for_people(request.auth, id)
    external = services.external_process_create(
        actor=request.auth, organisation=organisation, **payload.model_dump()
    )
    return Status(201, external_process_out(external))
