"""Forms of the idea and joint-text pages."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backchannel.core.web import Form, choice_field, split_list
from backchannel.ideas.models import IdeaStatus, Provenance, Stance

SECTION_PATH = re.compile(r"^sections\[(?P<index>\d+)\]\.(?P<field>\w+)$")


def _lines(value: str) -> list[str]:
    return split_list(value, separators="\n")


class IdeaForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("The text of the trial balloon: this becomes version 1."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=IdeaStatus.choices,
        initial=IdeaStatus.DRAFT,
        help_text=_("Drafts are seen by the facilitators and conveners only."),
    )
    provenance = forms.ChoiceField(
        choices=Provenance.choices,
        initial=Provenance.FACILITATOR,
        widget=forms.RadioSelect,
        label=_("Shown as coming from"),
        help_text=_(
            "Only what you choose here is stored: for 'a side', the side; otherwise nothing about its origin."
        ),
    )
    provenance_side = forms.ChoiceField(
        required=False,
        label=_("Side"),
        help_text=_("Only for 'A side'; ignored otherwise."),
    )
    objectives = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Objectives it serves"),
    )
    meeting = forms.ChoiceField(required=False, label=_("Floated in"))

    def __init__(
        self,
        *args: Any,
        sides: list[Any],
        objectives: list[Any],
        meetings: list[Any],
        with_text: bool = True,
        objectives_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Shown by includes/field.html when there is nothing to choose.
        self.fields["objectives"].empty_link = objectives_url
        self.fields["objectives"].empty_link_text = _(
            "Add objectives to the process's phases"
        )
        if not with_text:
            del self.fields["text"]
        choice_field(self, "provenance_side").choices = [
            ("", "Choose a side"),
            *((str(s.pk), str(s.name)) for s in sides),
        ]
        choice_field(self, "objectives").choices = [
            (str(o.pk), str(o.text)) for o in objectives
        ]
        choice_field(self, "meeting").choices = [
            ("", "Between meetings"),
            *((str(m.pk), f"{m.title} ({m.date:%d %b %Y})") for m in meetings),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The side is kept only for the side tier: never store more than chosen.
        if data.get("provenance") != Provenance.SIDE:
            data["provenance_side"] = ""
        return data


class VersionForm(Form):
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("What changed"),
        help_text=_("Earlier versions close for feedback when this one is saved."),
    )


class VersionSettingsForm(Form):
    closed = forms.BooleanField(
        required=False,
        label=_("Closed for feedback"),
        help_text=_("Participants can no longer give or change feedback on it."),
    )
    results_shared = forms.BooleanField(
        required=False,
        label=_("Share the results with participants"),
        help_text=_(
            "Only once the version is closed. They then see the per-side aggregates as they are at that moment (small sides suppressed), and those figures never change; never anyone's individual feedback."
        ),
    )


class FeedbackForm(Form):
    stance = forms.ChoiceField(
        choices=Stance.choices, widget=forms.RadioSelect, label=_("Your stance")
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. Needed for 'Acceptable if …'."),
    )
    red_lines = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Red lines"),
        help_text=_("One per line: what your side could not accept."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Seen only by you and the facilitators; in aggregates, comments appear shuffled and without names, and only for sides with three or more responses."
        ),
    )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "stance": data["stance"],
            "conditions": _lines(data["conditions"]),
            "red_lines": _lines(data["red_lines"]),
            "comment": data["comment"],
        }


class JointTextForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.CharField(
        max_length=35,
        label=_("Language of record"),
        help_text=_(
            "A language code such as en, fr or ru: the language whose text counts if translations differ."
        ),
    )


class VersionNoteForm(Form):
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("What changed"),
    )


class SectionForm(Form):
    key = forms.CharField(label=_("Key"), required=False, widget=forms.HiddenInput)
    heading = forms.CharField(label=_("Heading"), required=False, max_length=300)
    body = forms.CharField(
        label=_("Body"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    remove = forms.BooleanField(required=False, label=_("Leave this section out"))


SectionFormSet = forms.formset_factory(SectionForm, extra=1)


def sections_of(formset: Any) -> tuple[list[dict[str, str]], list[int]]:
    """The kept, filled-in sections, and for each the index of its form."""
    rows: list[dict[str, str]] = []
    where: list[int] = []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data if form.is_valid() else {}
        if data.get("remove"):
            continue
        if (data.get("heading") or "").strip() or (data.get("body") or "").strip():
            rows.append(
                {
                    "key": data.get("key") or "",
                    "heading": data.get("heading", ""),
                    "body": data.get("body", ""),
                }
            )
            where.append(index)
    return rows, where


def attach_section_errors(
    formset: Any, errors: dict[str, list[str]], where: list[int]
) -> dict[str, list[str]]:
    """Move ``sections[i].field`` errors onto the formset's rows; return the rest."""
    rest: dict[str, list[str]] = {}
    for path, messages in errors.items():
        match = SECTION_PATH.match(path)
        if match and int(match["index"]) < len(where):
            form = formset.forms[where[int(match["index"])]]
            name = match["field"] if match["field"] in form.fields else None
            if name == "key":
                name = None
            for message in messages:
                form.add_error(name, message)
        else:
            rest[path] = messages
    return rest


class CommentForm(Form):
    text = forms.CharField(
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Your comment"),
        help_text=_(
            "Shown to everyone in the process under your side's name; only the facilitators and conveners see who wrote it."
        ),
    )
