"""HTML pages of processes: list, dashboard, and editing of everything in them.

Each view parses its input, opens the object through an ``access_*`` door and
hands the write to a service (STYLE.md §3).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from backchannel.core.errors import PermissionDenied
from backchannel.core.web import (
    GET_POST,
    confirm_page,
    form_page,
    pick,
    posted,
    process_page,
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

_page = process_page


def _detail_url(access: ProcessAccess, anchor: str = "") -> str:
    url = reverse("processes:process-detail", args=[access.process.pk])
    return f"{url}#{anchor}" if anchor else url


def _simple_form(
    request: HttpRequest,
    access: ProcessAccess,
    form: Any,
    save: Callable[[], Any],
    *,
    message: str,
    then: str,
    heading: str,
    **extra: Any,
) -> HttpResponse:
    """Most of a process's design is edited on ``processes/simple_form.html``."""
    return form_page(
        request,
        form,
        save,
        then=then,
        message=message,
        template="processes/simple_form.html",
        context=_page(access, heading=heading, **extra),
    )


def _delete(
    request: HttpRequest,
    access: ProcessAccess,
    act: Callable[[], Any],
    *,
    message: str,
    then: str,
    question: str,
    name: Callable[[], str],
    cancel_url: str,
) -> HttpResponse:
    return confirm_page(
        request,
        act,
        then=then,
        message=message,
        context=lambda: _page(
            access, question=question, name=name(), cancel_url=cancel_url
        ),
    )


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

    def save() -> Any:
        data = dict(form.cleaned_data)
        organisation = pick(organisations, data.pop("organisation"))
        return services.process_create(
            actor=request.user, organisation=organisation, **data
        )

    return form_page(
        request,
        form,
        save,
        then=lambda process: reverse("processes:process-detail", args=[process.pk]),
        message=gettext("Process created."),
        template="processes/process_form.html",
        context={"nav": "processes"},
    )


