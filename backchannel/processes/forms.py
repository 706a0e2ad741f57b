"""Forms of the process pages: they parse input; the services validate it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backchannel.core.web import Form, choice_field, split_list
from backchannel.processes.models import (
    Approach,
    ExternalKind,
    ObjectiveKind,
    ObjectiveStatus,
    ProcessStatus,
    RecordRule,
    Relation,
    Stage,
    Track,
)

DATE = forms.DateInput(attrs={"type": "date"})


class ProcessForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    context = forms.CharField(
        label=_("Context"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Background that everyone seated in the process can read."),
    )
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    approach = forms.ChoiceField(label=_("Approach"), choices=Approach.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ProcessStatus.choices)
    record_rule = forms.ChoiceField(
        choices=RecordRule.choices,
        label=_("Record rule"),
        help_text=_("The default for meetings; segments can set their own."),
    )
    retention_until = forms.DateField(
        required=False,
        widget=DATE,
        label=_("Keep records until"),
        help_text=_("Optional: the date after which the records may be destroyed."),
    )


class ProcessEditForm(ProcessForm):
    ground_rules = forms.CharField(
        label=_("Ground rules"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What everyone accepts before taking up a seat. Leave empty to use "
            "the default rules; a change makes a new version, which later "
            "invitees accept."
        ),
    )


class ProcessCreateForm(ProcessForm):
    organisation = forms.ChoiceField(label=_("Convening organisation"))
    sides = forms.CharField(
        label=_("Sides"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One side per line; at least two, each with a different name."),
    )

    field_order = ["organisation", "title", "context", "sides"]

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "organisation").choices = [
            (str(o.pk), o.name) for o in organisations
        ]
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = str(organisations[0].pk)

    def clean_sides(self) -> list[str]:
        return split_list(self.cleaned_data["sides"], separators="\n")


class SideForm(Form):
    name = forms.CharField(max_length=120, label=_("Side name"))


class PhaseForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    starts_on = forms.DateField(required=False, widget=DATE, label=_("Starts on"))
    ends_on = forms.DateField(required=False, widget=DATE, label=_("Ends on"))
    position = forms.IntegerField(
        label=_("Position"),
        required=False,
        min_value=0,
        max_value=999,
        help_text=_("Phases are listed by this number; leave empty to add at the end."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "ends_on",
                _(
                    "A phase cannot end before it starts: pick an end date on or after %(starts)s."
                )
                % {"starts": format(starts, "%d %B %Y")},
            )
        return data


class ObjectiveForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ObjectiveKind.choices)
    text = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label=_("Objective")
    )
    expectation = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Expectation statement"),
        help_text=_(
            "Shown to everyone seated: what this phase can and cannot deliver."
        ),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ObjectiveStatus.choices)


class ObjectiveEditForm(ObjectiveForm):
    phase = forms.ChoiceField(label=_("Phase"))

    def __init__(self, *args: Any, phases: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "phase").choices = [
            (str(p.pk), str(p.title)) for p in phases
        ]


class IndicatorForm(Form):
    name = forms.CharField(max_length=300, label=_("Indicator"))
    unit = forms.CharField(
        label=_("Unit"),
        max_length=40,
        required=False,
        help_text=_("For example: options, meetings, %."),
    )
    baseline = forms.FloatField(label=_("Baseline"))
    target = forms.FloatField(label=_("Target"))


class MeasurementForm(Form):
    measured_on = forms.DateField(widget=DATE, label=_("Measured on"))
    value = forms.FloatField(label=_("Value"))
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note")
    )


class ExternalProcessForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExternalKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EcosystemLinkForm(Form):
    relation = forms.ChoiceField(
        label=_("Relation"),
        choices=Relation.choices,
        help_text=_("Read as: this process … the other one."),
    )
    target = forms.ChoiceField(label=_("Other process"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        processes: list[Any],
        externals: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "target").choices = [
            ("", "Choose a process"),
            ("In this workspace", [(f"p:{p.pk}", str(p.title)) for p in processes]),
            (
                "External",
                [
                    (f"x:{x.pk}", f"{x.name} ({x.get_kind_display()})")
                    for x in externals
                ],
            ),
        ]
