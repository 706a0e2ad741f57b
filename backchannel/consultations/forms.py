"""Forms of the consultation pages: the facilitators' and the voters'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backchannel.consultations.models import (
    STATEMENT_MAX,
    ConsultationStatus,
    StatementStatus,
)
from backchannel.core.web import Form, split_list


class ConsultationForm(Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Shown to voters: name the subject, not the dialogue."),
    )
    question = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Question or introduction"),
        help_text=_("Shown to voters above the statements."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ConsultationStatus.choices,
        help_text=_(
            "The public link works only while the consultation is open or closed; a draft is seen by the facilitators alone."
        ),
    )
    accepts_statements = forms.BooleanField(
        required=False,
        label=_("Voters may propose statements"),
        help_text=_(
            "Proposed statements wait for your moderation before anyone sees them."
        ),
    )
    public_results = forms.BooleanField(
        required=False,
        label=_("Publish the results to voters"),
        help_text=_(
            "Anyone with the link can then see the opinion groups and the consensus."
        ),
    )


class ConsultationCreateForm(ConsultationForm):
    seed_statements = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        label=_("Seed statements"),
        help_text=f"One per line, at most {STATEMENT_MAX} characters each. Short, "
        "single ideas that one can agree or disagree with work best.",
    )

    def statements(self) -> list[str]:
        return split_list(self.cleaned_data["seed_statements"], separators="\n")


class StatementAddForm(Form):
    texts = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Add seed statements"),
        help_text=f"One per line, at most {STATEMENT_MAX} characters each; they are "
        "accepted at once.",
    )

    def statements(self) -> list[str]:
        return split_list(self.cleaned_data["texts"], separators="\n")


class ModerateForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=StatementStatus.choices)


class ProposeForm(Form):
    text = forms.CharField(
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Your statement"),
        help_text=f"One idea, at most {STATEMENT_MAX} characters. It appears to "
        "others once the organisers have accepted it.",
    )
