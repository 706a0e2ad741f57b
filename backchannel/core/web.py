"""Shared pieces of the server-rendered web UI: error mapping and form helpers.

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
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from backchannel.core.errors import (
    GateBlocked,
    NotFound,
    PermissionDenied,
    PledgeRequired,
    ValidationFailed,
)

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
            return render(request, "403.html", {"message": exc.message}, status=403)
        except ValidationFailed as exc:
            return render(request, "422.html", {"errors": exc.errors}, status=422)
        except GateBlocked as exc:
            # Text about to leave the workspace identifies someone: show where.
            from backchannel.transfer.selectors import highlighted

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
    for path, messages in errors.items():
        target = aliases.get(path, path)
        prefix = ""
        match = _PATH.match(path)
        if target == path and match:
            target = aliases.get(match["name"], match["name"])
            prefix = f"Line {int(match['index']) + 1}: "
        name = target if target in form.fields else None
        for message in messages:
            form.add_error(name, prefix + message)  # type: ignore[arg-type]
        if name is None:
            unplaced[path] = messages
    return unplaced


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
    """Render a form page: 422 when a submitted form carries errors, else 200."""
    form = context.get("form")
    invalid = form is not None and form.is_bound and bool(form.errors)
    return render(request, template, context, status=422 if invalid else 200)


def posted(request: HttpRequest) -> Any:
    """The submitted data for a form, or None to build it unbound on GET."""
    return request.POST if request.method == "POST" else None
