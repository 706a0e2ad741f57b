"""HTML pages of processes: list, dashboard, and editing of everything in them.

Each view is opened by ``html_view`` through an ``access_*`` door, parses its
input and hands the write to a service (STYLE.md §3); deletions are declared
with ``confirm_view``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from backchannel.accounts.http import WebRequest
from backchannel.core.errors import PermissionDenied
from backchannel.core.web import (
    GET,
    POST,
    Form,
    confirm_view,
    form_page,
    form_view,
    html_view,
    name_views,
    pick,
    posted,
    process_page,
    tab_form,
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


# Most of a process's design is edited on ``processes/simple_form.html``.
_simple_form = tab_form("processes/simple_form.html", _page)


def _initial(obj: Any, form: type[Form]) -> dict[str, Any]:
    """What an edit form shows first: the object's value of each field."""
    return {name: getattr(obj, name) for name in form.base_fields}


def _design_form(
    model: type[Phase | Objective],
    form: Callable[..., Form],
    save: Callable[..., Any],
    message: Any,
    page: Callable[..., dict[str, Any]],
) -> Callable[..., HttpResponse]:
    """A form page of the design, for a manager, opened on ``model`` (the part
    edited, or the one a part is added under): back to it on the dashboard."""
    what = model.__name__.lower()
    return form_view(
        access_in_process,
        model,
        what=what,
        manage=True,
        show=_simple_form,
        form=form,
        save=save,
        then=lambda part, access: _detail_url(access, f"{what}-{part.pk}"),
        message=message,
        page=page,
    )


def _design_edit(
    model: type[Phase | Objective],
    form: Callable[..., Form],
    save: Callable[..., Any],
    message: Any,
    heading: Any,
) -> Callable[..., HttpResponse]:
    """A part of the design edited, with the way to delete it."""
    delete = f"processes:{model.__name__.lower()}-delete"
    return _design_form(
        model,
        form,
        save,
        message,
        lambda part, access: {
            "heading": heading,
            "delete_url": reverse(delete, args=[part.pk]),
        },
    )


def _design_delete(
    model: type[Phase | Objective | Indicator], title: str, message: Any, question: Any
) -> Callable[..., HttpResponse]:
    """A part of the design deleted by a manager, declared: the service
    ``<what>_delete``, back to the dashboard's phases, or to the part's page."""
    what = model.__name__.lower()
    delete = getattr(services, f"{what}_delete")
    return confirm_view(
        access_in_process,
        model,
        what=what,
        manage=True,
        act=lambda part, access: delete(access=access, **{what: part}),
        then=lambda part, access: _detail_url(access, "phases"),
        message=message,
        question=question,
        name=lambda part, access: str(getattr(part, title)),
        cancel=lambda part, access: reverse(f"processes:{what}-edit", args=[part.pk]),
    )


# -- list and home


@html_view(methods=GET)
def home(request: WebRequest) -> HttpResponse:
    return redirect("processes:process-list")


@html_view(methods=GET)
def process_list(request: WebRequest) -> HttpResponse:
    rows = process_list_for(request.user)
    can_create = bool(organisations_convened_by(request.user))
    return render(
        request,
        "processes/process_list.html",
        {"rows": rows, "can_create": can_create, "nav": "processes"},
    )


# -- process


@html_view()
def process_create(request: WebRequest) -> HttpResponse:
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


