"""The one shape of a form page and of a confirmation page (core.web), driven
through real Django forms, formsets, templates, messages and redirects."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.forms import formset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.web import (
    GET,
    GET_POST,
    confirm_page,
    confirm_view,
    form_page,
    html_view,
    posted,
    process_page,
    tab_page,
)

PAGE = (
    "{% for f in form %}{{ f.name }}:{{ f.errors|join:'/' }};{% endfor %}"
    "all:{{ form.non_field_errors|join:'/' }};"
    "{% for row in formset %}row:{{ row.errors.as_data|length }};{% endfor %}"
    "extra:{{ extra }}"
)
CONFIRM = (
    "{{ question }}|{% for k, v in errors.items %}{{ k }}={{ v|join:'/' }}{% endfor %}"
)
DELETE = "{{ process }}|{{ question }}|{{ name }}|{{ cancel_url }}"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {
                        "page.html": PAGE,
                        "confirm.html": CONFIRM,
                        "confirm_delete.html": DELETE,
                    },
                )
            ]
        },
    }
]

pytestmark = pytest.mark.usefixtures("templates")


@pytest.fixture
def templates() -> Any:
    with override_settings(TEMPLATES=TEMPLATES):
        yield


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)
    size = forms.IntegerField(required=False)


RowFormSet = formset_factory(NameForm, extra=0)


def _request(method: str = "GET", data: dict[str, str] | None = None) -> HttpRequest:
    factory = RequestFactory()
    request = (
        factory.post("/p/", data or {}) if method == "POST" else factory.get("/p/")
    )
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _said(request: HttpRequest) -> list[str]:
    return [str(m) for m in get_messages(request)]


class Recorder:
    """A stand-in service: records its calls, returns or raises as told."""

    def __init__(self, result: Any = None, refuse: dict[str, list[str]] | None = None):
        self.calls = 0
        self.result = result
        self.refuse = refuse

    def __call__(self) -> Any:
        self.calls += 1
        if self.refuse is not None:
            raise ValidationFailed(self.refuse)
        return self.result


def _page(request: HttpRequest, save: Recorder, **options: Any) -> Any:
    form = options.pop("form", None) or NameForm(posted(request))
    return form_page(
        request,
        form,
        save,
        then=options.pop("then", "/done/"),
        message=options.pop("message", "Saved."),
        template="page.html",
        context=options.pop("context", {"extra": "x"}),
        **options,
    )


# -- form_page


def test_a_get_shows_the_unbound_form_without_saving() -> None:
    save = Recorder()
    response = _page(_request(), save)
    assert response.status_code == 200
    assert b"name:;" in response.content and b"extra:x" in response.content
    assert save.calls == 0


def test_a_valid_post_saves_once_says_so_and_redirects() -> None:
    request = _request("POST", {"name": "Amal"})
    save = Recorder(result="new-id")
    response = _page(
        request,
        save,
        then=lambda made: f"/things/{made}/",
        message=lambda made: f"Made {made}.",
    )
    assert save.calls == 1
    assert (response.status_code, response["Location"]) == (302, "/things/new-id/")
    assert _said(request) == ["Made new-id."]


def test_a_page_shown_once_is_rendered_not_redirected() -> None:
    request = _request("POST", {"name": "Amal"})
    response = _page(
        request,
        Recorder(result="secret"),
        then=lambda made: HttpResponse(f"once: {made}"),
        message=None,
    )
    assert (response.status_code, response.content) == (200, b"once: secret")


def test_no_message_when_the_page_has_none() -> None:
    request = _request("POST", {"name": "Amal"})
    response = _page(request, Recorder(), message=None)
    assert response.status_code == 302
    assert _said(request) == []


def test_an_invalid_form_is_shown_again_with_422_and_never_saved() -> None:
    request = _request("POST", {"name": "x" * 30})
    save = Recorder()
    response = _page(request, save)
    assert save.calls == 0
    assert response.status_code == 422
    assert b"name:Ensure this value has at most 20 characters" in response.content
    assert _said(request) == []


def test_the_services_refusal_is_put_next_to_the_fields() -> None:
    request = _request("POST", {"name": "Amal"})
    save = Recorder(
        refuse={"name": ["Taken."], "height": ["Too tall."], "elsewhere": ["No."]}
    )
    response = _page(request, save, aliases={"height": "size"})
    assert save.calls == 1
    assert response.status_code == 422
    body = response.content.decode()
    assert "name:Taken.;" in body
    assert "size:Too tall.;" in body
    assert "all:No.;" in body
    assert _said(request) == []


def test_a_page_not_ready_shows_the_form_without_saving() -> None:
    request = _request("POST", {"name": "Amal"})
    save = Recorder()
    response = _page(request, save, ready=False)
    assert save.calls == 0
    assert response.status_code == 200


def test_the_context_function_runs_only_when_the_page_is_shown() -> None:
    shown: list[int] = []

    def context() -> dict[str, str]:
        shown.append(1)
        return {"extra": "late"}

    assert _page(_request("POST", {"name": "A"}), Recorder(), context=context)
    assert shown == []
    response = _page(_request(), Recorder(), context=context)
    assert shown == [1] and b"extra:late" in response.content


def test_a_page_may_name_its_own_form_in_the_context() -> None:
    """Two forms on one page: the submitted one is saved, both are shown, and
    the errors of either make it a 422."""
    request = _request("POST", {"name": ""})
    submitted = NameForm(request.POST)
    shown = NameForm(initial={"name": "other"})
    response = _page(
        request,
        Recorder(),
        form=submitted,
        context={"form": shown, "second": submitted},
    )
    assert response.status_code == 422
    assert b"name:;" in response.content  # the page's own form, unbound


def _formset_data(*names: str) -> dict[str, str]:
    data = {"rows-TOTAL_FORMS": str(len(names)), "rows-INITIAL_FORMS": "0"}
    data.update({f"rows-{i}-name": name for i, name in enumerate(names)})
    return data


def test_an_invalid_formset_blocks_the_save() -> None:
    request = _request("POST", {"name": "Amal", **_formset_data("ok", "x" * 30)})
    save = Recorder()
    formset = RowFormSet(request.POST, prefix="rows")
    response = _page(request, save, formset=formset)
    assert save.calls == 0
    assert response.status_code == 422
    assert b"row:0;row:1;" in response.content


def test_errors_to_places_a_refusal_on_the_formsets_rows() -> None:
    request = _request("POST", {"name": "Amal", **_formset_data("a", "b")})
    formset = RowFormSet(request.POST, prefix="rows")

    def onto_rows(errors: dict[str, list[str]]) -> dict[str, list[str]]:
        formset.forms[1].add_error("name", errors.pop("rows[1].name")[0])
        return errors

    save = Recorder(refuse={"rows[1].name": ["Twice."], "__all__": ["Whole."]})
    response = _page(request, save, formset=formset, errors_to=onto_rows)
    assert response.status_code == 422
    assert formset.forms[1].errors["name"] == ["Twice."]
    assert b"all:Whole.;" in response.content


# -- confirm_page


def _confirm(request: HttpRequest, act: Recorder, **options: Any) -> Any:
    return confirm_page(
        request,
        act,
        then="/list/",
        message="Deleted.",
        context={"question": "Delete it?"},
        template="confirm.html",
        **options,
    )


def test_a_confirmation_asks_on_get_and_acts_on_post() -> None:
    act = Recorder()
    asked = _confirm(_request(), act)
    assert (asked.status_code, asked.content, act.calls) == (200, b"Delete it?|", 0)
    request = _request("POST")
    done = _confirm(request, act)
    assert act.calls == 1
    assert (done.status_code, done["Location"]) == (302, "/list/")
    assert _said(request) == ["Deleted."]


def test_a_refused_action_is_shown_on_the_page_with_422() -> None:
    request = _request("POST")
    response = _confirm(request, Recorder(refuse={"seat": ["Still used."]}))
    assert response.status_code == 422
    assert response.content == b"Delete it?|seat=Still used."
    assert _said(request) == []


def test_a_page_with_no_place_for_a_refusal_lets_it_through() -> None:
    with pytest.raises(ValidationFailed):
        _confirm(_request("POST"), Recorder(refuse={"x": ["No."]}), show_errors=False)


# -- the context of a process's pages, and the methods


class Access:
    process = "the process"


def test_a_tabs_pages_share_their_context_and_may_override_it() -> None:
    page = tab_page(tab="ideas", nav="processes")
    access = Access()
    assert page(access, heading="H") == {
        "access": access,
        "process": "the process",
        "tab": "ideas",
        "nav": "processes",
        "heading": "H",
    }
    assert page(access, tab="ledger")["tab"] == "ledger"
    assert process_page(access) == {"access": access, "process": "the process"}


def test_get_post_refuses_other_methods() -> None:
    view = GET_POST(lambda request: "ok")
    assert view(RequestFactory().get("/")) == "ok"
    assert view(RequestFactory().post("/")) == "ok"
    assert view(RequestFactory().put("/")).status_code == 405


# -- the one header of a view, and a deletion declared


class Door:
    """A stand-in ``access_*`` function: records what it was asked, and
    returns an (object, access) pair or raises as told."""

    def __init__(self, refuse: Exception | None = None):
        self.asked: list[tuple[Any, ...]] = []
        self.refuse = refuse

    def __call__(self, actor: Any, *args: Any, **options: Any) -> Any:
        self.asked.append((actor, *args, options))
        if self.refuse is not None:
            raise self.refuse
        return f"object {args[-1]}", Access()


def _signed_in(method: str = "GET") -> HttpRequest:
    request = _request(method)
    request.user = get_user_model()(username="someone")
    return request


def _shown(request: HttpRequest, thing: str, access: Access, **rest: Any) -> Any:
    return HttpResponse(f"{thing}|{access.process}|{rest}")


def test_a_view_opens_the_object_the_url_names_through_its_door() -> None:
    door = Door()
    view = html_view(door, "Model", what="side", manage=True, methods=GET)(_shown)
    request = _signed_in()
    response = view(request, side_id="7", action="close")
    assert response.content == b"object 7|the process|{'action': 'close'}"
    assert door.asked == [
        (request.user, "Model", "7", {"what": "side", "manage": True})
    ]


def test_a_view_asks_for_a_login_before_opening_anything() -> None:
    door = Door()
    response = html_view(door)(_shown)(_request(), side_id="7")
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert door.asked == []


def test_a_view_refuses_other_methods_before_opening_anything() -> None:
    door = Door()
    response = html_view(door, methods=GET)(_shown)(_signed_in("POST"), side_id="7")
    assert response.status_code == 405
    assert door.asked == []


@pytest.mark.parametrize(
    "refusal", [NotFound("side"), PermissionDenied("Managers only.")]
)
def test_a_refused_read_is_the_plain_404(refusal: Exception) -> None:
    view = html_view(Door(refuse=refusal), methods=GET)(_shown)
    with pytest.raises(Http404):
        view(_signed_in(), side_id="7")


def _delete_view(act: Recorder) -> Any:
    return confirm_view(
        Door(),
        act=lambda thing, access: act(),
        then=lambda thing, access: f"/list/#{thing.replace(' ', '-')}",
        message="Deleted.",
        question="Delete it?",
        name=lambda thing, access: thing.upper(),
    )


def test_a_declared_deletion_asks_on_get_and_acts_on_post() -> None:
    act = Recorder()
    view = _delete_view(act)
    asked = view(_signed_in(), side_id="7")
    assert asked.content == b"the process|Delete it?|OBJECT 7|/list/#object-7"
    assert act.calls == 0
    request = _signed_in("POST")
    done = view(request, side_id="7")
    assert (done.status_code, done["Location"], act.calls) == (
        302,
        "/list/#object-7",
        1,
    )
    assert _said(request) == ["Deleted."]
