"""HTML pages of the evaluation.

Managers (conveners, facilitators): the overview (trust trends, continuity,
network density, objectives, the RPP 2×2, reminders), rounds, outcomes, the
risk register and the transfer plan. Participants seated on a side: the list
of rounds with the phases' expectation statements, their own answers and
their own contacts. Rapporteurs, observers and interpreters: none of it (403).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backchannel.core.errors import ValidationFailed
from backchannel.core.web import (
    attach_errors,
    posted,
    render_confirm,
    render_form,
    web_errors,
)
from backchannel.evaluation import selectors, services
from backchannel.evaluation.access import (
    access_outcome_by_id,
    access_risk_by_id,
    access_round_by_id,
    is_respondent,
    require_manage_or_respondent,
)
from backchannel.evaluation.charts import trend_chart
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
from backchannel.processes.access import (
    ProcessAccess,
    access_in_process,
    access_process_by_id,
)
from backchannel.processes.models import Objective

GET_POST = require_http_methods(["GET", "POST"])


def _page(access: ProcessAccess, **context: Any) -> dict[str, Any]:
    return {
        "access": access,
        "process": access.process,
        "nav": "processes",
        "tab": "evaluation",
        **context,
    }


def _form_page(
    request: HttpRequest,
    access: ProcessAccess,
    form: Any,
    heading: str,
    cancel: str,
    **extra: Any,
) -> HttpResponse:
    return render_form(
        request,
        "evaluation/form.html",
        _page(access, form=form, heading=heading, cancel_url=cancel, **extra),
    )


def _overview_url(access: ProcessAccess) -> str:
    return reverse("evaluation:overview", args=[access.process.pk])


# -- overview (managers)


@login_required
@require_GET
@web_errors
def overview(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    process = access.process
    trends = selectors.trust_trends(process, access=access)
    density = selectors.network_density_trend(process, access=access)
    dates = [r.held_on for r in trends.rounds]
    context = _page(
        access,
        trends=trends,
        trust_chart=trend_chart(
            dates,
            [
                (side.name, [m for _, m in trends.series(side.id, "overall")])
                for side in trends.sides
            ],
            low=1,
            high=5,
            grid=[1, 2, 3, 4, 5],
        ),
        density_chart=trend_chart(
            [p.held_on for p in density],
            [(_("Cross-side density"), [p.density for p in density])],
            low=0,
            high=max([0.25, *(p.density or 0 for p in density)]),
            grid=[0, 0.1, 0.2],
        ),
        continuity=selectors.cohort_continuity(process, access=access),
        density=density,
        phases=selectors.objective_status(process, access=access),
        rpp=selectors.rpp_matrix(process, access=access),
        register=selectors.risk_register(process, access=access),
        rounds=selectors.rounds_for(access),
    )
    return render(request, "evaluation/overview.html", context)


# -- rounds


@login_required
@require_GET
@web_errors
def round_list(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id)
    require_manage_or_respondent(access)
    context = _page(
        access,
        rounds=selectors.rounds_for(access),
        respondent=is_respondent(access),
        expectations=selectors.phase_expectations(access.process),
    )
    return render(request, "evaluation/round_list.html", context)


@login_required
@GET_POST
@web_errors
def round_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = RoundForm(posted(request), initial={"status": "draft"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.round_create(
                access=access,
                title=data["title"],
                held_on=data["held_on"],
                status=data["status"],
                custom_items=form.custom_list(),
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Round created."))
            return redirect("evaluation:round-list", access.process.pk)
    cancel = reverse("evaluation:round-list", args=[access.process.pk])
    return _form_page(request, access, form, _("New trust round"), cancel)


@login_required
@GET_POST
@web_errors
def round_edit(request: HttpRequest, round_id: Any) -> HttpResponse:
    trust_round, access = access_round_by_id(request.user, round_id, manage=True)
    initial = {
        "title": trust_round.title,
        "held_on": trust_round.held_on,
        "status": trust_round.status,
        "custom_items": "\n".join(c["text"] for c in trust_round.custom_items or []),
    }
    form = RoundForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.round_update(
                access=access,
                trust_round=trust_round,
                changes={k: data[k] for k in ("title", "held_on", "status")},
                custom_items=form.custom_list(),
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Round saved."))
            return redirect("evaluation:round-list", access.process.pk)
    cancel = reverse("evaluation:round-list", args=[access.process.pk])
    return _form_page(
        request, access, form, _("Edit trust round"), cancel, subject=trust_round.title
    )


@login_required
@GET_POST
@web_errors
def round_close(request: HttpRequest, round_id: Any) -> HttpResponse:
    """Close a round, after a confirmation: it is final."""
    trust_round, access = access_round_by_id(request.user, round_id, manage=True)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            services.round_update(
                access=access, trust_round=trust_round, changes={"status": "closed"}
            )
        except ValidationFailed as exc:
            errors = exc.errors
        else:
            messages.success(
                request, _("Round closed: its figures are in the results.")
            )
            return redirect("evaluation:round-list", access.process.pk)
    return render_confirm(
        request,
        _page(access, trust_round=trust_round, errors=errors),
        template="evaluation/round_close.html",
    )


@login_required
@GET_POST
@web_errors
def round_answer(request: HttpRequest, round_id: Any) -> HttpResponse:
    trust_round, access = access_round_by_id(request.user, round_id)
    own = selectors.own_answers(access, trust_round)
    form = AnswersForm(posted(request), items=own.items, initial=own.answers)
    if request.method == "POST" and own.open and form.is_valid():
        try:
            services.answers_record(
                access=access, trust_round=trust_round, answers=form.cleaned_data
            )
        except ValidationFailed as exc:
            attach_errors(
                form, {k.removeprefix("answers."): v for k, v in exc.errors.items()}
            )
        else:
            messages.success(
                request, _("Your answers are saved. Only you can see them.")
            )
            return redirect("evaluation:round-list", access.process.pk)
    return render_form(
        request,
        "evaluation/round_answer.html",
        _page(access, trust_round=trust_round, own=own, form=form),
    )


@login_required
@GET_POST
@web_errors
def round_contacts(request: HttpRequest, round_id: Any) -> HttpResponse:
    trust_round, access = access_round_by_id(request.user, round_id)
    own = selectors.own_contacts(access, trust_round)
    initial = {f"seat_{k}": v for k, v in own.contacts.items()}
    form = ContactsForm(posted(request), choices=own.choices, initial=initial)
    if request.method == "POST" and own.open and form.is_valid():
        try:
            services.contacts_record(
                access=access, trust_round=trust_round, contacts=form.contacts()
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(
                request, _("Your contacts are saved. Only you can see them.")
            )
            return redirect("evaluation:round-list", access.process.pk)
    return render_form(
        request,
        "evaluation/round_contacts.html",
        _page(access, trust_round=trust_round, own=own, form=form),
    )


# -- objectives in the RPP matrix


@login_required
@GET_POST
@web_errors
def objective_place(request: HttpRequest, objective_id: Any) -> HttpResponse:
    objective, access = access_in_process(
        request.user, Objective, objective_id, what="objective", manage=True
    )
    form = PlacementFields(
        posted(request),
        initial={"rpp_reach": objective.rpp_reach, "rpp_level": objective.rpp_level},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_place(
                access=access,
                objective=objective,
                reach=form.cleaned_data["rpp_reach"],
                level=form.cleaned_data["rpp_level"],
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            return redirect(_overview_url(access) + "#rpp")
    return _form_page(
        request,
        access,
        form,
        _("Place the objective in the RPP matrix"),
        _overview_url(access) + "#rpp",
        subject=objective.text,
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
    return [(str(t.id), t.label) for t in selectors.transfer_refs(access.process)]


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


@login_required
@require_GET
@web_errors
def outcome_list(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    context = _page(
        access,
        outcomes=selectors.outcomes(access.process, access=access),
        rpp=selectors.rpp_matrix(access.process, access=access),
    )
    return render(request, "evaluation/outcome_list.html", context)


@login_required
@GET_POST
@web_errors
def outcome_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = OutcomeForm(
        posted(request),
        objective_choices=_objective_choices(access),
        transfer_choices=_transfer_choices(access),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.outcome_create(
                access=access,
                objectives=data["objectives"],
                transfers=data["transfers"],
                **{k: data[k] for k in OUTCOME_TEXT},
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect("evaluation:outcome-list", access.process.pk)
    cancel = reverse("evaluation:outcome-list", args=[access.process.pk])
    return _form_page(request, access, form, _("Record an outcome"), cancel)


@login_required
@GET_POST
@web_errors
def outcome_edit(request: HttpRequest, outcome_id: Any) -> HttpResponse:
    outcome, access = access_outcome_by_id(request.user, outcome_id)
    initial: dict[str, Any] = {k: getattr(outcome, k) for k in OUTCOME_TEXT}
    initial["objectives"] = [str(o.pk) for o in outcome.objectives.all()]
    initial["transfers"] = [str(t.pk) for t in outcome.transfers.all()]
    form = OutcomeForm(
        posted(request),
        objective_choices=_objective_choices(access),
        transfer_choices=_transfer_choices(access),
        initial=initial,
    )
    if request.method == "POST" and "delete" in request.POST:
        services.outcome_delete(access=access, outcome=outcome)
        messages.success(request, _("Outcome deleted."))
        return redirect("evaluation:outcome-list", access.process.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.outcome_update(
                access=access,
                outcome=outcome,
                changes={k: data[k] for k in OUTCOME_TEXT},
                objectives=data["objectives"],
                transfers=data["transfers"],
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Outcome saved."))
            return redirect("evaluation:outcome-list", access.process.pk)
    cancel = reverse("evaluation:outcome-list", args=[access.process.pk])
    return _form_page(request, access, form, _("Edit outcome"), cancel, can_delete=True)


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


@login_required
@GET_POST
@web_errors
def risk_list(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.register_mark_reviewed(access=access)
        messages.success(request, _("The register is marked reviewed today."))
        return redirect("evaluation:risk-list", access.process.pk)
    context = _page(
        access,
        register=selectors.risk_register(access.process, access=access),
        form=form,
    )
    return render(request, "evaluation/risk_list.html", context)


@login_required
@GET_POST
@web_errors
def risk_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = RiskForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_create(access=access, **form.cleaned_data)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Risk added to the register."))
            return redirect("evaluation:risk-list", access.process.pk)
    cancel = reverse("evaluation:risk-list", args=[access.process.pk])
    return _form_page(request, access, form, _("Add a risk"), cancel)


@login_required
@GET_POST
@web_errors
def risk_edit(request: HttpRequest, risk_id: Any) -> HttpResponse:
    risk, access = access_risk_by_id(request.user, risk_id)
    form = RiskForm(posted(request), initial={k: getattr(risk, k) for k in RISK_FIELDS})
    if request.method == "POST" and "delete" in request.POST:
        services.risk_delete(access=access, risk=risk)
        messages.success(request, _("Risk deleted."))
        return redirect("evaluation:risk-list", access.process.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_update(access=access, risk=risk, changes=form.cleaned_data)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Risk saved."))
            return redirect("evaluation:risk-list", access.process.pk)
    cancel = reverse("evaluation:risk-list", args=[access.process.pk])
    return _form_page(request, access, form, _("Edit risk"), cancel, can_delete=True)


@login_required
@GET_POST
@web_errors
def plan_edit(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = PlanForm(
        posted(request),
        initial={"transfer_strategy": selectors.transfer_strategy(access.process)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_strategy_set(
                access=access, text=form.cleaned_data["transfer_strategy"]
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Transfer plan saved."))
            return redirect(_overview_url(access) + "#rpp")
    return _form_page(request, access, form, _("Transfer plan"), _overview_url(access))
