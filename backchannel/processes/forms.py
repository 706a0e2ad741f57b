"""Forms of the process pages: they parse input; the services validate it."""

from __future__ import annotations

from typing import Any

from django import forms

from backchannel.core.web import Form, split_list
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
    title = forms.CharField(max_length=200)
    context = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Background that everyone seated in the process can read.",
    )
    track = forms.ChoiceField(choices=Track.choices)
    stage = forms.ChoiceField(choices=Stage.choices)
    approach = forms.ChoiceField(choices=Approach.choices)
    status = forms.ChoiceField(choices=ProcessStatus.choices)
    record_rule = forms.ChoiceField(
        choices=RecordRule.choices,
        label="Record rule",
        help_text="The default for meetings; segments can set their own.",
    )
    retention_until = forms.DateField(
        required=False,
        widget=DATE,
        label="Keep records until",
        help_text="Optional: the date after which the records may be destroyed.",
    )


class ProcessCreateForm(ProcessForm):
    organisation = forms.ChoiceField(label="Convening organisation")
    sides = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One side per line; at least two, each with a different name.",
    )

    field_order = ["organisation", "title", "context", "sides"]

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            (str(o.pk), o.name) for o in organisations
        ]
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = str(organisations[0].pk)

    def clean_sides(self) -> list[str]:
        return split_list(self.cleaned_data["sides"], separators="\n")


class SideForm(Form):
    name = forms.CharField(max_length=120, label="Side name")


class PhaseForm(Form):
    title = forms.CharField(max_length=200)
    stage = forms.ChoiceField(choices=Stage.choices)
    starts_on = forms.DateField(required=False, widget=DATE, label="Starts on")
    ends_on = forms.DateField(required=False, widget=DATE, label="Ends on")
    position = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=999,
        help_text="Phases are listed by this number; leave empty to add at the end.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "ends_on",
                "A phase cannot end before it starts: pick an end date on or after "
                f"{starts:%d %B %Y}.",
            )
        return data


class ObjectiveForm(Form):
    kind = forms.ChoiceField(choices=ObjectiveKind.choices)
    text = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label="Objective"
    )
    expectation = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Expectation statement",
        help_text="Shown to everyone seated: what this phase can and cannot deliver.",
    )
    status = forms.ChoiceField(choices=ObjectiveStatus.choices)


class ObjectiveEditForm(ObjectiveForm):
    phase = forms.ChoiceField()

    def __init__(self, *args: Any, phases: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(str(p.pk), str(p.title)) for p in phases]


class IndicatorForm(Form):
    name = forms.CharField(max_length=300, label="Indicator")
    unit = forms.CharField(
        max_length=40, required=False, help_text="For example: options, meetings, %."
    )
    baseline = forms.FloatField()
    target = forms.FloatField()


class MeasurementForm(Form):
    measured_on = forms.DateField(widget=DATE, label="Measured on")
    value = forms.FloatField()
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note"
    )


class ExternalProcessForm(Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=ExternalKind.choices)
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EcosystemLinkForm(Form):
    relation = forms.ChoiceField(
        choices=Relation.choices,
        help_text="Read as: this process … the other one.",
    )
    target = forms.ChoiceField(label="Other process")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self,
        *args: Any,
        processes: list[Any],
        externals: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
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
