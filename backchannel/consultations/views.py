"""The facilitators' pages of consultations: create, moderate, analyse, export,
and the results for everyone seated in the process."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backchannel.consultations import services
from backchannel.consultations.access import (
    access_consultation_by_id,
    access_statement_by_id,
)
from backchannel.consultations.forms import (
    ConsultationCreateForm,
    ConsultationForm,
    ModerateForm,
    StatementAddForm,
)
from backchannel.consultations.models import Consultation, StatementStatus
from backchannel.consultations.selectors import (
    consultation_rows_for,
    results_for,
    runs_for,
    stalled,
    statement_list_for,
    vote_counts_for,
)
from backchannel.core.errors import ValidationFailed
from backchannel.core.web import (
    attach_errors,
    posted,
    render_confirm,
    render_form,
    web_errors,
)
from backchannel.processes.access import ProcessAccess, access_process_by_id

GET_POST = require_http_methods(["GET", "POST"])


def _page(access: ProcessAccess, **extra: Any) -> dict[str, Any]:
    return {
        "access": access,
        "process": access.process,
        "nav": "processes",
        "tab": "consultations",
        **extra,
    }


def public_url(request: HttpRequest, consultation: Consultation) -> str:
    return request.build_absolute_uri(
        reverse("consultations:vote", args=[str(consultation.token)])
    )


@login_required
@require_GET
@web_errors
def consultation_list(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id)
    context = _page(access, rows=consultation_rows_for(access))
    return render(request, "consultations/consultation_list.html", context)


@login_required
@GET_POST
@web_errors
def consultation_create(request: HttpRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    form = ConsultationCreateForm(
        posted(request),
        initial={"status": "draft", "accepts_statements": True},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.consultation_create(
                access=access,
                title=data["title"],
                question=data["question"],
                status=data["status"],
                accepts_statements=data["accepts_statements"],
                public_results=data["public_results"],
                seed_statements=form.statements(),
            )
        except ValidationFailed as exc:
            attach_errors(
                form, exc.errors, aliases={"seed_statements": "seed_statements"}
            )
        else:
            messages.success(request, _("Consultation created."))
            return redirect("consultations:consultation-detail", consultation.pk)
    context = _page(access, form=form, heading="New consultation")
    return render_form(request, "consultations/consultation_form.html", context)


@login_required
@require_GET
@web_errors
def consultation_detail(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation, access = access_consultation_by_id(request.user, consultation_id)
    latest, done = runs_for(consultation)
    statuses = dict.fromkeys(StatementStatus.values, 0)
    for status in consultation.statements.values_list("status", flat=True):
        statuses[status] += 1
    context = _page(
        access,
        consultation=consultation,
        latest=latest,
        stalled=stalled(latest),
        results=results_for(done),
        statuses=statuses,
        participants=consultation.ballots.count(),
        public_url=public_url(request, consultation) if access.can_manage else "",
    )
    return render(request, "consultations/consultation_detail.html", context)


@login_required
@GET_POST
@web_errors
def consultation_edit(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation, access = access_consultation_by_id(
        request.user, consultation_id, manage=True
    )
    form = ConsultationForm(
        posted(request),
        initial={
            "title": consultation.title,
            "question": consultation.question,
            "status": consultation.status,
            "accepts_statements": consultation.accepts_statements,
            "public_results": consultation.public_results,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(
                access=access, consultation=consultation, **form.cleaned_data
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Consultation saved."))
            return redirect("consultations:consultation-detail", consultation.pk)
    context = _page(
        access,
        consultation=consultation,
        form=form,
        heading="Edit consultation",
        delete_url=reverse("consultations:consultation-delete", args=[consultation.pk]),
    )
    return render_form(request, "consultations/consultation_form.html", context)


@login_required
@GET_POST
@web_errors
def consultation_delete(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation, access = access_consultation_by_id(
        request.user, consultation_id, manage=True
    )
    if request.method == "POST":
        services.consultation_delete(access=access, consultation=consultation)
        messages.success(
            request, _("Consultation deleted, with its votes and results.")
        )
        return redirect("consultations:consultation-list", access.process.pk)
    context = _page(
        access,
        question=_("Delete this consultation, with its statements, votes and results?"),
        name=str(consultation.title),
        cancel_url=reverse("consultations:consultation-detail", args=[consultation.pk]),
    )
    return render_confirm(request, context)


@login_required
@require_POST
@web_errors
def link_renew(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation, access = access_consultation_by_id(
        request.user, consultation_id, manage=True
    )
    services.consultation_link_renew(access=access, consultation=consultation)
    messages.success(request, _("New public link made; the old one no longer opens."))
    return redirect("consultations:consultation-detail", consultation.pk)


@login_required
@GET_POST
@web_errors
def statement_list(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    """The moderation queue, and the form to add seed statements."""
    consultation, access = access_consultation_by_id(
        request.user, consultation_id, manage=True
    )
    form = StatementAddForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            added = services.statement_add(
                access=access, consultation=consultation, texts=form.statements()
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s statement added.",
                    "%(count)s statements added.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect("consultations:statement-list", consultation.pk)
    statements = statement_list_for(consultation)
    counts = vote_counts_for(consultation)
    groups = [
        (
            status,
            label,
            [
                {
                    "statement": s,
                    "agree": counts.get(s.pk, {}).get(1, 0),
                    "disagree": counts.get(s.pk, {}).get(-1, 0),
                    "passes": counts.get(s.pk, {}).get(0, 0),
                }
                for s in statements
                if s.status == status
            ],
        )
        for status, label in (
            (StatementStatus.PENDING, "Waiting for moderation"),
            (StatementStatus.ACCEPTED, "Accepted: shown to voters"),
            (StatementStatus.REJECTED, "Rejected: hidden and left out of the analysis"),
        )
    ]
    context = _page(access, consultation=consultation, form=form, groups=groups)
    return render_form(request, "consultations/statement_list.html", context)


@login_required
@require_POST
@web_errors
def statement_moderate(request: HttpRequest, statement_id: Any) -> HttpResponse:
    statement, access = access_statement_by_id(request.user, statement_id, manage=True)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed({"status": [_("Choose accepted, rejected or pending.")]})
    services.statement_moderate(
        access=access, statement=statement, status=form.cleaned_data["status"]
    )
    messages.success(
        request,
        _("Statement %(number)s: %(status)s.")
        % {
            "number": statement.number,
            "status": StatementStatus(statement.status).label,
        },
    )
    url = reverse("consultations:statement-list", args=[statement.consultation_id])
    return redirect(f"{url}#statement-{statement.pk}")


@login_required
@require_GET
@web_errors
def consultation_results(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation, access = access_consultation_by_id(request.user, consultation_id)
    latest, done = runs_for(consultation)
    context = _page(
        access,
        consultation=consultation,
        latest=latest,
        stalled=stalled(latest),
        results=results_for(done),
    )
    return render(request, "consultations/consultation_results.html", context)


@login_required
@require_POST
@web_errors
def analysis_request(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation, access = access_consultation_by_id(
        request.user, consultation_id, manage=True
    )
    services.analysis_request(access=access, consultation=consultation)
    messages.success(
        request, _("Analysis queued: this page refreshes until the results are in.")
    )
    return redirect("consultations:consultation-results", consultation.pk)


@login_required
@require_GET
@web_errors
def consultation_export(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation, access = access_consultation_by_id(
        request.user, consultation_id, manage=True
    )
    data = services.consultation_export(access=access, consultation=consultation)
    response = HttpResponse(data, content_type="application/zip")
    name = f"consultation-{consultation.pk.hex[:8]}-polis.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
