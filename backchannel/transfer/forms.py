"""Forms of the output, gate, release and ledger pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backchannel.core.markdown import markdown_text
from backchannel.core.web import Form, choice_field
from backchannel.transfer.models import (
    BODY_MAX,
    DEFAULT_LANGUAGE,
    NOTE_MAX,
    REASON_MAX,
    RECIPIENT_MAX,
    TITLE_MAX,
    Audience,
    Channel,
    OutputClassification,
    OutputKind,
    UptakeKind,
)


class OutputForm(Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(label=_("Kind"), choices=OutputKind.choices)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=OutputClassification.choices,
        initial=OutputClassification.CONFIDENTIAL,
    )
    language = forms.ChoiceField(
        label=_("Language"),
        initial=DEFAULT_LANGUAGE,
        help_text=_(
            "The language the output is written in (for a joint statement, its "
            "language of record)."
        ),
    )
    body = forms.CharField(
        label=_("Body (Markdown)"),
        required=False,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Write freely; notes and idea versions chosen below are added at the "
            "end as quotations, with a link to their source kept beside the output."
        ),
    )
    notes = forms.MultipleChoiceField(
        label=_("Insert notes (their text only, never a speaker)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    versions = forms.MultipleChoiceField(
        label=_("Insert idea versions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        notes: list[tuple[Any, str]],
        versions: list[tuple[Any, str]],
        languages: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "language").choices = languages
        choice_field(self, "notes").choices = [
            (str(n.pk), f"{label}: {_excerpt(str(n.text))}") for n, label in notes
        ]
        choice_field(self, "versions").choices = [
            (str(v.pk), f"{label}: {_excerpt(str(v.text))}") for v, label in versions
        ]


def _excerpt(text: str, size: int = 90) -> str:
    """The start of a note or idea version as the reader sees it: its
    Markdown as plain text (a choice's label holds text only)."""
    text = markdown_text(text)
    return text if len(text) <= size else text[: size - 1] + "…"


class OverrideForm(Form):
    reason = forms.CharField(
        label=_("Why may these findings leave as they are?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransferForm(Form):
    subject = forms.ChoiceField(label=_("What was transferred"))
    recipient = forms.CharField(
        label=_("To whom (a role, not necessarily a name)"), max_length=RECIPIENT_MAX
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    transferred_on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        required=False,
        choices=[("", _("As the output's")), *list(OutputClassification.choices)],
    )
    consent_obtained = forms.BooleanField(
        label=_("Consent obtained"),
        required=False,
        help_text=_(
            "Tick when the participants whose words the item carries agreed to it "
            "being passed on."
        ),
    )
    carrier = forms.ChoiceField(
        label=_("Carried by (seen by conveners only)"), required=False
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        subjects: list[tuple[str, str]],
        carriers: list[tuple[str, str]] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "subject").choices = subjects
        if carriers is None:
            del self.fields["carrier"]
        else:
            choice_field(self, "carrier").choices = [("", _("Not recorded")), *carriers]


class UptakeForm(Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=UptakeKind.choices)
    observed_on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    objectives = forms.MultipleChoiceField(
        label=_("Objectives it serves"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, objectives: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choice_field(self, "objectives").choices = objectives
