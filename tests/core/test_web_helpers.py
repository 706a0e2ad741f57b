"""Small helpers of backchannel.core.web that the page tests reach only in part."""

from __future__ import annotations

import pytest
from django import forms

from backchannel.core.web import choice_field, routes_of, routes_under


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
