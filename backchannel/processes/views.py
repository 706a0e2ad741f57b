"""HTML pages of processes: list, dashboard, and editing of everything in them.

Each view parses its input, opens the object through an ``access_*`` door and
hands the write to a service (STYLE.md §3).
"""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.core.web import (
    attach_errors,
    pick,
    posted,
    render_confirm,
    render_form,
    web_errors,
)
from backchannel.processes import services
from backchannel.processes.access import (
    ProcessAccess,
    access_in_process,
    access_process_by_id,
)
from backchannel.processes.forms import (
    EcosystemLinkForm,
    ExternalProcessForm,
    IndicatorForm,
    MeasurementForm,
    ObjectiveEditForm,
    ObjectiveForm,
    PhaseForm,
    ProcessCreateForm,
    ProcessEditForm,
    SideForm,
)
from backchannel.processes.models import (
    EcosystemLink,
    Indicator,
    Objective,
    Phase,
    Side,
)
from backchannel.processes.selectors import (
    destroy_request_for,
    ecosystem_for,
    external_processes_for,
    linkable_processes_for,
    measurement_list_for,
    organisations_convened_by,
    process_list_for,
    side_list_for,
)

GET_POST = require_http_methods(["GET", "POST"])


def _page(access: ProcessAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "process": access.process, **extra}


def _detail_url(access: ProcessAccess, anchor: str = "") -> str:
    url = reverse("processes:process-detail", args=[access.process.pk])
    return f"{url}#{anchor}" if anchor else url


