"""API: trust rounds (answers and contacts of the caller only), aggregates,
objective status, outcomes, the RPP matrix and the do-no-harm register.

Outputs are the selectors' frozen dataclasses, read attribute by attribute
into the schemas of ``evaluation.schemas``.
"""

from __future__ import annotations

from ninja import Router, Status

from backchannel.accounts.http import ApiRequest
from backchannel.core.schemas import READ, WRITE, Id, api_fields, deletion
from backchannel.evaluation import services
from backchannel.evaluation.access import (
    access_outcome_by_id,
    access_risk_by_id,
    access_round_by_id,
    require_manage_or_respondent,
)
from backchannel.evaluation.models import Outcome, TrustRound
from backchannel.evaluation.objectives import objective_status, phase_expectations
from backchannel.evaluation.outcomes import OutcomeView, outcomes
from backchannel.evaluation.risks import RiskRegister, RiskView, risk_register
from backchannel.evaluation.rpp import RppMatrix, rpp_matrix, transfer_strategy
from backchannel.evaluation.schemas import (
    AnswersIn,
    ContactsIn,
    DensityOut,
    OutcomeIn,
    OutcomeOut,
    OutcomePatch,
    OwnAnswersOut,
    OwnContactsOut,
    PhaseExpectationOut,
    PhaseStatusOut,
    PlacementIn,
    PlacementOut,
    PlanIn,
    PlanOut,
    RiskIn,
    RiskOut,
    RiskPatch,
    RiskRegisterOut,
    RoundIn,
    RoundOut,
    RoundPatch,
    RoundRowOut,
    RppOut,
    TrustOut,
)
from backchannel.evaluation.trust import (
    OwnAnswers,
    OwnContacts,
    cohort_continuity,
    network_density_trend,
    own_answers,
    own_contacts,
    round_items,
    rounds_for,
    trust_trends,
)
from backchannel.processes.access import access_in_process, access_process_by_id
from backchannel.processes.models import Objective

router = Router(tags=["evaluation"])
READ_403 = {**READ, 403: WRITE[403]}


def _round_out(trust_round: TrustRound) -> dict:
    return {
        "id": trust_round.pk,
        "title": str(trust_round.title),
        "held_on": trust_round.held_on,
        "status": trust_round.status,
        "items": round_items(trust_round),
    }


def _outcome_out(access, outcome: Outcome) -> OutcomeView:
    return next(o for o in outcomes(access.process) if o.id == outcome.pk)


# -- aggregates (managers)


@router.get("/processes/{id}/evaluation/trust", response={200: TrustOut, **READ_403})
def trust(request: ApiRequest, id: Id) -> dict:
    """Trust per round, side and item (suppressed under 3), and cohort continuity."""
    access = access_process_by_id(request.auth, id)
    trends = trust_trends(access.process, access=access)
    return {
        "sides": trends.sides,
        "items": trends.items,
        "rounds": trends.rounds,
        "continuity": cohort_continuity(access.process, access=access),
    }


@router.get(
    "/processes/{id}/evaluation/network", response={200: list[DensityOut], **READ_403}
)
def network(request: ApiRequest, id: Id) -> tuple:
    """Cross-side network density per round; never an edge."""
    access = access_process_by_id(request.auth, id)
    return network_density_trend(access.process, access=access)


@router.get(
    "/processes/{id}/evaluation/objectives",
    response={200: list[PhaseStatusOut], **READ_403},
)
def objectives(request: ApiRequest, id: Id) -> tuple:
    """Per phase and objective: indicators over time and a status."""
    access = access_process_by_id(request.auth, id)
    return objective_status(access.process, access=access)


@router.get(
    "/processes/{id}/evaluation/expectations",
    response={200: list[PhaseExpectationOut], **READ_403},
)
def expectations(request: ApiRequest, id: Id) -> tuple:
    """What each phase can and cannot deliver (managers and participants)."""
    access = access_process_by_id(request.auth, id)
    require_manage_or_respondent(access)
    return phase_expectations(access.process)


