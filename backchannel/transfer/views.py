"""HTML pages of outputs, the gate, release and the transfer ledger.

Each view parses its input, opens the object through an ``access_*`` door and
hands the work to ``transfer.services``. Releasing, and both keys of a gate
override, ask for a recent login (allauth re-authentication), like destroying
a process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backchannel.accounts.http import WebRequest
from backchannel.core.errors import GateBlocked, ValidationFailed
from backchannel.core.languages import language_choices, language_name
from backchannel.core.markdown import highlighted
from backchannel.core.web import (
    GET,
    POST,
    confirm_view,
    form_page,
    html_view,
    name_views,
    pick,
    posted,
    tab_page,
)
from backchannel.ideas.models import IdeaVersion
from backchannel.participants.logins import same_login
from backchannel.participants.models import Seat
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.transfer import services
from backchannel.transfer.access import (
    access_output_by_id,
    access_transfer_by_id,
    require_compose,
    sees_carrier,
)
from backchannel.transfer.forms import (
    OutputForm,
    OverrideForm,
    TransferForm,
    UptakeForm,
)
from backchannel.transfer.models import Output, OutputStatus
from backchannel.transfer.selectors import (
    content_languages_for,
    output_list_for,
    output_sources_for,
    transfer_rows_for,
)

_page = tab_page(tab="outputs")


# -- outputs


@html_view(access_process_by_id, methods=GET)
def output_list(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    outputs = output_list_for(access)
    return render(request, "transfer/output_list.html", _page(access, outputs=outputs))


def _output_form(
    request: HttpRequest, access: ProcessAccess, initial: dict[str, Any]
) -> OutputForm:
    return OutputForm(
        posted(request),
        initial=initial,
        notes=services.composable_notes(access),
        versions=services.composable_versions(access),
        languages=language_choices(
            content_languages_for(access), keep=str(initial.get("language", ""))
        ),
    )


def _output_page(
    request: HttpRequest,
    access: ProcessAccess,
    form: OutputForm,
    existing: Output | None,
    *,
    message: str,
    **context: Any,
) -> HttpResponse:
    """Compose a new output or edit one: its fields, then the notes and idea
    versions chosen to be inserted."""

    def save() -> Output:
        data = dict(form.cleaned_data)
        notes, versions = data.pop("notes"), data.pop("versions")
        if existing is None:
            saved = services.output_create(access=access, **data)
        else:
            saved = services.output_update(access=access, output=existing, **data)
        if notes or versions:
            services.output_insert(
                access=access, output=saved, note_ids=notes, version_ids=versions
            )
        return saved

    return form_page(
        request,
        form,
        save,
        aliases={"sources": "notes"},
        then=lambda saved: reverse("transfer:output-detail", args=[saved.pk]),
        message=message,
        template="transfer/output_form.html",
        context=_page(access, **context),
    )


@html_view(access_process_by_id)
def output_create(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    require_compose(access)
    return _output_page(
        request,
        access,
        _output_form(request, access, {"kind": "memo_to_mediators"}),
        None,
        message=_("Output saved as a draft."),
        heading=_("Compose an output"),
        cancel_url=reverse("transfer:output-list", args=[access.process.pk]),
    )


@html_view(access_output_by_id)
def output_edit(
    request: WebRequest, output: Any, access: ProcessAccess
) -> HttpResponse:
    if output.released:
        raise ValidationFailed(
            {"__all__": [_("This output was released and is frozen.")]}
        )
    initial = {
        "title": output.title,
        "kind": output.kind,
        "audience": output.audience,
        "classification": output.classification,
        "language": output.language,
        "body": output.body,
    }
    return _output_page(
        request,
        access,
        _output_form(request, access, initial),
        output,
        message=_("Output saved."),
        output=output,
        heading=_("Edit the output"),
        cancel_url=reverse("transfer:output-detail", args=[output.pk]),
    )


@html_view(access_output_by_id, methods=GET)
def output_detail(
    request: WebRequest, output: Any, access: ProcessAccess
) -> HttpResponse:
    return _report_page(
        request,
        access,
        output,
        "transfer/output_detail.html",
        lambda report: {
            # Downloads are offered only when the gate would let them out.
            "exportable": services.output_exportable(output=output, report=report),
            "text": services.output_text(output),
            "output_language": language_name(output.language),
            "sources": output_sources_for(output),
            "transfers": list(output.transfers.all()) if access.can_manage else [],
        },
    )


@html_view(access_output_by_id, methods=GET)
def output_gate(
    request: WebRequest, output: Any, access: ProcessAccess
) -> HttpResponse:
    return _gate_page(request, access, output)


def _gate_page(
    request: HttpRequest,
    access: ProcessAccess,
    output: Output,
    *,
    status: int = 200,
    blocked: str = "",
) -> HttpResponse:
    redact_url = (
        "" if output.released else reverse("transfer:output-redact", args=[output.pk])
    )
    return _report_page(
        request,
        access,
        output,
        "transfer/output_gate.html",
        lambda report: {
            "pieces": highlighted(report),
            "blocked": blocked,
            "redact_url": redact_url,
        },
        status=status,
    )


def _report_page(
    request: HttpRequest,
    access: ProcessAccess,
    output: Output,
    template: str,
    own: Callable[[Any], dict[str, Any]],
    *,
    status: int = 200,
) -> HttpResponse:
    """A page about one output with the gate's report on it (its detail, its
    gate): ``own(report)`` gives the page's own values."""
    report = services.output_gate(access=access, output=output)
    context = _page(access, output=output, report=report, **own(report))
    return render(request, template, context, status=status)


