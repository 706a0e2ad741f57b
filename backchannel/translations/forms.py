from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backchannel.core.languages import LANGUAGE_MAX
from backchannel.core.web import Form
from backchannel.translations.models import TRANSLATION_MAX, Mark

LANGUAGE_HELP = _("A language code such as en, fr, es, ar, ru or zh-hans.")
MARK_CHOICES = [(Mark.DRAFT, Mark.DRAFT.label), (Mark.MACHINE, Mark.MACHINE.label)]


class TranslationForm(Form):
    language = forms.CharField(
        label=_("Language"), max_length=LANGUAGE_MAX, help_text=LANGUAGE_HELP
    )
    text = forms.CharField(
        label=_("Translation"),
        max_length=TRANSLATION_MAX,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
    )
    mark = forms.ChoiceField(
        label=_("Mark"),
        choices=MARK_CHOICES,
        initial=Mark.DRAFT,
        help_text=_(
            "Machine: pasted from a translation tool you ran yourself, offline "
            "(nothing here sends text anywhere). An interpreter verifies "
            "translations afterwards."
        ),
    )


class TranslationEditForm(TranslationForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["language"]


class LanguageForm(Form):
    language = forms.CharField(
        label=_("Language of the original"),
        max_length=LANGUAGE_MAX,
        required=False,
        help_text=LANGUAGE_HELP,
    )


class PledgeForm(Form):
    accept = forms.BooleanField(
        label=_("I accept this confidentiality pledge."), required=False
    )