def _confirm_delete(
    request: HttpRequest,
    access: ProcessAccess,
    *,
    question: str,
    name: str,
    cancel_url: str,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    context = _page(
        access, question=question, name=name, cancel_url=cancel_url, errors=errors
    )
    return render_confirm(request, context)


# -- list and home


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return redirect("processes:process-list")


@login_required
@require_GET
def process_list(request: HttpRequest) -> HttpResponse:
    rows = process_list_for(request.user)
    can_create = bool(organisations_convened_by(request.user))
    return render(
        request,
        "processes/process_list.html",
        {"rows": rows, "can_create": can_create, "nav": "processes"},
    )


# -- process


@login_required
@GET_POST
@web_errors
def process_create(request: HttpRequest) -> HttpResponse:
    organisations = organisations_convened_by(request.user)
    if not organisations:
        raise PermissionDenied(
            gettext(
                "Only an organisation's conveners can create a process: ask one of them to create it, or to make you a convener."
            )
        )
    form = ProcessCreateForm(
        posted(request),
        organisations=organisations,
        initial={"status": "planning", "record_rule": "chatham_house"},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = pick(organisations, data.pop("organisation"))
        try:
            process = services.process_create(
                actor=request.user, organisation=organisation, **data
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, gettext("Process created."))
            return redirect("processes:process-detail", process.pk)
    return render_form(
        request, "processes/process_form.html", {"form": form, "nav": "processes"}
    )


@login_required
@GET_POST
@web_errors
def process_edit(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    process = access.process
    initial = {name: getattr(process, name) for name in ProcessEditForm.base_fields}
    form = ProcessEditForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.process_update(access=access, **form.cleaned_data)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, gettext("Process saved."))
            return redirect(_detail_url(access))
    return render_form(
        request, "processes/process_form.html", _page(access, form=form, tab="edit")
    )


# -- sides


@login_required
@require_GET
@web_errors
def side_list(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    context = _page(access, sides=side_list_for(access), form=SideForm(), tab="sides")
    return render(request, "processes/side_list.html", context)


@login_required
@GET_POST
@web_errors
def side_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = SideForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.side_create(access=access, **form.cleaned_data)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, gettext("Side added."))
            return redirect("processes:side-list", access.process.pk)
    return render_form(
        request,
        "processes/simple_form.html",
        _page(access, form=form, heading="Add a side", tab="sides"),
    )


@login_required
@GET_POST
@web_errors
def side_edit(request: HttpRequest, side_id: Any) -> HttpResponse:
    side, access = access_in_process(
        request.user, Side, side_id, what="side", manage=True
    )
    form = SideForm(posted(request), initial={"name": side.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.side_rename(access=access, side=side, **form.cleaned_data)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, gettext("Side renamed."))
            return redirect("processes:side-list", access.process.pk)
    return render_form(
        request,
        "processes/simple_form.html",
        _page(access, form=form, heading="Rename a side", tab="sides"),
    )


@login_required
@GET_POST
@web_errors
def side_delete(request: HttpRequest, side_id: Any) -> HttpResponse:
    side, access = access_in_process(
        request.user, Side, side_id, what="side", manage=True
    )
    cancel = reverse("processes:side-list", args=[access.process.pk])
    if request.method == "POST":
        try:
            services.side_delete(access=access, side=side)
        except ValidationFailed as exc:
            return _confirm_delete(
                request,
                access,
                question=gettext("Delete this side?"),
                name=str(side.name),
                cancel_url=cancel,
                errors=exc.errors,
            )
        messages.success(request, gettext("Side removed."))
        return redirect(cancel)
    return _confirm_delete(
        request,
        access,
        question=gettext("Delete this side?"),
        name=str(side.name),
        cancel_url=cancel,
    )


# -- phases


@login_required
@GET_POST
@web_errors
def phase_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = PhaseForm(posted(request), initial={"stage": access.process.stage})
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_create(access=access, **form.cleaned_data)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, gettext("Phase added."))
            return redirect(_detail_url(access, "phases"))
    return render_form(
        request,
        "processes/simple_form.html",
        _page(access, form=form, heading="Add a phase"),
    )


@login_required
@GET_POST
@web_errors
def phase_edit(request: HttpRequest, phase_id: Any) -> HttpResponse:
    phase, access = access_in_process(
        request.user, Phase, phase_id, what="phase", manage=True
    )
    initial = {name: getattr(phase, name) for name in PhaseForm.base_fields}
    form = PhaseForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        if changes["position"] is None:
            changes.pop("position")
        try:
            services.phase_update(access=access, phase=phase, **changes)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, gettext("Phase saved."))
            return redirect(_detail_url(access, f"phase-{phase.pk}"))
    delete_url = reverse("processes:phase-delete", args=[phase.pk])
    return render_form(
        request,
        "processes/simple_form.html",
        _page(access, form=form, heading="Edit phase", delete_url=delete_url),
    )


@login_required
@GET_POST
@web_errors
def phase_delete(request: HttpRequest, phase_id: Any) -> HttpResponse:
    phase, access = access_in_process(
        request.user, Phase, phase_id, what="phase", manage=True
    )
    if request.method == "POST":
        services.phase_delete(access=access, phase=phase)
        messages.success(
            request, gettext("Phase deleted, with its objectives and indicators.")
        )
        return redirect(_detail_url(access, "phases"))
    return _confirm_delete(
        request,
        access,
        question=gettext("Delete this phase, with its objectives and indicators?"),
        name=str(phase.title),
        cancel_url=reverse("processes:phase-edit", args=[phase.pk]),
    )


# -- objectives


@login_required
@GET_POST
@web_errors
def objective_create(request: HttpRequest, phase_id: Any) -> HttpResponse:
    phase, access = access_in_process(
        request.user, Phase, phase_id, what="phase", manage=True
    )
    form = ObjectiveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_create(access=access, phase=phase, **form.cleaned_data)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, gettext("Objective added."))
            return redirect(_detail_url(access, f"phase-{phase.pk}"))
    return render_form(
        request,
        "processes/simple_form.html",
        _page(access, form=form, heading=f"Add an objective to “{phase.title}”"),
    )


@login_required
@GET_POST
@web_errors
def objective_edit(request: HttpRequest, objective_id: Any) -> HttpResponse:
    objective, access = access_in_process(
        request.user, Objective, objective_id, what="objective", manage=True
    )
    phases = list(access.process.phases.order_by("position"))
    initial = {
        "kind": objective.kind,
        "text": objective.text,
        "expectation": objective.expectation,
        "status": objective.status,
        "phase": str(objective.phase_id),
    }
    form = ObjectiveEditForm(posted(request), initial=initial, phases=phases)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        changes["phase"] = pick(phases, changes["phase"])
        try:
            services.objective_update(access=access, objective=objective, **changes)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, gettext("Objective saved."))
            return redirect(_detail_url(access, f"objective-{objective.pk}"))
    delete_url = reverse("processes:objective-delete", args=[objective.pk])
    return render_form(
        request,
        "processes/simple_form.html",
        _page(access, form=form, heading="Edit objective", delete_url=delete_url),
    )


