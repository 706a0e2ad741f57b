"""HTML pages of the evaluation.

Managers (conveners, facilitators): the overview (trust trends, continuity,
network density, objectives, the RPP 2×2, reminders), rounds, outcomes, the
risk register and the transfer plan. Participants seated on a side: the list
of rounds with the phases' expectation statements, their own answers and
their own contacts. Rapporteurs, observers and interpreters: none of it (403).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backchannel.accounts.http import WebRequest
from backchannel.core.web import (
    GET,
    Form,
    confirm_page,
    form_page,
    form_view,
    html_view,
    name_views,
    posted,
    tab_form,
    tab_page,
)
from backchannel.evaluation import services
from backchannel.evaluation.access import (
    access_outcome_by_id,
    access_risk_by_id,
    access_round_by_id,
    is_respondent,
    require_manage_or_respondent,
)
from backchannel.evaluation.charts import density_chart, trust_chart
from backchannel.evaluation.forms import (
    AnswersForm,
    ConfirmForm,
    ContactsForm,
    OutcomeForm,
    PlacementFields,
    PlanForm,
    RiskForm,
    RoundForm,
)
from backchannel.evaluation.objectives import objective_status, phase_expectations
from backchannel.evaluation.outcomes import outcomes, transfer_refs
from backchannel.evaluation.risks import risk_register
from backchannel.evaluation.rpp import rpp_matrix, transfer_strategy
from backchannel.evaluation.trust import (
    cohort_continuity,
    network_density_trend,
    own_answers,
    own_contacts,
    rounds_for,
    trust_trends,
)
from backchannel.processes.access import (
    ProcessAccess,
    access_in_process,
    access_process_by_id,
)
from backchannel.processes.models import Objective

_page = tab_page(nav="processes", tab="evaluation")


# The evaluation's one-form pages: Cancel goes back to ``then`` unless the
# context names another ``cancel_url``.
_form_page = tab_form("evaluation/form.html", _page, cancel_to_then=True)


def _overview_url(access: ProcessAccess) -> str:
    return reverse("evaluation:overview", args=[access.process.pk])


def _list_url(access: ProcessAccess, what: str) -> str:
    """The list of the process's rounds, outcomes or risks."""
    return reverse(f"evaluation:{what}-list", args=[access.process.pk])


def _entry_edit(
    request: HttpRequest,
    access: ProcessAccess,
    form: Form,
    save: Callable[[], Any],
    delete: Callable[[], Any],
    *,
    what: str,
    saved: str,
    deleted: str,
    heading: str,
) -> HttpResponse:
    """An entry of a register (an outcome, a risk) edited, or deleted with the
    form's Delete button (``delete`` in the POST); back to the register."""
    then = _list_url(access, what)
    if request.method == "POST" and "delete" in request.POST:
        delete()
        messages.success(request, deleted)
        return redirect(then)
    return _form_page(
        request,
        access,
        form,
        save,
        message=saved,
        then=then,
        heading=heading,
        can_delete=True,
    )


# -- overview (managers)


