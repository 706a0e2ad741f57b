"""Small helpers of backchannel.core.web that the page tests reach only in part."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import URLResolver, get_resolver

from backchannel.core.web import (
    choice_field,
    confirm_view,
    name_views,
    routes_of,
    routes_under,
)


class _Form(forms.Form):
    side = forms.ChoiceField()
    sides = forms.MultipleChoiceField()
    note = forms.CharField()


def test_choice_field_sets_the_choices_a_form_offers() -> None:
    form = _Form()
    choice_field(form, "side").choices = [("a", "Side A")]
    choice_field(form, "sides").choices = [("b", "Side B")]
    assert list(form.fields["side"].choices) == [("a", "Side A")]
    assert list(form.fields["sides"].choices) == [("b", "Side B")]
    # The class's own field is untouched: each form has its copy.
    assert list(_Form().fields["side"].choices) == []


def test_choice_field_refuses_a_field_that_offers_no_choices() -> None:
    with pytest.raises(TypeError, match=r"_Form\.note is not a choice field"):
        choice_field(_Form(), "note")


def test_routes_of_follows_the_url_convention_and_names_each_route() -> None:
    import types

    views = types.SimpleNamespace(
        joint_text_edit=lambda request: None, joint_text_end_access=lambda r: None
    )
    routes = routes_of(views, "joint_text", "edit", "end-access")
    assert [(str(r.pattern), r.name, r.callback) for r in routes] == [
        (
            "joint-texts/<uuid:joint_text_id>/edit/",
            "joint-text-edit",
            views.joint_text_edit,
        ),
        (
            "joint-texts/<uuid:joint_text_id>/end-access/",
            "joint-text-end-access",
            views.joint_text_end_access,
        ),
    ]


def test_routes_under_gives_a_kinds_list_and_its_new_form() -> None:
    import types

    views = types.SimpleNamespace(side_list=lambda r: None, side_create=lambda r: None)
    routes = routes_under(
        views, "processes/<uuid:process_id>", "side", "list", "create"
    )
    assert [(str(r.pattern), r.name) for r in routes] == [
        ("processes/<uuid:process_id>/sides/", "side-list"),
        ("processes/<uuid:process_id>/sides/new/", "side-create"),
    ]


def test_routes_of_a_view_that_is_missing_fails_at_import() -> None:
    import types

    with pytest.raises(AttributeError, match="side_rename"):
        routes_of(types.SimpleNamespace(), "side", "rename")


def test_name_views_names_a_declared_view_after_its_binding() -> None:
    declared = confirm_view(
        lambda user, ref: ref,
        act=lambda access: None,
        then=lambda access: "/",
        message="done",
        question="sure?",
        name=lambda access: "it",
    )
    namespace = {"__name__": "somewhere.views", "thing_delete": declared}
    assert declared.__name__ == "view"

    name_views(namespace)

    assert (declared.__module__, declared.__qualname__) == (
        "somewhere.views",
        "thing_delete",
    )
    inner = getattr(declared, "__wrapped__", None)
    assert inner is not None and inner.__name__ == "thing_delete"


def _views_of(resolver: URLResolver) -> list[str]:
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            found += _views_of(pattern)
        else:
            found.append(pattern.lookup_str)
    return found


def test_no_url_of_the_site_names_a_view_built_inside_core_web() -> None:
    views = _views_of(get_resolver())
    assert "backchannel.ideas.views.joint_text_edit" in views
    assert "backchannel.processes.views.side_delete" in views
    assert [v for v in views if v.startswith("backchannel.core.web.")] == []