@login_required
@GET_POST
@web_errors
def process_edit(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    process = access.process
    initial = {name: getattr(process, name) for name in ProcessEditForm.base_fields}
    form = ProcessEditForm(posted(request), initial=initial)
    return form_page(
        request,
        form,
        lambda: services.process_update(access=access, **form.cleaned_data),
        then=_detail_url(access),
        message=gettext("Process saved."),
        template="processes/process_form.html",
        context=_page(access, tab="edit"),
    )


# -- sides


@login_required
@require_GET
@web_errors
def side_list(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    context = _page(access, sides=side_list_for(access), form=SideForm(), tab="sides")
    return render(request, "processes/side_list.html", context)


def _sides_url(access: ProcessAccess) -> str:
    return reverse("processes:side-list", args=[access.process.pk])


@login_required
@GET_POST
@web_errors
def side_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = SideForm(posted(request))
    return _simple_form(
        request,
        access,
        form,
        lambda: services.side_create(access=access, **form.cleaned_data),
        message=gettext("Side added."),
        then=_sides_url(access),
        heading="Add a side",
        tab="sides",
    )


@login_required
@GET_POST
@web_errors
def side_edit(request: HttpRequest, side_id: Any) -> HttpResponse:
    side, access = access_in_process(
        request.user, Side, side_id, what="side", manage=True
    )
    form = SideForm(posted(request), initial={"name": side.name})
    return _simple_form(
        request,
        access,
        form,
        lambda: services.side_rename(access=access, side=side, **form.cleaned_data),
        message=gettext("Side renamed."),
        then=_sides_url(access),
        heading="Rename a side",
        tab="sides",
    )


@login_required
@GET_POST
@web_errors
def side_delete(request: HttpRequest, side_id: Any) -> HttpResponse:
    side, access = access_in_process(
        request.user, Side, side_id, what="side", manage=True
    )
    return _delete(
        request,
        access,
        lambda: services.side_delete(access=access, side=side),
        message=gettext("Side removed."),
        then=_sides_url(access),
        question=gettext("Delete this side?"),
        name=lambda: str(side.name),
        cancel_url=_sides_url(access),
    )


# -- phases


@login_required
@GET_POST
@web_errors
def phase_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = PhaseForm(posted(request), initial={"stage": access.process.stage})
    return _simple_form(
        request,
        access,
        form,
        lambda: services.phase_create(access=access, **form.cleaned_data),
        message=gettext("Phase added."),
        then=_detail_url(access, "phases"),
        heading="Add a phase",
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

    def save() -> None:
        changes = dict(form.cleaned_data)
        if changes["position"] is None:
            changes.pop("position")
        services.phase_update(access=access, phase=phase, **changes)

    return _simple_form(
        request,
        access,
        form,
        save,
        message=gettext("Phase saved."),
        then=_detail_url(access, f"phase-{phase.pk}"),
        heading="Edit phase",
        delete_url=reverse("processes:phase-delete", args=[phase.pk]),
    )


@login_required
@GET_POST
@web_errors
def phase_delete(request: HttpRequest, phase_id: Any) -> HttpResponse:
    phase, access = access_in_process(
        request.user, Phase, phase_id, what="phase", manage=True
    )
    return _delete(
        request,
        access,
        lambda: services.phase_delete(access=access, phase=phase),
        message=gettext("Phase deleted, with its objectives and indicators."),
        then=_detail_url(access, "phases"),
        question=gettext("Delete this phase, with its objectives and indicators?"),
        name=lambda: str(phase.title),
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
    return _simple_form(
        request,
        access,
        form,
        lambda: services.objective_create(
            access=access, phase=phase, **form.cleaned_data
        ),
        message=gettext("Objective added."),
        then=_detail_url(access, f"phase-{phase.pk}"),
        heading=f"Add an objective to “{phase.title}”",
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

    def save() -> None:
        changes = dict(form.cleaned_data)
        changes["phase"] = pick(phases, changes["phase"])
        services.objective_update(access=access, objective=objective, **changes)

    return _simple_form(
        request,
        access,
        form,
        save,
        message=gettext("Objective saved."),
        then=_detail_url(access, f"objective-{objective.pk}"),
        heading="Edit objective",
        delete_url=reverse("processes:objective-delete", args=[objective.pk]),
    )


@login_required
@GET_POST
@web_errors
def objective_delete(request: HttpRequest, objective_id: Any) -> HttpResponse:
    objective, access = access_in_process(
        request.user, Objective, objective_id, what="objective", manage=True
    )
    return _delete(
        request,
        access,
        lambda: services.objective_delete(access=access, objective=objective),
        message=gettext("Objective deleted, with its indicators."),
        then=_detail_url(access, "phases"),
        question=gettext("Delete this objective, with its indicators?"),
        name=lambda: str(objective.text),
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
    return _simple_form(
        request,
        access,
        form,
        lambda: services.indicator_create(
            access=access, objective=objective, **form.cleaned_data
        ),
        message=gettext("Indicator added."),
        then=_detail_url(access, f"objective-{objective.pk}"),
        heading="Add a success indicator",
        subject=objective,
    )


def _indicator_page(
    request: HttpRequest,
    access: ProcessAccess,
    indicator: Indicator,
    form: IndicatorForm,
    measurement_form: MeasurementForm,
    save: Callable[[], Any],
    *,
    message: str,
    then: str,
) -> HttpResponse:
    """The indicator's page has two forms: its own and a new measurement's;
    ``form`` or ``measurement_form`` is the one submitted to ``save``."""
    submitted = measurement_form if measurement_form.is_bound else form
    return form_page(
        request,
        submitted,
        save,
        then=then,
        message=message,
        template="processes/indicator_form.html",
        context=lambda: _page(
            access,
            indicator=indicator,
            form=form,
            measurement_form=measurement_form,
            measurements=measurement_list_for(indicator),
            delete_url=reverse("processes:indicator-delete", args=[indicator.pk]),
        ),
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
    return _indicator_page(
        request,
        access,
        indicator,
        form,
        MeasurementForm(initial={"measured_on": timezone.localdate()}),
        lambda: services.indicator_update(
            access=access, indicator=indicator, **form.cleaned_data
        ),
        message=gettext("Indicator saved."),
        then=_detail_url(access, f"objective-{indicator.objective_id}"),
    )


@login_required
@GET_POST
@web_errors
def indicator_delete(request: HttpRequest, indicator_id: Any) -> HttpResponse:
    indicator, access = access_in_process(
        request.user, Indicator, indicator_id, what="indicator", manage=True
    )
    return _delete(
        request,
        access,
        lambda: services.indicator_delete(access=access, indicator=indicator),
        message=gettext("Indicator deleted."),
        then=_detail_url(access, "phases"),
        question=gettext("Delete this success indicator, with its measurements?"),
        name=lambda: str(indicator.name),
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
    initial = {name: getattr(indicator, name) for name in IndicatorForm.base_fields}
    return _indicator_page(
        request,
        access,
        indicator,
        IndicatorForm(initial=initial),
        measurement_form,
        lambda: services.measurement_record(
            access=access, indicator=indicator, **measurement_form.cleaned_data
        ),
        message=gettext("Measurement recorded."),
        then=reverse("processes:indicator-edit", args=[indicator.pk]),
    )


# -- ecosystem


@login_required
@GET_POST
@web_errors
def external_process_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = ExternalProcessForm(posted(request))
    return _simple_form(
        request,
        access,
        form,
        lambda: services.external_process_create(
            actor=request.user,
            organisation=access.process.organisation,
            **form.cleaned_data,
        ),
        message=gettext("External process added: you can link to it now."),
        then=reverse("processes:ecosystem-link-create", args=[access.process.pk]),
        heading="Add an external process",
        intro="Track 1 talks, another dialogue or a local initiative outside this "
        "workspace. It is shared by all processes of the organisation.",
    )


@login_required
@GET_POST
@web_errors
def ecosystem_link_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    processes = linkable_processes_for(access)
    externals = external_processes_for(access.process.organisation_id)
    form = EcosystemLinkForm(posted(request), processes=processes, externals=externals)

    def save() -> None:
        data = dict(form.cleaned_data)
        kind, _, pk = data.pop("target").partition(":")
        services.ecosystem_link_create(
            access=access,
            target_process=pick(processes, pk) if kind == "p" else None,
            target_external=pick(externals, pk) if kind == "x" else None,
            **data,
        )

    return form_page(
        request,
        form,
        save,
        then=_detail_url(access, "ecosystem"),
        message=gettext("Link added to the ecosystem."),
        template="processes/ecosystem_link_form.html",
        context=_page(access),
        aliases={"target_process": "target", "target_external": "target"},
    )


@login_required
@GET_POST
@web_errors
def ecosystem_link_delete(request: HttpRequest, link_id: Any) -> HttpResponse:
    link, access = access_in_process(
        request.user, EcosystemLink, link_id, what="link", manage=True
    )

    def name() -> str:
        edge = next((e for e in ecosystem_for(access) if e.link.pk == link.pk), None)
        return f"{edge.source} {edge.relation} {edge.target}" if edge else "this link"

    return _delete(
        request,
        access,
        lambda: services.ecosystem_link_delete(access=access, link=link),
        message=gettext("Link removed from the ecosystem."),
        then=_detail_url(access, "ecosystem"),
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
