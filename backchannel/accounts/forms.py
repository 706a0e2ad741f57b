from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from backchannel.core.web import Form


class ApiTokenForm(Form):
    label = forms.CharField(
        max_length=100,
        required=False,
        label=_("Label"),
        help_text=_("What the token is for, such as “report export on my laptop”."),
    )


class LanguageForm(Form):
    """The interface language switcher in every page's header."""

    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("As my browser")), *settings.LANGUAGES],
    )
    next = forms.CharField(label=_("Next"), required=False, widget=forms.HiddenInput)