@html_view(access_output_by_id, methods=POST)
def output_redact(
    request: WebRequest, output: Any, access: ProcessAccess
) -> HttpResponse:
    ids = None if request.POST.get("all") else request.POST.getlist("finding")
    services.output_redact(access=access, output=output, finding_ids=ids)
    messages.success(request, _("Suggested redaction applied."))
    return redirect("transfer:output-gate", output.pk)


@html_view(access_output_by_id, methods=GET)
def output_export(
    request: WebRequest, output: Any, access: ProcessAccess
) -> HttpResponse:
    fmt = request.GET.get("format", "md")
    try:
        data, content_type, name = services.output_export(
            access=access, output=output, fmt=fmt
        )
    except GateBlocked as exc:
        return _gate_page(request, access, output, status=409, blocked=exc.message)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


output_delete = confirm_view(
    access_output_by_id,
    manage=True,
    act=lambda output, access: services.output_delete(access=access, output=output),
    then=lambda output, access: reverse(
        "transfer:output-list", args=[access.process.pk]
    ),
    message=gettext_lazy("Output deleted."),
    question=gettext_lazy("Delete this output?"),
    name=lambda output, access: str(output.title),
    cancel=lambda output, access: reverse("transfer:output-detail", args=[output.pk]),
    page=_page,
)


# -- release and the two-key override


@html_view(access_output_by_id, manage=True, methods=GET)
def output_release(
    request: WebRequest, output: Any, access: ProcessAccess
) -> HttpResponse:
    report = services.output_gate(access=access, output=output)
    pending = services.pending_override(output)
    context = _page(
        access,
        output=output,
        report=report,
        pieces=highlighted(report),
        # Exactly what output_release freezes and hashes (services.output_text).
        frozen_text=services.output_text(output),
        pending=pending,
        own_request=pending is not None
        and same_login(pending.requested_by, request.user),
        form=OverrideForm(),
    )
    return render(request, "transfer/output_release.html", context)


@html_view(access_output_by_id, manage=True, methods=POST)
def output_release_action(
    request: WebRequest, output: Any, access: ProcessAccess, action: str
) -> HttpResponse:
    return _release_action(request, access, output, action)


@reauthentication_required
def _release_action(
    request: HttpRequest, access: ProcessAccess, output: Output, action: str
) -> HttpResponse:
    # Re-authentication is asked only once the actor is known to be a manager.
    if action == "release":
        try:
            services.output_release(access=access, output=output)
        except GateBlocked as exc:
            return _gate_page(request, access, output, status=409, blocked=exc.message)
        messages.success(request, _("Released: the text is frozen and hashed."))
        return redirect("transfer:output-detail", output.pk)
    if action == "override":
        form = OverrideForm(request.POST)
        if not form.is_valid():
            raise ValidationFailed(
                {"reason": [str(m) for m in form.errors.get("reason", [])]}
            )
        services.override_request(
            access=access, output=output, reason=form.cleaned_data["reason"]
        )
        messages.info(
            request,
            _("Override requested: a second convener or facilitator must confirm."),
        )
    elif action == "confirm":
        services.override_confirm(access=access, output=output)
        messages.success(
            request, _("Released with the findings overridden, as two managers agreed.")
        )
        return redirect("transfer:output-detail", output.pk)
    elif action == "cancel":
        services.override_cancel(access=access, output=output)
        messages.info(request, _("The override request was withdrawn."))
    else:
        raise Http404
    return redirect("transfer:output-release", output.pk)