@router.get("/processes/{id}/evaluation/rpp", response={200: RppOut, **READ_403})
def rpp(request: ApiRequest, id: Id) -> RppMatrix:
    """Objectives and outcomes in the RPP 2×2, with warnings."""
    access = access_process_by_id(request.auth, id)
    return rpp_matrix(access.process, access=access)


@router.put("/objectives/{id}/rpp", response={200: PlacementOut, **WRITE})
def objective_place(request: ApiRequest, id: Id, payload: PlacementIn) -> dict:
    """Place an objective in the RPP matrix."""
    objective, access = access_in_process(
        request.auth, Objective, id, what="objective", manage=True
    )
    services.objective_place(
        access=access,
        objective=objective,
        reach=payload.rpp_reach,
        level=payload.rpp_level,
    )
    return {
        "id": objective.pk,
        "rpp_reach": objective.rpp_reach,
        "rpp_level": objective.rpp_level,
    }


# -- rounds


@router.get("/processes/{id}/rounds", response={200: list[RoundRowOut], **READ_403})
def round_list(request: ApiRequest, id: Id) -> tuple:
    """Managers: every round with its response count (from 3). Participants:
    open and closed rounds, with whether they answered."""
    access = access_process_by_id(request.auth, id)
    return rounds_for(access)


@router.post("/processes/{id}/rounds", response={201: RoundOut, **WRITE})
def round_create(request: ApiRequest, id: Id, payload: RoundIn) -> Status[dict]:
    """Create a trust round (the standard items plus your own)."""
    access = access_process_by_id(request.auth, id, manage=True)
    trust_round = services.round_create(access=access, **payload.model_dump())
    return Status(201, _round_out(trust_round))


@router.patch("/rounds/{id}", response={200: RoundOut, **WRITE})
def round_update(request: ApiRequest, id: Id, payload: RoundPatch) -> dict:
    """Rename, re-date, open or close a round."""
    trust_round, access = access_round_by_id(request.auth, id, manage=True)
    data = payload.model_dump(exclude_unset=True)
    custom = data.pop("custom_items", None)
    services.round_update(
        access=access, trust_round=trust_round, changes=data, custom_items=custom
    )
    return _round_out(trust_round)


@router.get("/rounds/{id}/my-answers", response={200: OwnAnswersOut, **READ_403})
def my_answers(request: ApiRequest, id: Id) -> OwnAnswers:
    """Your own answers, while the round is open (participants)."""
    trust_round, access = access_round_by_id(request.auth, id)
    return own_answers(access, trust_round)


@router.put("/rounds/{id}/my-answers", response={200: OwnAnswersOut, **WRITE})
def my_answers_set(request: ApiRequest, id: Id, payload: AnswersIn) -> OwnAnswers:
    """Give or change your answers to an open round."""
    trust_round, access = access_round_by_id(request.auth, id)
    services.answers_record(
        access=access, trust_round=trust_round, answers=payload.answers
    )
    return own_answers(access, trust_round)


@router.get("/rounds/{id}/my-contacts", response={200: OwnContactsOut, **READ_403})
def my_contacts(request: ApiRequest, id: Id) -> OwnContacts:
    """Your own cross-side contacts, while the round is open, and whom you may name."""
    trust_round, access = access_round_by_id(request.auth, id)
    return own_contacts(access, trust_round)


@router.put("/rounds/{id}/my-contacts", response={200: OwnContactsOut, **WRITE})
def my_contacts_set(request: ApiRequest, id: Id, payload: ContactsIn) -> OwnContacts:
    """Report (replace) your cross-side contacts for an open round."""
    trust_round, access = access_round_by_id(request.auth, id)
    services.contacts_record(
        access=access,
        trust_round=trust_round,
        contacts=[c.model_dump() for c in payload.contacts],
    )
    return own_contacts(access, trust_round)


# -- outcomes


