"""Forms of the evaluation pages (labels and help translatable)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backchannel.core.web import Form, choice_field, split_list
from backchannel.evaluation.items import SCALE_LABELS
from backchannel.evaluation.models import Frequency, RiskKind, RoundStatus
from backchannel.processes.models import RppLevel, RppReach

DATE = forms.DateInput(attrs={"type": "date"})
BLANK = [("", _("— not placed —"))]


class RoundForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=RoundStatus.choices,
        help_text=_(
            "Participants answer only while a round is open. Its figures appear "
            "once it is closed, and a closed round cannot be reopened."
        ),
    )
    custom_items = forms.CharField(
        label=_("Custom items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One statement per line, answered on the same 1–5 agreement scale "
            "as the standard items. They cannot change once someone has answered."
        ),
    )

    @staticmethod
    def custom_list(data: dict[str, Any]) -> list[str]:
        """The round's own items, one a line, from the form's cleaned data."""
        return split_list(data.get("custom_items", ""), separators="\n")


class AnswersForm(Form):
    """One radio group per item; any may be left blank."""

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(k), f"{k} – {v}") for k, v in SCALE_LABELS.items()]
        for item in items:
            self.fields[item.key] = forms.TypedChoiceField(
                label=item.text,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )


class ContactsForm(Form):
    """One choice per participant of the other side(s): how often you met."""

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [("", _("No contact")), *Frequency.choices]
        for choice in choices:
            self.fields[f"seat_{choice.seat_id}"] = forms.ChoiceField(
                label=f"{choice.name} ({choice.side})",
                choices=options,
                required=False,
            )

    def contacts(self) -> list[dict[str, str]]:
        return [
            {"seat": name.removeprefix("seat_"), "frequency": value}
            for name, value in self.cleaned_data.items()
            if value
        ]


class PlacementFields(Form):
    rpp_reach = forms.ChoiceField(
        label=_("Whom it reaches (RPP)"),
        choices=BLANK + list(RppReach.choices),
        required=False,
    )
    rpp_level = forms.ChoiceField(
        label=_("At which level (RPP)"),
        choices=BLANK + list(RppLevel.choices),
        required=False,
    )


class OutcomeForm(PlacementFields):
    social_actor = forms.CharField(
        label=_("Social actor"),
        max_length=300,
        help_text=_("Who changed: a person in a role, a group, an institution."),
    )
    change = forms.CharField(
        label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    observed_on = forms.DateField(label=_("When"), widget=DATE)
    significance = forms.CharField(
        label=_("Why it matters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contribution = forms.CharField(
        label=_("How the dialogue contributed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    verified_by = forms.CharField(
        label=_("Verified by"), max_length=300, required=False
    )
    objectives = forms.MultipleChoiceField(
        label=_("Objectives it serves"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    transfers = forms.MultipleChoiceField(
        label=_("Transfers it came from"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ledger lines of this process, by date and channel."),
    )
    field_order = [
        "social_actor",
        "change",
        "observed_on",
        "significance",
        "contribution",
        "evidence",
        "verified_by",
        "objectives",
        "transfers",
        "rpp_reach",
        "rpp_level",
    ]

    def __init__(
        self,
        *args: Any,
        objective_choices: Any,
        transfer_choices: Any = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "objectives").choices = objective_choices
        choice_field(self, "transfers").choices = transfer_choices


class RiskForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RiskKind.choices)
    description = forms.CharField(
        label=_("Risk"), widget=forms.Textarea(attrs={"rows": 3})
    )
    likelihood = forms.TypedChoiceField(
        label=_("Likelihood"),
        choices=[(str(i), str(i)) for i in range(1, 6)],
        coerce=int,
        help_text=_("1 (rare) to 5 (almost certain)."),
    )
    impact = forms.TypedChoiceField(
        label=_("Impact"),
        choices=[(str(i), str(i)) for i in range(1, 6)],
        coerce=int,
        help_text=_("1 (minor) to 5 (severe: someone's safety or career)."),
    )
    mitigation = forms.CharField(
        label=_("Mitigation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)
    review_on = forms.DateField(label=_("Review on"), widget=DATE)


class PlanForm(Form):
    transfer_strategy = forms.CharField(
        label=_("Transfer strategy"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "How the dialogue's results will reach official negotiators, "
            "institutions or the wider public, by whom and when."
        ),
    )


class ConfirmForm(Form):
    """An empty form: a POST button with CSRF."""
