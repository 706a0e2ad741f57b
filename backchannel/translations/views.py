"""Web pages: the side-by-side view, writing and verifying translations, and
the interpreter's pledge. Every rule lives in the services and access modules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backchannel.core.errors import NotFound, ValidationFailed
from backchannel.core.web import (
    attach_errors,
    posted,
    render_confirm,
    render_form,
    web_errors,
)
from backchannel.participants.models import Seat, SeatRole
from backchannel.participants.pledge import PLEDGE_TEXT, PLEDGE_VERSION
from backchannel.participants.services import pledge_accept
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.translations import selectors, services
from backchannel.translations.access import (
    access_source,
    access_translation_by_id,
    require_verify,
)
from backchannel.translations.forms import (
    LanguageForm,
    PledgeForm,
    TranslationEditForm,
    TranslationForm,
)

GET_POST = require_http_methods(["GET", "POST"])


def _page(access: ProcessAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "process": access.process, "tab": "", **extra}


def _side_url(kind: str, source_id: Any, language: str = "") -> str:
    url = reverse("translations:side-by-side", args=[kind, source_id])
    return f"{url}?lang={language}" if language else url


@login_required
@require_GET
@web_errors
def side_by_side_page(request: HttpRequest, kind: str, source_id: Any) -> HttpResponse:
    """The original and one translation in two columns."""
    found, source, access = access_source(request.user, kind, source_id)
    view = selectors.side_by_side(
        access, found, source, request.GET.get("lang") or None
    )
    return render(
        request,
        "translations/side_by_side.html",
        _page(access, view=view, kind=kind, source_id=source.pk),
    )


@login_required
@GET_POST
@web_errors
def translation_create(request: HttpRequest, kind: str, source_id: Any) -> HttpResponse:
    found, source, access = access_source(request.user, kind, source_id, translate=True)
    form = TranslationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            translation = services.translation_add(
                access=access, kind=found, source=source, **form.cleaned_data
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Translation saved."))
            return redirect(_side_url(kind, source.pk, translation.language))
    return render_form(
        request,
        "translations/form.html",
        _page(
            access,
            form=form,
            heading=_("New translation"),
            subject=found.title(source),
            original=found.original(source),
            original_language=found.original_language(source),
            cancel_url=_side_url(kind, source.pk),
        ),
    )


@login_required
@GET_POST
@web_errors
def original_language(request: HttpRequest, kind: str, source_id: Any) -> HttpResponse:
    found, source, access = access_source(request.user, kind, source_id, translate=True)
    form = LanguageForm(
        posted(request), initial={"language": found.original_language(source)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.original_language_set(
                access=access, kind=found, source=source, **form.cleaned_data
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Language of the original saved."))
            return redirect(_side_url(kind, source.pk))
    return render_form(
        request,
        "translations/form.html",
        _page(
            access,
            form=form,
            heading=_("Language of the original"),
            subject=found.title(source),
            cancel_url=_side_url(kind, source.pk),
        ),
    )


@login_required
@GET_POST
@web_errors
def translation_edit(request: HttpRequest, translation_id: Any) -> HttpResponse:
    translation, found, source, access = access_translation_by_id(
        request.user, translation_id, translate=True
    )
    mark = translation.mark if translation.mark != "verified" else "draft"
    form = TranslationEditForm(
        posted(request), initial={"text": translation.text, "mark": mark}
    )
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        if changes["mark"] == mark:
            # Saving the form unchanged keeps a verified translation verified.
            del changes["mark"]
        try:
            services.translation_update(
                access=access, translation=translation, **changes
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Translation saved."))
            return redirect(_side_url(found.name, source.pk, translation.language))
    return render_form(
        request,
        "translations/form.html",
        _page(
            access,
            form=form,
            heading=_("Edit the translation"),
            subject=found.title(source),
            original=found.original(source),
            original_language=found.original_language(source),
            translation=translation,
            cancel_url=_side_url(found.name, source.pk, translation.language),
            delete_url=reverse(
                "translations:translation-delete", args=[translation.pk]
            ),
        ),
    )


@login_required
@GET_POST
@web_errors
def translation_verify(request: HttpRequest, translation_id: Any) -> HttpResponse:
    translation, found, source, access = access_translation_by_id(
        request.user, translation_id
    )
    require_verify(access)
    if request.method == "POST":
        services.translation_verify(access=access, translation=translation)
        messages.success(request, _("Translation verified."))
        return redirect(_side_url(found.name, source.pk, translation.language))
    view = selectors.side_by_side(access, found, source, translation.language)
    return render(
        request,
        "translations/verify.html",
        _page(access, view=view, kind=found.name, source_id=source.pk),
    )


@login_required
@GET_POST
@web_errors
def translation_delete(request: HttpRequest, translation_id: Any) -> HttpResponse:
    translation, found, source, access = access_translation_by_id(
        request.user, translation_id, translate=True
    )
    if request.method == "POST":
        services.translation_delete(access=access, translation=translation)
        messages.success(request, _("Translation deleted."))
        return redirect(_side_url(found.name, source.pk))
    return render_confirm(
        request,
        _page(
            access,
            question=_("Delete this translation?"),
            name=f"{found.title(source)} ({translation.language})",
            cancel_url=_side_url(found.name, source.pk, translation.language),
        ),
    )


@login_required
@require_GET
@web_errors
def translation_export(request: HttpRequest, translation_id: Any) -> HttpResponse:
    """One translation as plain text, marked as not authoritative."""
    translation, found, source, access = access_translation_by_id(
        request.user, translation_id
    )
    view = selectors.side_by_side(access, found, source, translation.language)
    if view.chosen is None:
        raise NotFound("translation")
    response = HttpResponse(
        selectors.translation_export(view), content_type="text/plain; charset=utf-8"
    )
    response["Content-Language"] = translation.language
    response["Content-Disposition"] = (
        f'attachment; filename="translation-{translation.language}.txt"'
    )
    return response


@login_required
@GET_POST
@web_errors
def pledge(request: HttpRequest, process_id: Any) -> HttpResponse:
    """The confidentiality pledge: interpreters accept it before seeing anything."""
    access = access_process_by_id(request.user, process_id, before_pledge=True)
    seat = Seat.objects.filter(pk=access.seat_id).first()
    required = access.role == SeatRole.INTERPRETER
    form = PledgeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            pledge_accept(access=access, accept=form.cleaned_data["accept"])
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            messages.success(request, _("Pledge accepted."))
            return redirect("processes:process-detail", access.process.pk)
    # Before the pledge the header (title, tabs) stays hidden: no process context.
    return render_form(
        request,
        "translations/pledge.html",
        {
            "form": form,
            "pledge_text": PLEDGE_TEXT,
            "pledge_version": PLEDGE_VERSION,
            "required": required,
            "seat": seat,
            "process_id": access.process.pk,
        },
    )