@html_view(access_process_by_id, manage=True)
def process_edit(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    form = ProcessEditForm(
        posted(request), initial=_initial(access.process, ProcessEditForm)
    )
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


@html_view(access_process_by_id, manage=True, methods=GET)
def side_list(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    context = _page(access, sides=side_list_for(access), form=SideForm(), tab="sides")
    return render(request, "processes/side_list.html", context)


def _sides_url(access: ProcessAccess) -> str:
    return reverse("processes:side-list", args=[access.process.pk])


side_create = form_view(
    access_process_by_id,
    manage=True,
    show=_simple_form,
    form=lambda data, access: SideForm(data),
    save=lambda data, access: services.side_create(access=access, **data),
    then=_sides_url,
    message=gettext_lazy("Side added."),
    page=lambda access: {"heading": gettext("Add a side"), "tab": "sides"},
)

side_edit = form_view(
    access_in_process,
    Side,
    what="side",
    manage=True,
    show=_simple_form,
    form=lambda data, side, access: SideForm(data, initial={"name": side.name}),
    save=lambda data, side, access: services.side_rename(
        access=access, side=side, **data
    ),
    then=lambda side, access: _sides_url(access),
    message=gettext_lazy("Side renamed."),
    page=lambda side, access: {"heading": gettext("Rename a side"), "tab": "sides"},
)

side_delete = confirm_view(
    access_in_process,
    Side,
    what="side",
    manage=True,
    act=lambda side, access: services.side_delete(access=access, side=side),
    then=lambda side, access: _sides_url(access),
    message=gettext_lazy("Side removed."),
    question=gettext_lazy("Delete this side?"),
    name=lambda side, access: str(side.name),
)

# -- phases


phase_create = form_view(
    access_process_by_id,
    manage=True,
    show=_simple_form,
    form=lambda data, access: PhaseForm(data, initial={"stage": access.process.stage}),
    save=lambda data, access: services.phase_create(access=access, **data),
    then=lambda access: _detail_url(access, "phases"),
    message=gettext_lazy("Phase added."),
    page=lambda access: {"heading": gettext("Add a phase")},
)


def _phase_update(data: dict[str, Any], phase: Phase, access: ProcessAccess) -> None:
    changes = dict(data)
    if changes["position"] is None:
        changes.pop("position")
    services.phase_update(access=access, phase=phase, **changes)


phase_edit = _design_edit(
    Phase,
    lambda data, phase, access: PhaseForm(data, initial=_initial(phase, PhaseForm)),
    _phase_update,
    gettext_lazy("Phase saved."),
    gettext_lazy("Edit phase"),
)

phase_delete = _design_delete(
    Phase,
    "title",
    gettext_lazy("Phase deleted, with its objectives and indicators."),
    gettext_lazy("Delete this phase, with its objectives and indicators?"),
)

# -- objectives


def _design_add(
    parent: type[Phase | Objective],
    form: type[Form],
    create: Callable[..., Any],
    message: Any,
    page: Callable[..., dict[str, Any]],
) -> Callable[..., HttpResponse]:
    """A part of the design added under its parent: the service is
    ``create(access=…, <parent>=…, **data)``."""
    what = parent.__name__.lower()
    return _design_form(
        parent,
        lambda data, part, access: form(data),
        lambda data, part, access: create(access=access, **{what: part}, **data),
        message,
        page,
    )


objective_create = _design_add(
    Phase,
    ObjectiveForm,
    services.objective_create,
    gettext_lazy("Objective added."),
    lambda phase, access: {
        "heading": gettext("Add an objective to “%(phase)s”") % {"phase": phase.title}
    },
)


def _objective_form(
    data: Any, objective: Objective, access: ProcessAccess
) -> ObjectiveEditForm:
    initial = {
        "kind": objective.kind,
        "text": objective.text,
        "expectation": objective.expectation,
        "status": objective.status,
        "phase": str(objective.phase_id),
    }
    phases = list(access.process.phases.order_by("position"))
    return ObjectiveEditForm(data, initial=initial, phases=phases)


def _objective_update(
    data: dict[str, Any], objective: Objective, access: ProcessAccess
) -> None:
    phases = access.process.phases.order_by("position")
    changes = {**data, "phase": pick(phases, data["phase"])}
    services.objective_update(access=access, objective=objective, **changes)


objective_edit = _design_edit(
    Objective,
    _objective_form,
    _objective_update,
    gettext_lazy("Objective saved."),
    gettext_lazy("Edit objective"),
)

objective_delete = _design_delete(
    Objective,
    "text",
    gettext_lazy("Objective deleted, with its indicators."),
    gettext_lazy("Delete this objective, with its indicators?"),
)

# -- indicators and measurements


indicator_create = _design_add(
    Objective,
    IndicatorForm,
    services.indicator_create,
    gettext_lazy("Indicator added."),
    lambda objective, access: {
        "heading": gettext("Add a success indicator"),
        "subject": objective,
    },
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


@html_view(access_in_process, Indicator, what="indicator", manage=True)
def indicator_edit(
    request: WebRequest, indicator: Indicator, access: ProcessAccess
) -> HttpResponse:
    form = IndicatorForm(posted(request), initial=_initial(indicator, IndicatorForm))
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


indicator_delete = _design_delete(
    Indicator,
    "name",
    gettext_lazy("Indicator deleted."),
    gettext_lazy("Delete this success indicator, with its measurements?"),
)


@html_view(access_in_process, Indicator, what="indicator", manage=True)
def measurement_create(
    request: WebRequest, indicator: Indicator, access: ProcessAccess
) -> HttpResponse:
    measurement_form = MeasurementForm(
        posted(request), initial={"measured_on": timezone.localdate()}
    )
    return _indicator_page(
        request,
        access,
        indicator,
        IndicatorForm(initial=_initial(indicator, IndicatorForm)),
        measurement_form,
        lambda: services.measurement_record(
            access=access, indicator=indicator, **measurement_form.cleaned_data
        ),
        message=gettext("Measurement recorded."),
        then=reverse("processes:indicator-edit", args=[indicator.pk]),
    )


# -- ecosystem


@html_view(access_process_by_id, manage=True)
def external_process_create(request: WebRequest, access: ProcessAccess) -> HttpResponse:
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
        heading=gettext("Add an external process"),
        intro="Track 1 talks, another dialogue or a local initiative outside this "
        "workspace. It is shared by all processes of the organisation.",
    )


@html_view(access_process_by_id, manage=True)
def ecosystem_link_create(request: WebRequest, access: ProcessAccess) -> HttpResponse:
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


def _link_name(link: EcosystemLink, access: ProcessAccess) -> str:
    edge = next((e for e in ecosystem_for(access) if e.link.pk == link.pk), None)
    return f"{edge.source} {edge.relation} {edge.target}" if edge else "this link"


ecosystem_link_delete = confirm_view(
    access_in_process,
    EcosystemLink,
    what="link",
    manage=True,
    act=lambda link, access: services.ecosystem_link_delete(access=access, link=link),
    then=lambda link, access: _detail_url(access, "ecosystem"),
    message=gettext_lazy("Link removed from the ecosystem."),
    question=gettext_lazy("Delete this ecosystem link?"),
    name=_link_name,
)


@html_view(access_process_by_id, manage=True, methods=GET)
def process_destroy(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    """The two-key crypto-shredding page: request, confirm or cancel."""
    pending = destroy_request_for(access)
    context = _page(access, pending=pending, tab="details")
    return render(request, "processes/process_destroy.html", context)


@html_view(access_process_by_id, manage=True, methods=POST)
def process_destroy_action(
    request: WebRequest, access: ProcessAccess, action: str
) -> HttpResponse:
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


name_views(globals())
