"""The facilitators' pages of consultations: create, moderate, analyse, export,
and the results for everyone seated in the process."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backchannel.accounts.http import WebRequest
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
from backchannel.core import uploads
from backchannel.core.errors import ValidationFailed
from backchannel.core.web import (
    GET,
    POST,
    confirm_view,
    form_page,
    html_view,
    name_views,
    posted,
    tab_page,
)
from backchannel.processes.access import ProcessAccess, access_process_by_id

_page = tab_page(nav="processes", tab="consultations")


def _detail_url(consultation: Consultation) -> str:
    return reverse("consultations:consultation-detail", args=[consultation.pk])


def public_url(request: HttpRequest, consultation: Consultation) -> str:
    return request.build_absolute_uri(
        reverse("consultations:vote", args=[str(consultation.token)])
    )


@html_view(access_process_by_id, methods=GET)
def consultation_list(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    context = _page(access, rows=consultation_rows_for(access))
    return render(request, "consultations/consultation_list.html", context)


@html_view(access_process_by_id, manage=True)
def consultation_create(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    form = ConsultationCreateForm(
        posted(request),
        initial={"status": "draft", "accepts_statements": True},
    )
    fields = ("title", "question", "status", "accepts_statements", "public_results")
    return form_page(
        request,
        form,
        lambda: services.consultation_create(
            access=access,
            seed_statements=form.statements(),
            **{name: form.cleaned_data[name] for name in fields},
        ),
        then=_detail_url,
        message=_("Consultation created."),
        template="consultations/consultation_form.html",
        context=_page(access, heading=_("New consultation")),
    )


@html_view(access_consultation_by_id, methods=GET)
def consultation_detail(
    request: WebRequest, consultation: Any, access: ProcessAccess
) -> HttpResponse:
    statuses = dict.fromkeys(StatementStatus.values, 0)
    for status in consultation.statements.values_list("status", flat=True):
        statuses[status] += 1
    context = _page(
        access,
        **_results(consultation),
        statuses=statuses,
        participants=consultation.ballots.count(),
        public_url=public_url(request, consultation) if access.can_manage else "",
    )
    return render(request, "consultations/consultation_detail.html", context)


@html_view(access_consultation_by_id, manage=True)
def consultation_edit(
    request: WebRequest, consultation: Any, access: ProcessAccess
) -> HttpResponse:
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
    return form_page(
        request,
        form,
        lambda: services.consultation_update(
            access=access, consultation=consultation, **form.cleaned_data
        ),
        then=_detail_url(consultation),
        message=_("Consultation saved."),
        template="consultations/consultation_form.html",
        context=_page(
            access,
            consultation=consultation,
            heading=_("Edit consultation"),
            delete_url=reverse(
                "consultations:consultation-delete", args=[consultation.pk]
            ),
        ),
    )


consultation_delete = confirm_view(
    access_consultation_by_id,
    manage=True,
    act=lambda consultation, access: services.consultation_delete(
        access=access, consultation=consultation
    ),
    then=lambda consultation, access: reverse(
        "consultations:consultation-list", args=[access.process.pk]
    ),
    message=gettext_lazy("Consultation deleted, with its votes and results."),
    question=gettext_lazy(
        "Delete this consultation, with its statements, votes and results?"
    ),
    name=lambda consultation, access: str(consultation.title),
    cancel=lambda consultation, access: _detail_url(consultation),
    page=_page,
)


@html_view(access_consultation_by_id, manage=True, methods=POST)
def link_renew(
    request: WebRequest, consultation: Any, access: ProcessAccess
) -> HttpResponse:
    services.consultation_link_renew(access=access, consultation=consultation)
    messages.success(request, _("New public link made; the old one no longer opens."))
    return redirect("consultations:consultation-detail", consultation.pk)


@html_view(access_consultation_by_id, manage=True)
def statement_list(
    request: WebRequest, consultation: Any, access: ProcessAccess
) -> HttpResponse:
    """The moderation queue, and the form to add seed statements."""
    form = StatementAddForm(posted(request))
    return form_page(
        request,
        form,
        lambda: services.statement_add(
            access=access, consultation=consultation, texts=form.statements()
        ),
        then=reverse("consultations:statement-list", args=[consultation.pk]),
        message=lambda added: (
            ngettext(
                "%(count)s statement added.", "%(count)s statements added.", len(added)
            )
            % {"count": len(added)}
        ),
        template="consultations/statement_list.html",
        context=lambda: _page(
            access, consultation=consultation, groups=_moderation_groups(consultation)
        ),
    )


def _moderation_groups(consultation: Consultation) -> list[Any]:
    """The statements by status, each with its vote counts."""
    statements = statement_list_for(consultation)
    counts = vote_counts_for(consultation)
    groups = [
        (
            status,
            label,
            [
                {
                    "statement": s,
                    "agree": counts.get(s.pk, Counter()).get(1, 0),
                    "disagree": counts.get(s.pk, Counter()).get(-1, 0),
                    "passes": counts.get(s.pk, Counter()).get(0, 0),
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
    return groups


@html_view(access_statement_by_id, manage=True, methods=POST)
def statement_moderate(
    request: WebRequest, statement: Any, access: ProcessAccess
) -> HttpResponse:
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


@html_view(access_consultation_by_id, methods=GET)
def consultation_results(
    request: WebRequest, consultation: Any, access: ProcessAccess
) -> HttpResponse:
    context = _page(access, **_results(consultation))
    return render(request, "consultations/consultation_results.html", context)


def _results(consultation: Any) -> dict[str, Any]:
    """What the detail and results pages show of the analyses."""
    latest, done = runs_for(consultation)
    return {
        "consultation": consultation,
        "latest": latest,
        "stalled": stalled(latest),
        "results": results_for(done),
    }


@html_view(access_consultation_by_id, manage=True, methods=POST)
def analysis_request(
    request: WebRequest, consultation: Any, access: ProcessAccess
) -> HttpResponse:
    services.analysis_request(access=access, consultation=consultation)
    messages.success(
        request, _("Analysis queued: this page refreshes until the results are in.")
    )
    return redirect("consultations:consultation-results", consultation.pk)


@html_view(access_consultation_by_id, manage=True, methods=GET)
def consultation_export(
    request: WebRequest, consultation: Any, access: ProcessAccess
) -> HttpResponse:
    data = services.consultation_export(access=access, consultation=consultation)
    response = HttpResponse(data, content_type="application/zip")
    name = f"consultation-{consultation.pk.hex[:8]}-polis.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@html_view(access_consultation_by_id, manage=True)
def consultation_import(
    request: HttpRequest, consultation: Any, access: ProcessAccess
) -> HttpResponse:
    """Continue a Pol.is conversation here: upload its export (the CSV files,
    or a zip holding them) into this empty consultation."""
    context = _page(access, consultation=consultation, problems=[])
    template = "consultations/consultation_import.html"
    if request.method == "GET":
        return render(request, template, context)
    limit = uploads.limit("MAX_UPLOAD_BYTES")
    files = [
        (upload.name or "", upload.read(limit + 1))
        for upload in request.FILES.getlist("files")
    ]
    try:
        summary = services.consultation_import(
            access=access, consultation=consultation, files=files
        )
    except ValidationFailed as exc:
        context["problems"] = [m for msgs in exc.errors.values() for m in msgs]
        return render(request, template, context, status=422)
    messages.success(
        request,
        _(
            "Imported %(statements)s statements (%(accepted)s accepted, %(pending)s waiting for moderation) and %(votes)s votes of %(ballots)s voters."
        )
        % {
            "statements": summary.statements,
            "accepted": summary.accepted,
            "pending": summary.pending,
            "votes": summary.votes,
            "ballots": summary.ballots,
        },
    )
    return redirect("consultations:consultation-detail", consultation.pk)


name_views(globals())
