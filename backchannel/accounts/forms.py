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


class FirstRunForm(Form):
    """The first-run page: the first organisation and its convener."""

    organisation_name = forms.CharField(
        max_length=200,
        label=_("Organisation name"),
        help_text=_("The convening organisation, e.g. Institute for Dialogue."),
    )
    organisation_slug = forms.SlugField(
        max_length=60,
        label=_("Organisation short name"),
        help_text=_("Letters, digits and hyphens, e.g. idm; the command line uses it."),
    )
    username = forms.CharField(
        max_length=150,
        label=_("Convener's username"),
        help_text=_("It may be a pseudonym."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("password1")
            and data.get("password2")
            and data["password1"] != data["password2"]
        ):
            self.add_error("password2", _("The two passwords differ: type it again."))
        return data