@login_required
@GET_POST
@web_errors
def objective_delete(request: HttpRequest, objective_id: Any) -> HttpResponse:
    objective, access = access_in_process(
        request.user, Objective, objective_id, what="objective", manage=True
    )
    if request.method == "POST":
        services.objective_delete(access=access, objective=objective)
        messages.success(request, gettext("Objective deleted, with its indicators."))
        return redirect(_detail_url(access, "phases"))
    return _confirm_delete(
        request,
        access,
        question=gettext("Delete this objective, with its indicators?"),
        name=str(objective.text),
        cancel_url=reverse("processes:objective-edit", args=[objective.pk]),
    )


# -- indicators and measurements


@login_required
@GET_POST
@web_errors
def indicator_create(request: HttpRequest, objective_id: Any) -> HttpResponse:
    objective, access = access_in_process(
        request.user, Objective, objective_id, what="objective", manage=True
    )
    form = IndicatorForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(
                access=access, objective=objective, **form.cleaned_data
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, gettext("Indicator added."))
            return redirect(_detail_url(access, f"objective-{objective.pk}"))
    return render_form(
        request,
        "processes/simple_form.html",
        _page(access, form=form, heading="Add a success indicator", subject=objective),
    )


def _indicator_page(
    request: HttpRequest,
    access: ProcessAccess,
    indicator: Indicator,
    form: IndicatorForm,
    measurement_form: MeasurementForm,
) -> HttpResponse:
    invalid = (form.is_bound and form.errors) or (
        measurement_form.is_bound and measurement_form.errors
    )
    context = _page(
        access,
        indicator=indicator,
        form=form,
        measurement_form=measurement_form,
        measurements=measurement_list_for(indicator),
        delete_url=reverse("processes:indicator-delete", args=[indicator.pk]),
    )
    return render(
        request,
        "processes/indicator_form.html",
        context,
        status=422 if invalid else 200,
    )


@login_required
@GET_POST
@web_errors
def indicator_edit(request: HttpRequest, indicator_id: Any) -> HttpResponse:
    indicator, access = access_in_process(
        request.user, Indicator, indicator_id, what="indicator", manage=True
    )
    initial = {name: getattr(indicator, name) for name in IndicatorForm.base_fields}
    form = IndicatorForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                access=access, indicator=indicator, **form.cleaned_data
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, gettext("Indicator saved."))
            return redirect(_detail_url(access, f"objective-{indicator.objective_id}"))
    measurement_form = MeasurementForm(initial={"measured_on": timezone.localdate()})
    return _indicator_page(request, access, indicator, form, measurement_form)


@login_required
@GET_POST
@web_errors
def indicator_delete(request: HttpRequest, indicator_id: Any) -> HttpResponse:
    indicator, access = access_in_process(
        request.user, Indicator, indicator_id, what="indicator", manage=True
    )
    if request.method == "POST":
        services.indicator_delete(access=access, indicator=indicator)
        messages.success(request, gettext("Indicator deleted."))
        return redirect(_detail_url(access, "phases"))
    return _confirm_delete(
        request,
        access,
        question=gettext("Delete this success indicator, with its measurements?"),
        name=str(indicator.name),
        cancel_url=reverse("processes:indicator-edit", args=[indicator.pk]),
    )


@login_required
@GET_POST
@web_errors
def measurement_create(request: HttpRequest, indicator_id: Any) -> HttpResponse:
    indicator, access = access_in_process(
        request.user, Indicator, indicator_id, what="indicator", manage=True
    )
    measurement_form = MeasurementForm(
        posted(request), initial={"measured_on": timezone.localdate()}
    )
    if request.method == "POST" and measurement_form.is_valid():
        try:
            services.measurement_record(
                access=access, indicator=indicator, **measurement_form.cleaned_data
            )
        except ValidationFailed as exc:
            attach_errors(measurement_form, exc.errors)
        else:
            messages.success(request, gettext("Measurement recorded."))
            return redirect("processes:indicator-edit", indicator.pk)
    initial = {name: getattr(indicator, name) for name in IndicatorForm.base_fields}
    form = IndicatorForm(initial=initial)
    return _indicator_page(request, access, indicator, form, measurement_form)