@html_view(access_process_by_id, manage=True, methods=GET)
def overview(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    process = access.process
    trends = trust_trends(process, access=access)
    density = network_density_trend(process, access=access)
    dates = [r.held_on for r in trends.rounds]
    context = _page(
        access,
        trends=trends,
        trust_chart=trust_chart(
            dates,
            [
                (side.name, [m for _, m in trends.series(side.id, "overall")])
                for side in trends.sides
            ],
        ),
        density_chart=density_chart(
            [p.held_on for p in density], [p.density for p in density]
        ),
        continuity=cohort_continuity(process, access=access),
        density=density,
        phases=objective_status(process, access=access),
        rpp=rpp_matrix(process, access=access),
        register=risk_register(process, access=access),
        rounds=rounds_for(access),
    )
    return render(request, "evaluation/overview.html", context)


# -- rounds


@html_view(access_process_by_id, methods=GET)
def round_list(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    require_manage_or_respondent(access)
    context = _page(
        access,
        rounds=rounds_for(access),
        respondent=is_respondent(access),
        expectations=phase_expectations(access.process),
    )
    return render(request, "evaluation/round_list.html", context)


def _round_initial(trust_round: Any) -> dict[str, Any]:
    return {
        "title": trust_round.title,
        "held_on": trust_round.held_on,
        "status": trust_round.status,
        "custom_items": "\n".join(c["text"] for c in trust_round.custom_items or []),
    }


round_create = form_view(
    access_process_by_id,
    manage=True,
    show=_form_page,
    form=lambda data, access: RoundForm(data, initial={"status": "draft"}),
    save=lambda data, access: services.round_create(
        access=access,
        title=data["title"],
        held_on=data["held_on"],
        status=data["status"],
        custom_items=RoundForm.custom_list(data),
    ),
    then=lambda access: _list_url(access, "round"),
    message=gettext_lazy("Round created."),
    page=lambda access: {"heading": _("New trust round")},
)


round_edit = form_view(
    access_round_by_id,
    manage=True,
    show=_form_page,
    form=lambda data, trust_round, access: RoundForm(
        data, initial=_round_initial(trust_round)
    ),
    save=lambda data, trust_round, access: services.round_update(
        access=access,
        trust_round=trust_round,
        changes={k: data[k] for k in ("title", "held_on", "status")},
        custom_items=RoundForm.custom_list(data),
    ),
    then=lambda trust_round, access: _list_url(access, "round"),
    message=gettext_lazy("Round saved."),
    page=lambda trust_round, access: {
        "heading": _("Edit trust round"),
        "subject": trust_round.title,
    },
)


@html_view(access_round_by_id, manage=True)
def round_close(
    request: WebRequest, trust_round: Any, access: ProcessAccess
) -> HttpResponse:
    """Close a round, after a confirmation: it is final."""
    return confirm_page(
        request,
        lambda: services.round_update(
            access=access, trust_round=trust_round, changes={"status": "closed"}
        ),
        then=_list_url(access, "round"),
        message=_("Round closed: its figures are in the results."),
        context=_page(access, trust_round=trust_round),
        template="evaluation/round_close.html",
    )


@html_view(access_round_by_id)
def round_answer(
    request: WebRequest, trust_round: Any, access: ProcessAccess
) -> HttpResponse:
    own = own_answers(access, trust_round)
    form = AnswersForm(posted(request), items=own.items, initial=own.answers)
    return form_page(
        request,
        form,
        lambda: services.answers_record(
            access=access, trust_round=trust_round, answers=form.cleaned_data
        ),
        ready=own.open,
        errors_to=lambda errors: {
            k.removeprefix("answers."): v for k, v in errors.items()
        },
        then=_list_url(access, "round"),
        message=_("Your answers are saved. Only you can see them."),
        template="evaluation/round_answer.html",
        context=_page(access, trust_round=trust_round, own=own),
    )


@html_view(access_round_by_id)
def round_contacts(
    request: WebRequest, trust_round: Any, access: ProcessAccess
) -> HttpResponse:
    own = own_contacts(access, trust_round)
    initial = {f"seat_{k}": v for k, v in own.contacts.items()}
    form = ContactsForm(posted(request), choices=own.choices, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.contacts_record(
            access=access, trust_round=trust_round, contacts=form.contacts()
        ),
        ready=own.open,
        then=_list_url(access, "round"),
        message=_("Your contacts are saved. Only you can see them."),
        template="evaluation/round_contacts.html",
        context=_page(access, trust_round=trust_round, own=own),
    )


# -- objectives in the RPP matrix


objective_place = form_view(
    access_in_process,
    Objective,
    what="objective",
    manage=True,
    show=_form_page,
    form=lambda data, objective, access: PlacementFields(
        data,
        initial={"rpp_reach": objective.rpp_reach, "rpp_level": objective.rpp_level},
    ),
    save=lambda data, objective, access: services.objective_place(
        access=access,
        objective=objective,
        reach=data["rpp_reach"],
        level=data["rpp_level"],
    ),
    then=lambda objective, access: _overview_url(access) + "#rpp",
    message=None,
    page=lambda objective, access: {
        "heading": _("Place the objective in the RPP matrix"),
        "subject": objective.text,
    },
)


# -- outcomes


def _objective_choices(access: ProcessAccess) -> list[tuple[str, str]]:
    return [
        (str(o.pk), str(o.text))
        for o in Objective.objects.filter(process=access.process).order_by(
            "phase__position", "position"
        )
    ]


def _transfer_choices(access: ProcessAccess) -> list[tuple[str, str]]:
    """The process's ledger lines by date and channel: never the recipient
    or the carrier."""
    return [(str(t.id), t.label) for t in transfer_refs(access.process)]


OUTCOME_TEXT = (
    "social_actor",
    "change",
    "observed_on",
    "significance",
    "contribution",
    "evidence",
    "verified_by",
    "rpp_reach",
    "rpp_level",
)


@html_view(access_process_by_id, manage=True, methods=GET)
def outcome_list(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    context = _page(
        access,
        outcomes=outcomes(access.process, access=access),
        rpp=rpp_matrix(access.process, access=access),
    )
    return render(request, "evaluation/outcome_list.html", context)


@html_view(access_process_by_id, manage=True)
def outcome_create(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    form = OutcomeForm(
        posted(request),
        objective_choices=_objective_choices(access),
        transfer_choices=_transfer_choices(access),
    )
    return _form_page(
        request,
        access,
        form,
        lambda: services.outcome_create(
            access=access,
            objectives=form.cleaned_data["objectives"],
            transfers=form.cleaned_data["transfers"],
            **{k: form.cleaned_data[k] for k in OUTCOME_TEXT},
        ),
        message=_("Outcome recorded."),
        then=_list_url(access, "outcome"),
        heading=_("Record an outcome"),
    )


@html_view(access_outcome_by_id)
def outcome_edit(
    request: WebRequest, outcome: Any, access: ProcessAccess
) -> HttpResponse:
    initial: dict[str, Any] = {k: getattr(outcome, k) for k in OUTCOME_TEXT}
    initial["objectives"] = [str(o.pk) for o in outcome.objectives.all()]
    initial["transfers"] = [str(t.pk) for t in outcome.transfers.all()]
    form = OutcomeForm(
        posted(request),
        objective_choices=_objective_choices(access),
        transfer_choices=_transfer_choices(access),
        initial=initial,
    )
    return _entry_edit(
        request,
        access,
        form,
        lambda: services.outcome_update(
            access=access,
            outcome=outcome,
            changes={k: form.cleaned_data[k] for k in OUTCOME_TEXT},
            objectives=form.cleaned_data["objectives"],
            transfers=form.cleaned_data["transfers"],
        ),
        lambda: services.outcome_delete(access=access, outcome=outcome),
        what="outcome",
        saved=_("Outcome saved."),
        deleted=_("Outcome deleted."),
        heading=_("Edit outcome"),
    )


# -- the do-no-harm register


RISK_FIELDS = (
    "kind",
    "description",
    "likelihood",
    "impact",
    "mitigation",
    "owner",
    "review_on",
)


@html_view(access_process_by_id, manage=True)
def risk_list(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    return form_page(
        request,
        ConfirmForm(posted(request)),
        lambda: services.register_mark_reviewed(access=access),
        then=_list_url(access, "risk"),
        message=_("The register is marked reviewed today."),
        template="evaluation/risk_list.html",
        context=lambda: _page(
            access, register=risk_register(access.process, access=access)
        ),
    )


risk_create = form_view(
    access_process_by_id,
    manage=True,
    show=_form_page,
    form=lambda data, access: RiskForm(data),
    save=lambda data, access: services.risk_create(access=access, **data),
    then=lambda access: _list_url(access, "risk"),
    message=gettext_lazy("Risk added to the register."),
    page=lambda access: {"heading": _("Add a risk")},
)


@html_view(access_risk_by_id)
def risk_edit(request: WebRequest, risk: Any, access: ProcessAccess) -> HttpResponse:
    form = RiskForm(posted(request), initial={k: getattr(risk, k) for k in RISK_FIELDS})
    return _entry_edit(
        request,
        access,
        form,
        lambda: services.risk_update(
            access=access, risk=risk, changes=form.cleaned_data
        ),
        lambda: services.risk_delete(access=access, risk=risk),
        what="risk",
        saved=_("Risk saved."),
        deleted=_("Risk deleted."),
        heading=_("Edit risk"),
    )


plan_edit = form_view(
    access_process_by_id,
    manage=True,
    show=_form_page,
    form=lambda data, access: PlanForm(
        data, initial={"transfer_strategy": transfer_strategy(access.process)}
    ),
    save=lambda data, access: services.transfer_strategy_set(
        access=access, text=data["transfer_strategy"]
    ),
    then=lambda access: _overview_url(access) + "#rpp",
    message=gettext_lazy("Transfer plan saved."),
    page=lambda access: {
        "heading": _("Transfer plan"),
        "cancel_url": _overview_url(access),
    },
)


name_views(globals())
