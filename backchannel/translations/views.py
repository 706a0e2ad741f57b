"""Web pages: the side-by-side view, writing and verifying translations, and
the interpreter's pledge. Every rule lives in the services and access modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backchannel.accounts.http import WebRequest
from backchannel.core.errors import NotFound
from backchannel.core.web import (
    GET,
    Form,
    confirm_page,
    confirm_view,
    form_page,
    html_view,
    name_views,
    posted,
    tab_form,
    tab_page,
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

_page = tab_page(tab="")


# The translation pages' one form (a translation, or the original's language).
_form = tab_form("translations/form.html", _page)


def _side_url(kind: str, source_id: Any, language: str = "") -> str:
    url = reverse("translations:side-by-side", args=[kind, source_id])
    return f"{url}?lang={language}" if language else url


@html_view(methods=GET)
def side_by_side_page(request: WebRequest, kind: str, source_id: Any) -> HttpResponse:
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


def _source_view(
    form: Callable[..., Form],
    service: Callable[..., Any],
    page: Callable[[Any, Any], dict[str, Any]],
) -> Callable[..., HttpResponse]:
    """A translator's form about one original (a new translation, the
    original's language), declared: ``form(data, found, source)``, then
    ``service(access=…, kind=…, source=…, **data)``; ``page(found, source)``
    gives the words and where to go, Cancel goes back to the original."""

    @html_view()
    def view(request: WebRequest, kind: str, source_id: Any) -> HttpResponse:
        found, source, access = access_source(
            request.user, kind, source_id, translate=True
        )
        bound = form(posted(request), found, source)
        return _form(
            request,
            access,
            bound,
            lambda: service(
                access=access, kind=found, source=source, **bound.cleaned_data
            ),
            subject=found.title(source),
            cancel_url=_side_url(kind, source.pk),
            **page(found, source),
        )

    return view


translation_create = _source_view(
    lambda data, found, source: TranslationForm(data),
    services.translation_add,
    lambda found, source: {
        "then": lambda made: _side_url(found.name, source.pk, made.language),
        "message": _("Translation saved."),
        "heading": _("New translation"),
        "original": found.original(source),
        "original_language": found.original_language(source),
    },
)

original_language = _source_view(
    lambda data, found, source: LanguageForm(
        data, initial={"language": found.original_language(source)}
    ),
    services.original_language_set,
    lambda found, source: {
        "then": _side_url(found.name, source.pk),
        "message": _("Language of the original saved."),
        "heading": _("Language of the original"),
    },
)


@html_view(access_translation_by_id, translate=True)
def translation_edit(
    request: WebRequest,
    translation: Any,
    found: Any,
    source: Any,
    access: ProcessAccess,
) -> HttpResponse:
    mark = translation.mark if translation.mark != "verified" else "draft"
    form = TranslationEditForm(
        posted(request), initial={"text": translation.text, "mark": mark}
    )

    def save() -> None:
        changes = dict(form.cleaned_data)
        if changes["mark"] == mark:
            # Saving the form unchanged keeps a verified translation verified.
            del changes["mark"]
        services.translation_update(access=access, translation=translation, **changes)

    back = _side_url(found.name, source.pk, translation.language)
    return _form(
        request,
        access,
        form,
        save,
        then=back,
        message=_("Translation saved."),
        heading=_("Edit the translation"),
        subject=found.title(source),
        original=found.original(source),
        original_language=found.original_language(source),
        translation=translation,
        cancel_url=back,
        delete_url=reverse("translations:translation-delete", args=[translation.pk]),
    )


@html_view(access_translation_by_id)
def translation_verify(
    request: WebRequest,
    translation: Any,
    found: Any,
    source: Any,
    access: ProcessAccess,
) -> HttpResponse:
    require_verify(access)
    return confirm_page(
        request,
        lambda: services.translation_verify(access=access, translation=translation),
        then=_side_url(found.name, source.pk, translation.language),
        message=_("Translation verified."),
        context=lambda: _page(
            access,
            view=selectors.side_by_side(access, found, source, translation.language),
            kind=found.name,
            source_id=source.pk,
        ),
        template="translations/verify.html",
        show_errors=False,
    )


translation_delete = confirm_view(
    access_translation_by_id,
    translate=True,
    act=lambda translation, found, source, access: services.translation_delete(
        access=access, translation=translation
    ),
    then=lambda translation, found, source, access: _side_url(found.name, source.pk),
    message=gettext_lazy("Translation deleted."),
    question=gettext_lazy("Delete this translation?"),
    name=lambda translation, found, source, access: (
        f"{found.title(source)} ({translation.language})"
    ),
    cancel=lambda translation, found, source, access: _side_url(
        found.name, source.pk, translation.language
    ),
    page=_page,
)


@html_view(access_translation_by_id, methods=GET)
def translation_export(
    request: WebRequest,
    translation: Any,
    found: Any,
    source: Any,
    access: ProcessAccess,
) -> HttpResponse:
    """One translation as plain text, marked as not authoritative."""
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


@html_view()
def pledge(request: WebRequest, process_id: Any) -> HttpResponse:
    """The confidentiality pledge: interpreters accept it before seeing anything."""
    access = access_process_by_id(request.user, process_id, before_pledge=True)
    seat = Seat.objects.filter(pk=access.seat_id).first() if access.seat_id else None
    required = access.role == SeatRole.INTERPRETER
    form = PledgeForm(posted(request))
    return form_page(
        request,
        form,
        lambda: pledge_accept(access=access, accept=form.cleaned_data["accept"]),
        then=reverse("processes:process-detail", args=[access.process.pk]),
        message=_("Pledge accepted."),
        template="translations/pledge.html",
        # Before the pledge the header (title, tabs) stays hidden: no process context.
        context={
            "pledge_text": PLEDGE_TEXT,
            "pledge_version": PLEDGE_VERSION,
            "required": required,
            "seat": seat,
            "process_id": access.process.pk,
        },
    )


name_views(globals())
