"""Shared pieces of the server-rendered web UI: error mapping, form helpers, and
the one shape of a page with a form (``form_page``, declared whole with
``form_view``) or a confirmation (``confirm_page``, ``confirm_view``) and of a process tab's context (``tab_page``).

Every HTML view maps Backchannel's errors to HTTP here, in one place:
``NotFound`` → 404 (one page for "missing" and "not yours"), ``PermissionDenied``
→ 403 with the message naming the fix, ``GateBlocked`` → 409 with the gate's
findings highlighted, ``ValidationFailed`` → 422 (views that
own a form attach the errors to its fields; others fall back to a page listing
them).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, ParamSpec, Protocol

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.formsets import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern
from django.urls import path as route
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from backchannel.core.errors import (
    GateBlocked,
    NotFound,
    PermissionDenied,
    PledgeRequired,
    ValidationFailed,
)
from backchannel.core.markdown import highlighted

P = ParamSpec("P")

_PATH = re.compile(r"^(?P<name>\w+)\[(?P<index>\d+)\]\.?(?P<field>\w*)$")


def web_errors(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Map Backchannel's errors to HTTP for one HTML view."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            # Http404 renders templates/404.html, which never shows what was asked
            # for: a missing and a forbidden object answer byte for byte the same.
            raise Http404 from None
        except PledgeRequired as exc:
            return redirect("translations:pledge", exc.process_id)
        except PermissionDenied as exc:
            if request.method in ("GET", "HEAD"):
                # A page a role may not read answers the plain 404 of a random id
                # (issue 22, 5): a 403 would confirm that the object exists.
                raise Http404 from None
            return render(request, "403.html", {"message": exc.message}, status=403)
        except ValidationFailed as exc:
            return render(request, "422.html", {"errors": exc.errors}, status=422)
        except GateBlocked as exc:
            # Text about to leave the workspace identifies someone: show where.
            context = {
                "message": exc.message,
                "report": exc.report,
                "pieces": highlighted(exc.report),
            }
            return render(request, "409.html", context, status=409)

    return wrapper


class Form(forms.Form):
    """Base of the UI's forms: templates render them with ``includes/form.html``."""

    label_suffix = ""


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's choice field ``name``, whose choices a form sets when it is
    built (the sides of a process, its phases…)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field.")
    return field


def attach_errors(
    form: forms.Form,
    errors: dict[str, list[str]],
    *,
    aliases: dict[str, str] | None = None,
) -> dict[str, list[str]]:
    """Put a service's errors next to the form's fields.

    ``aliases`` maps a service's field or JSON path (``contact.emails``) to the
    form field that holds it. Paths with an index (``agenda[2].title``) are
    reported on their list field, naming the line. Returns what matched no field
    and was added to the form's non-field errors.
    """
    aliases = aliases or {}
    unplaced: dict[str, list[str]] = {}
    for path, texts in errors.items():
        target = aliases.get(path, path)
        line = None
        match = _PATH.match(path)
        if target == path and match:
            target = aliases.get(match["name"], match["name"])
            line = int(match["index"]) + 1
        name = target if target in form.fields else None
        for message in texts:
            if line is not None:
                message = gettext("Line %(number)s: %(message)s") % {
                    "number": line,
                    "message": message,
                }
            form.add_error(name, message)
        if name is None:
            unplaced[path] = texts
    return unplaced


@dataclass(frozen=True)
class ErrorLink:
    """One line of a form's error summary: the message, the label of the field it
    belongs to, and the anchor of the control that fixes it (None: the form)."""

    message: str
    label: str = ""
    href: str | None = None


def _control_id(field: forms.BoundField) -> str:
    # A group of boxes or radios is reached through its first choice.
    if field.field.widget.use_fieldset and field.subwidgets:
        return str(field.subwidgets[0].id_for_label or field.auto_id)
    return str(field.id_for_label or field.auto_id)


def error_summary(*forms_: Any) -> list[ErrorLink]:
    """Every error of the given forms and formsets, in page order, each linked
    to the field that holds it: the summary shown above a form that failed."""
    out: list[ErrorLink] = []
    for form in forms_:
        if not form or not form.is_bound:  # "" is what a template passes for none
            continue
        if isinstance(form, BaseFormSet):
            out += [ErrorLink(str(m)) for m in form.non_form_errors()]
            for number, row in enumerate(form.forms, start=1):
                out += _form_errors(row, row=number)
        else:
            out += _form_errors(form)
    return out


