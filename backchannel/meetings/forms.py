"""Forms of the meeting pages: details, agenda, segments and attendance."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backchannel.core.web import Form, choice_field, split_list
from backchannel.meetings.models import DURATION_MAX, TIME_ZONE_MAX, time_zone_names
from backchannel.processes.models import RecordRule

AGENDA_ITEM_MAX = 300
SEGMENT_PATH = re.compile(r"^segments\[(?P<index>\d+)\]\.(?P<field>\w+)$")


class TimeZoneInput(forms.TextInput):
    """A text box with the server's IANA zones offered as suggestions (a
    ``<datalist>``): pick one, or type a name or a city that names one zone."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "autocomplete": "off",
                "spellcheck": "false",
                "dir": "ltr",
                "list": "time-zone-names",
                **(attrs or {}),
            }
        )

    def render(
        self, name: str, value: Any, attrs: Any = None, renderer: Any = None
    ) -> Any:
        from django.utils.html import format_html, format_html_join

        box = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}">', ((z,) for z in time_zone_names())
        )
        return format_html(
            '{}<datalist id="time-zone-names">{}</datalist>', box, options
        )


class MeetingForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_(
            "Local time where the meeting takes place; leave empty for a whole day."
        ),
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        required=False,
        max_length=TIME_ZONE_MAX,
        widget=TimeZoneInput(),
        help_text=_(
            "Choose from the list or type an IANA name, such as Europe/Paris, Asia/Beirut or UTC; a city alone works when it names one zone (Geneva, Beirut)."
        ),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        required=False,
        min_value=1,
        max_value=DURATION_MAX,
    )
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    venue = forms.CharField(
        label=_("Venue"),
        max_length=300,
        required=False,
        help_text=_("Seen by everyone seated in the process."),
    )
    venue_withheld = forms.BooleanField(
        required=False,
        label=_("Venue withheld"),
        help_text=_(
            "Keep the venue out of the workspace entirely; any venue above is discarded."
        ),
    )
    agenda = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Agenda items"),
        help_text=_("One item per line, in order."),
    )
    attendance = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Who attended"),
        help_text=_(
            "Attendance is confidential: only conveners and facilitators see it."
        ),
    )

    def __init__(
        self, *args: Any, phases: list[Any], seats: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "phase").choices = [
            ("", "No phase"),
            *((str(p.pk), str(p.title)) for p in phases),
        ]
        choice_field(self, "attendance").choices = [
            (str(s.pk), seat_label(s)) for s in seats
        ]

    def clean_agenda(self) -> str:
        items = split_list(self.cleaned_data["agenda"], separators="\n")
        for number, item in enumerate(items, start=1):
            if len(item) > AGENDA_ITEM_MAX:
                raise forms.ValidationError(
                    _(
                        "Line %(number)s: an agenda item holds at most %(AGENDA_ITEM_MAX)s characters (this one has %(count)s); shorten it or split it."
                    )
                    % {
                        "number": number,
                        "AGENDA_ITEM_MAX": AGENDA_ITEM_MAX,
                        "count": len(item),
                    }
                )
        return str(self.cleaned_data["agenda"])

    def agenda_items(self) -> list[str]:
        return split_list(self.cleaned_data["agenda"], separators="\n")


def seat_label(seat: Any) -> str:
    side = f", {seat.side.name}" if seat.side_id else ""
    return f"{seat.pseudonym} · {seat.person.name} ({seat.get_role_display()}{side})"


class SegmentForm(Form):
    title = forms.CharField(max_length=300, required=False, label=_("Segment title"))
    record_rule = forms.ChoiceField(
        choices=[("", _("Choose a record rule")), *RecordRule.choices],
        required=False,
        label=_("Record rule"),
    )


SegmentFormSet = forms.formset_factory(SegmentForm, extra=2)


def segments_of(formset: Any) -> tuple[list[dict[str, str]], list[int]]:
    """The filled-in segment rows, and for each the index of its form."""
    rows: list[dict[str, str]] = []
    where: list[int] = []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data if form.is_valid() else {}
        if (data.get("title") or "").strip() or data.get("record_rule"):
            rows.append(
                {
                    "title": data.get("title", ""),
                    "record_rule": data.get("record_rule", ""),
                }
            )
            where.append(index)
    return rows, where


def attach_segment_errors(
    formset: Any, errors: dict[str, list[str]], where: list[int]
) -> dict[str, list[str]]:
    """Move ``segments[i].field`` errors onto the formset's rows; return the rest."""
    rest: dict[str, list[str]] = {}
    for path, messages in errors.items():
        match = SEGMENT_PATH.match(path)
        if match and int(match["index"]) < len(where):
            form = formset.forms[where[int(match["index"])]]
            field = match["field"] if match["field"] in form.fields else None
            for message in messages:
                form.add_error(field, message)
        else:
            rest[path] = messages
    return rest