# -- ecosystem


@login_required
@GET_POST
@web_errors
def external_process_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = ExternalProcessForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.external_process_create(
                actor=request.user,
                organisation=access.process.organisation,
                **form.cleaned_data,
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(
                request, gettext("External process added: you can link to it now.")
            )
            return redirect("processes:ecosystem-link-create", access.process.pk)
    return render_form(
        request,
        "processes/simple_form.html",
        _page(
            access,
            form=form,
            heading="Add an external process",
            intro="Track 1 talks, another dialogue or a local initiative outside this "
            "workspace. It is shared by all processes of the organisation.",
        ),
    )


@login_required
@GET_POST
@web_errors
def ecosystem_link_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    processes = linkable_processes_for(access)
    externals = external_processes_for(access.process.organisation_id)
    form = EcosystemLinkForm(posted(request), processes=processes, externals=externals)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kind, _, pk = data.pop("target").partition(":")
        try:
            services.ecosystem_link_create(
                access=access,
                target_process=pick(processes, pk) if kind == "p" else None,
                target_external=pick(externals, pk) if kind == "x" else None,
                **data,
            )
        except ValidationFailed as exc:
            attach_errors(
                form,
                exc.errors,
                aliases={"target_process": "target", "target_external": "target"},
            )
        else:
            messages.success(request, gettext("Link added to the ecosystem."))
            return redirect(_detail_url(access, "ecosystem"))
    return render_form(
        request,
        "processes/ecosystem_link_form.html",
        _page(access, form=form),
    )


@login_required
@GET_POST
@web_errors
def ecosystem_link_delete(request: HttpRequest, link_id: Any) -> HttpResponse:
    link, access = access_in_process(
        request.user, EcosystemLink, link_id, what="link", manage=True
    )
    if request.method == "POST":
        services.ecosystem_link_delete(access=access, link=link)
        messages.success(request, gettext("Link removed from the ecosystem."))
        return redirect(_detail_url(access, "ecosystem"))
    edge = next(
        (e for e in ecosystem_for(access) if e.link.pk == link.pk),
        None,
    )
    name = f"{edge.source} {edge.relation} {edge.target}" if edge else "this link"
    return _confirm_delete(
        request,
        access,
        question=gettext("Delete this ecosystem link?"),
        name=name,
        cancel_url=_detail_url(access, "ecosystem"),
    )


@login_required
@require_GET
@web_errors
def process_destroy(request: HttpRequest, process_id: Any) -> HttpResponse:
    """The two-key crypto-shredding page: request, confirm or cancel."""
    access = access_process_by_id(request.user, process_id, manage=True)
    pending = destroy_request_for(access)
    context = _page(access, pending=pending, tab="details")
    return render(request, "processes/process_destroy.html", context)


@login_required
@require_POST
@web_errors
def process_destroy_action(
    request: HttpRequest, process_id: Any, action: str
) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    return _destroy_action(request, access, action)


@reauthentication_required
def _destroy_action(
    request: HttpRequest, access: ProcessAccess, action: str
) -> HttpResponse:
    # Re-authentication is asked only once the actor is known to be a manager.
    if action == "request":
        services.process_destroy_request(access=access)
        messages.info(
            request,
            gettext(
                "Destruction requested: a second convener or facilitator must confirm."
            ),
        )
    elif action == "cancel":
        services.process_destroy_cancel(access=access)
        messages.info(
            request, gettext("The request to destroy this process was withdrawn.")
        )
    elif action == "confirm":
        services.process_destroy_confirm(access=access)
        messages.info(
            request,
            gettext("The process was destroyed: its data key no longer exists."),
        )
        return redirect("processes:process-list")
    else:
        raise Http404
    return redirect("processes:process-destroy", process_id=access.process.pk)
