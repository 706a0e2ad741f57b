"""Small helpers of backchannel.core.web that the page tests reach only in part."""

from __future__ import annotations

import pytest
from django import forms

from backchannel.core.web import choice_field


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