@router.get("/processes/{id}/outcomes", response={200: list[OutcomeOut], **READ_403})
def outcome_list(request: ApiRequest, id: Id) -> tuple:
    """The harvested outcomes."""
    access = access_process_by_id(request.auth, id)
    return outcomes(access.process, access=access)


@router.post("/processes/{id}/outcomes", response={201: OutcomeOut, **WRITE})
def outcome_create(request: ApiRequest, id: Id, payload: OutcomeIn) -> Status:
    """Record an outcome, linked to objectives and transfers of the process."""
    access = access_process_by_id(request.auth, id, manage=True)
    data = payload.model_dump()
    ids = data.pop("objective_ids")
    carried = data.pop("transfer_ids")
    with api_fields(objectives="objective_ids", transfers="transfer_ids"):
        outcome = services.outcome_create(
            access=access, objectives=ids, transfers=carried, **data
        )
    return Status(201, _outcome_out(access, outcome))


@router.patch("/outcomes/{id}", response={200: OutcomeOut, **WRITE})
def outcome_update(request: ApiRequest, id: Id, payload: OutcomePatch) -> OutcomeView:
    outcome, access = access_outcome_by_id(request.auth, id)
    data = payload.model_dump(exclude_unset=True)
    ids = data.pop("objective_ids", None)
    carried = data.pop("transfer_ids", None)
    with api_fields(objectives="objective_ids", transfers="transfer_ids"):
        services.outcome_update(
            access=access,
            outcome=outcome,
            changes=data,
            objectives=ids,
            transfers=carried,
        )
    return _outcome_out(access, outcome)


deletion(router, "/outcomes/{id}", access_outcome_by_id, services.outcome_delete)


# -- the register and the plan


@router.get("/processes/{id}/risks", response={200: RiskRegisterOut, **READ_403})
def risk_list(request: ApiRequest, id: Id) -> RiskRegister:
    """The do-no-harm register with its reminders."""
    access = access_process_by_id(request.auth, id)
    return risk_register(access.process, access=access)


def _risk_out(access, risk_id) -> RiskView:
    return next(r for r in risk_register(access.process).risks if r.id == risk_id)


@router.post("/processes/{id}/risks", response={201: RiskOut, **WRITE})
def risk_create(request: ApiRequest, id: Id, payload: RiskIn) -> Status:
    access = access_process_by_id(request.auth, id, manage=True)
    risk = services.risk_create(access=access, **payload.model_dump())
    return Status(201, _risk_out(access, risk.pk))


@router.patch("/risks/{id}", response={200: RiskOut, **WRITE})
def risk_update(request: ApiRequest, id: Id, payload: RiskPatch) -> RiskView:
    risk, access = access_risk_by_id(request.auth, id)
    services.risk_update(
        access=access, risk=risk, changes=payload.model_dump(exclude_unset=True)
    )
    return _risk_out(access, risk.pk)


deletion(router, "/risks/{id}", access_risk_by_id, services.risk_delete)


@router.get("/processes/{id}/evaluation/plan", response={200: PlanOut, **READ_403})
def plan(request: ApiRequest, id: Id) -> dict:
    """The transfer plan and when the register was last reviewed."""
    access = access_process_by_id(request.auth, id, manage=True)
    register = risk_register(access.process, access=access)
    return {
        "transfer_strategy": transfer_strategy(access.process),
        "register_reviewed_on": register.reviewed_on,
    }


@router.put("/processes/{id}/evaluation/plan", response={200: PlanOut, **WRITE})
def plan_set(request: ApiRequest, id: Id, payload: PlanIn) -> dict:
    """Write the transfer plan; mark the register reviewed today."""
    access = access_process_by_id(request.auth, id, manage=True)
    if payload.transfer_strategy is not None:
        services.transfer_strategy_set(access=access, text=payload.transfer_strategy)
    if payload.register_reviewed:
        services.register_mark_reviewed(access=access)
    return plan(request, id)