# -- the ledger


def _subjects(access: ProcessAccess) -> list[tuple[str, str]]:
    outputs = [
        (f"output:{o.pk}", _("Output: %(title)s") % {"title": o.title})
        for o in output_list_for(access)
        if o.status == OutputStatus.RELEASED
    ]
    versions = [
        (f"version:{v.pk}", _("Idea version: %(label)s") % {"label": label})
        for v, label in services.composable_versions(access)
    ]
    return outputs + versions


def _carriers(access: ProcessAccess) -> list[tuple[str, str]] | None:
    if not sees_carrier(access):
        return None
    seats = Seat.objects.filter(process=access.process).select_related("person")
    rows = [(str(s.pk), f"{s.pseudonym} · {s.person.name}") for s in seats]
    return sorted(rows, key=lambda r: r[1])


@html_view(access_process_by_id, manage=True, methods=GET)
def transfer_list(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    rows = transfer_rows_for(access)
    context = _page(access, rows=rows, sees_carrier=sees_carrier(access), tab="ledger")
    return render(request, "transfer/transfer_list.html", context)


@html_view(access_process_by_id, manage=True)
def transfer_create(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    initial: dict[str, Any] = {}
    if request.GET.get("output"):
        initial["subject"] = f"output:{request.GET['output']}"
    form = TransferForm(
        posted(request),
        initial=initial,
        subjects=_subjects(access),
        carriers=_carriers(access),
    )

    def save() -> None:
        data = dict(form.cleaned_data)
        kind, _sep, pk = data.pop("subject").partition(":")
        if kind == "output":
            data["output"] = Output.objects.filter(
                process=access.process, pk=pk
            ).first()
        else:
            data["idea_version"] = (
                IdeaVersion.objects.filter(idea__process=access.process, pk=pk)
                .select_related("idea")
                .first()
            )
        carrier_id = data.pop("carrier", "")
        data["carrier"] = (
            Seat.objects.filter(process=access.process, pk=carrier_id).first()
            if carrier_id
            else None
        )
        services.transfer_create(access=access, **data)

    return _ledger_form(
        request,
        access,
        form,
        save,
        aliases={"output": "subject", "idea_version": "subject"},
        message=_("Transfer recorded in the ledger."),
        heading=_("Record a transfer"),
    )


def _ledger_form(
    request: HttpRequest,
    access: ProcessAccess,
    form: Any,
    save: Callable[[], Any],
    *,
    message: str,
    aliases: dict[str, str] | None = None,
    **context: Any,
) -> HttpResponse:
    """A form of the ledger tab: back to the ledger once saved or cancelled."""
    ledger = reverse("transfer:transfer-list", args=[access.process.pk])
    return form_page(
        request,
        form,
        save,
        aliases=aliases,
        then=ledger,
        message=message,
        template="transfer/simple_form.html",
        context=_page(access, cancel_url=ledger, tab="ledger", **context),
    )


@html_view(access_transfer_by_id)
def uptake_create(
    request: WebRequest, transfer: Any, access: ProcessAccess
) -> HttpResponse:
    objectives = list(access.process.objectives.all())
    form = UptakeForm(
        posted(request),
        objectives=[(str(o.pk), str(o.text)) for o in objectives],
    )

    def save() -> None:
        data = dict(form.cleaned_data)
        chosen = [pick(objectives, pk) for pk in data.pop("objectives")]
        services.uptake_create(
            access=access,
            transfer=transfer,
            objectives=[o for o in chosen if o is not None],
            **data,
        )

    return _ledger_form(
        request,
        access,
        form,
        save,
        message=_("Uptake recorded."),
        heading=_("Record what became of a transfer"),
        subject=str(transfer.recipient),
    )


transfer_delete = confirm_view(
    access_transfer_by_id,
    act=lambda transfer, access: services.transfer_delete(
        access=access, transfer=transfer
    ),
    then=lambda transfer, access: reverse(
        "transfer:transfer-list", args=[access.process.pk]
    ),
    message=gettext_lazy("Transfer removed from the ledger."),
    question=gettext_lazy("Delete this transfer, with its uptake records?"),
    name=lambda transfer, access: str(transfer.recipient),
    page=_page,
)


name_views(globals())