def _form_errors(form: forms.Form, *, row: int | None = None) -> list[ErrorLink]:
    def labelled(label: str) -> str:
        if row is None:
            return label
        if not label:
            return gettext("Row %(row)s") % {"row": row}
        return gettext("Row %(row)s, %(label)s") % {"row": row, "label": label}

    out = [ErrorLink(str(m), labelled("")) for m in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            href = None if field.is_hidden else f"#{_control_id(field)}"
            out.append(ErrorLink(str(message), labelled(str(field.label)), href))
    return out


def split_list(value: str, *, separators: str = ",\n") -> list[str]:
    """Split free text on commas and/or new lines, dropping blanks."""
    pattern = "|".join(re.escape(s) for s in separators)
    return [part.strip() for part in re.split(pattern, value or "") if part.strip()]


def choices_of(
    objects: Iterable[Any], label: Callable[[Any], str] = str
) -> list[tuple[str, str]]:
    """``(id, label)`` pairs for a choice field over loaded (decrypted) rows."""
    return [(str(obj.pk), label(obj)) for obj in objects]


def pick(objects: Iterable[Any], pk: str | None) -> Any:
    """The row whose id is ``pk`` among those offered, or None."""
    if not pk:
        return None
    for obj in objects:
        if str(obj.pk) == pk:
            return obj
    return None


def render_form(
    request: HttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Render a form page: 422 when a submitted form (or formset) of the page
    carries errors, else 200."""
    invalid = any(_has_errors(value) for value in context.values())
    return render(request, template, context, status=422 if invalid else 200)


def _has_errors(value: Any) -> bool:
    if isinstance(value, BaseFormSet):
        return value.is_bound and not value.is_valid()
    return isinstance(value, forms.BaseForm) and value.is_bound and bool(value.errors)


def render_confirm(
    request: HttpRequest,
    context: dict[str, Any],
    *,
    template: str = "confirm_delete.html",
) -> HttpResponse:
    """Render a confirmation page: 422 when the confirmed action was refused
    (``context["errors"]``, shown on the page), else 200."""
    return render(
        request, template, context, status=422 if context.get("errors") else 200
    )


def posted(request: HttpRequest) -> Any:
    """The submitted data for a form, or None to build it unbound on GET."""
    return request.POST if request.method == "POST" else None


# -- the one shape of a page that shows a form, or asks to confirm an action

GET_POST = require_http_methods(["GET", "POST"])

Errors = dict[str, list[str]]
Context = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


class InProcess(Protocol):
    """What a page of a process is opened with (``processes.access.ProcessAccess``)."""

    @property
    def process(self) -> Any: ...


def process_page(access: InProcess, **context: Any) -> dict[str, Any]:
    """The context of a page inside a process: the access (role, seat: what
    the header and tabs offer), the process, then the page's own values."""
    return {"access": access, "process": access.process, **context}


def tab_page(**shared: Any) -> Callable[..., dict[str, Any]]:
    """The context builder of one tab's pages: :func:`process_page` with what
    they share (``tab``, ``nav``), which a page may still override."""

    def page(access: InProcess, **context: Any) -> dict[str, Any]:
        return process_page(access, **{**shared, **context})

    return page


def tab_form(
    template: str,
    page: Callable[..., dict[str, Any]] = process_page,
    *,
    cancel_to_then: bool = False,
) -> Callable[..., HttpResponse]:
    """The one-form pages of a tab that share ``template``, as one function:
    ``show(request, access, form, save, then=…, message=…, **context)`` is
    :func:`form_page` with the context built by ``page`` (the tab's
    :func:`tab_page`) from the access and the page's own values. With
    ``cancel_to_then``, Cancel goes back to ``then`` unless the page names
    another ``cancel_url``."""

    def show(
        request: HttpRequest,
        access: InProcess,
        form: forms.Form,
        save: Callable[[], Any],
        *,
        then: str | Callable[[Any], str | HttpResponse],
        message: str | Callable[[Any], str] | None,
        **context: Any,
    ) -> HttpResponse:
        if cancel_to_then:
            context = {"cancel_url": then, **context}
        return form_page(
            request,
            form,
            save,
            then=then,
            message=message,
            template=template,
            context=page(access, **context),
        )

    return show


GET = ("GET",)
POST = ("POST",)
View = Callable[..., HttpResponse]


def html_view(
    opens: Callable[..., Any] | None = None,
    *given: Any,
    methods: Iterable[str] = ("GET", "POST"),
    **options: Any,
) -> Callable[[View], View]:
    """The one header of an HTML view: login required, only ``methods``
    (405 otherwise), Backchannel's errors mapped (:func:`web_errors`) and, with
    ``opens``, the object the URL names opened through its ``access_*`` door.

    ``opens(request.user, *given, <the URL's first argument>, **options)`` is
    called inside the error mapping (a refused read is the uniform 404), and
    the view gets what it returns in place of that argument: an access, or an
    ``(object, access)`` pair as two arguments. Other URL arguments follow.
    """
    allowed = require_http_methods(list(methods))

    def decorate(view: View) -> View:
        if opens is None:
            return login_required(allowed(web_errors(view)))

        @functools.wraps(view)
        def opened(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # The URL's first argument names the object: its id, or its ref.
            if kwargs:
                ref = kwargs.pop(next(iter(kwargs)))
            else:
                ref, args = args[0], args[1:]
            found = opens(request.user, *given, ref, **options)
            found = found if isinstance(found, tuple) else (found,)
            return view(request, *found, *args, **kwargs)

        return login_required(allowed(web_errors(opened)))

    return decorate


def confirm_view(
    opens: Callable[..., Any],
    *given: Any,
    act: Callable[..., Any],
    then: Callable[..., str],
    message: Any,
    question: Any,
    name: Callable[..., Any],
    cancel: Callable[..., str] | None = None,
    page: Callable[..., dict[str, Any]] = process_page,
    **options: Any,
) -> View:
    """A whole view confirming one action (a deletion) on the object the URL
    names, declared rather than written: :func:`html_view` opens it (``opens``,
    ``given``, ``options``), :func:`confirm_page` asks ``question`` about
    ``name`` and, on POST, calls ``act``, shows ``message`` and redirects to
    ``then``. ``act``, ``then``, ``name`` and ``cancel`` (the way back, by
    default ``then``) are functions of what was opened: the object, then the
    access; ``message`` and ``question`` are lazy translations; ``page`` builds
    the context (the tab's :func:`tab_page`)."""

    @html_view(opens, *given, **options)
    def view(request: HttpRequest, *opened: Any) -> HttpResponse:
        access = opened[-1]
        return confirm_page(
            request,
            lambda: act(*opened),
            then=then(*opened),
            message=message,
            context=lambda: page(
                access,
                question=question,
                name=name(*opened),
                cancel_url=(cancel or then)(*opened),
            ),
        )

    return view


def form_view(
    opens: Callable[..., Any],
    *given: Any,
    show: Callable[..., HttpResponse],
    form: Callable[..., forms.Form],
    save: Callable[..., Any],
    then: Callable[..., Any],
    message: Any,
    page: Callable[..., Mapping[str, Any]] | None = None,
    **options: Any,
) -> View:
    """A whole view of a one-form page, declared rather than written, where
    pages differ only by form, service and words: :func:`html_view` opens what
    the URL names (``opens``, ``given``, ``options``); ``form(data, *opened)``
    builds the form (``data`` None on GET); on a valid POST ``save(cleaned_data,
    *opened)`` is the service call, then ``message`` and a redirect to
    ``then(*opened)``; ``show`` is the tab's page (:func:`tab_form`) and
    ``page(*opened)`` the page's own values (heading, subject…). ``message`` is
    a lazy translation or a function of what was opened."""

    @html_view(opens, *given, **options)
    def view(request: HttpRequest, *opened: Any) -> HttpResponse:
        bound = form(posted(request), *opened)
        text = message(*opened) if callable(message) else message
        return show(
            request,
            opened[-1],
            bound,
            lambda: save(bound.cleaned_data, *opened),
            then=then(*opened),
            message=text,
            **(page(*opened) if page else {}),
        )

    return view


def name_views(namespace: dict[str, Any]) -> None:
    """Give every view that :func:`form_view` or :func:`confirm_view` built
    (all written here as one function ``view``) the name it is bound to in the
    views module whose ``globals()`` is ``namespace``: URL dumps, logs and
    error reports then say ``backchannel.ideas.views.joint_text_edit``, not
    ``backchannel.core.web.view``. Called once at the end of such a module."""
    module = namespace["__name__"]
    for name, value in list(namespace.items()):
        layer = value
        while callable(layer) and _is_declared(layer):
            layer.__module__ = module
            layer.__name__ = layer.__qualname__ = name
            layer = getattr(layer, "__wrapped__", None)


def _is_declared(function: Any) -> bool:
    return getattr(function, "__module__", None) == __name__ and getattr(
        function, "__qualname__", ""
    ).endswith(("form_view.<locals>.view", "confirm_view.<locals>.view"))


def _context_of(context: Context) -> dict[str, Any]:
    return dict(context() if callable(context) else context)


def _result_of(value: Any, result: Any) -> Any:
    return value(result) if callable(value) else value


def form_page(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[], Any],
    *,
    then: str | Callable[[Any], str | HttpResponse],
    message: str | Callable[[Any], str] | None,
    template: str,
    context: Context,
    aliases: dict[str, str] | None = None,
    formset: BaseFormSet | None = None,
    errors_to: Callable[[Errors], Errors] | None = None,
    ready: bool = True,
) -> HttpResponse:
    """A page with a form: on a valid POST, ``save()`` (the service call), the
    success ``message`` and a redirect to ``then``; else the form page.

    ``then`` and ``message`` may be functions of what ``save`` returned; a
    ``then`` that returns a response is shown instead of a redirect (what is
    shown only once, never kept in the session: a new token, an invitation). The
    service's ``ValidationFailed`` goes next to the form's fields (``aliases``
    as in :func:`attach_errors`; ``errors_to`` first places some elsewhere, on
    a formset's rows, and returns the rest). ``ready`` False shows the page
    without saving (a round no longer open). The page gets ``form`` (and
    ``formset``) beside ``context`` (a dict, or a function called only when
    the page is shown) and answers 422 while a submitted form has errors.
    """
    if (
        request.method == "POST"
        and ready
        and form.is_valid()
        and (formset is None or formset.is_valid())
    ):
        try:
            result = save()
        except ValidationFailed as exc:
            errors = errors_to(exc.errors) if errors_to else exc.errors
            attach_errors(form, errors, aliases=aliases)
        else:
            text = _result_of(message, result)
            if text:
                messages.success(request, text)
            target = _result_of(then, result)
            return target if isinstance(target, HttpResponse) else redirect(target)
    shown = {"form": form, **({"formset": formset} if formset is not None else {})}
    return render_form(request, template, {**shown, **_context_of(context)})


def confirm_page(
    request: HttpRequest,
    act: Callable[[], Any],
    *,
    then: str,
    message: str,
    context: Context,
    template: str = "confirm_delete.html",
    show_errors: bool = True,
) -> HttpResponse:
    """A page asking to confirm one action (a deletion, a closing): on POST,
    ``act()`` (the service call), the success ``message`` and a redirect to
    ``then``; else the question. A refusal (``ValidationFailed``) is shown on
    the page with a 422 (``show_errors`` False: the template has no place for
    it, and the error pages show it instead)."""
    errors: Errors = {}
    if request.method == "POST":
        try:
            act()
        except ValidationFailed as exc:
            if not show_errors:
                raise
            errors = exc.errors
        else:
            messages.success(request, message)
            return redirect(then)
    page = _context_of(context)
    if errors:
        page["errors"] = errors
    return render_confirm(request, page, template=template)


def routes_of(views: ModuleType, what: str, *actions: str) -> list[URLPattern]:
    """The URLs of actions on one object, by the one convention of the web UI:
    ``<whats>/<uuid:<what>_id>/<action>/`` opens ``views.<what>_<action>`` and
    is named ``<what>-<action>`` (``routes_of(views, "joint_text", "edit")``:
    ``joint-texts/<uuid:joint_text_id>/edit/``, ``joint_text_edit``,
    ``joint-text-edit``)."""
    kebab = what.replace("_", "-")
    return [
        route(
            f"{kebab}s/<uuid:{what}_id>/{action}/",
            getattr(views, f"{what}_{action.replace('-', '_')}"),
            name=f"{kebab}-{action}",
        )
        for action in actions
    ]


def routes_under(
    views: ModuleType, prefix: str, what: str, *actions: str
) -> list[URLPattern]:
    """The list (``"list"``) and the new-object form (``"create"``) of one kind
    of object under another, by the same convention as :func:`routes_of`:
    ``<prefix>/<whats>/`` and ``<prefix>/<whats>/new/`` open
    ``views.<what>_list`` and ``views.<what>_create``, named ``<what>-list``
    and ``<what>-create``."""
    kebab = what.replace("_", "-")
    return [
        route(
            f"{prefix}/{kebab}s/{'new/' if action == 'create' else ''}",
            getattr(views, f"{what}_{action}"),
            name=f"{kebab}-{action}",
        )
        for action in actions
    ]
