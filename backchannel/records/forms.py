"""Forms of the record pages: a note, and airtime taps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from backchannel.core.web import Form
from backchannel.participants.models import Capacity, Gender, Seat
from backchannel.processes.models import Side
from backchannel.records.models import AIRTIME_MAX_SECONDS, NOTE_MAX

KEEP = "keep"
NOBODY = ""


def seat_label(seat: Seat) -> str:
    side = f", {seat.side.name}" if seat.side_id else ""
    return f"{seat.person.name} ({seat.pseudonym}{side})"


class NoteForm(Form):
    """``attribution`` is one choice: nobody, a side (the service turns it into a
    label) or, on the record only, a speaker who attended."""

    text = forms.CharField(
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=gettext_lazy("Note"),
    )
    attribution = forms.ChoiceField(required=False, label=gettext_lazy("Who spoke"))

    def __init__(
        self,
        *args: Any,
        sides: list[Side],
        speakers: list[Seat],
        current: str | None = None,
        on_record: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = []
        if current is not None:
            choices.append(
                (
                    KEEP,
                    _("Keep: %(current)s") % {"current": current or _("nobody named")},
                )
            )
        choices.append((NOBODY, _("Nobody: the discussion")))
        choices.append(
            (
                _("Say which side spoke"),
                [
                    (
                        f"side:{s.pk}",
                        _("A participant from %(side)s") % {"side": s.name},
                    )
                    for s in sides
                ],
            )
        )
        if on_record and speakers:
            choices.append(
                (
                    _("Name the speaker (on the record)"),
                    [(f"speaker:{s.pk}", seat_label(s)) for s in speakers],
                )
            )
        field = self.fields["attribution"]
        field.choices = choices  # type: ignore[attr-defined]
        field.help_text = _(
            "A speaker can be named only on the record. Otherwise choose a side: "
            "the record then reads “a participant from …” if at least 3 of that "
            "side's participants attended, else “a participant”."
        )
        if current is not None:
            self.initial.setdefault("attribution", KEEP)

    def attribution_changes(
        self, sides: list[Side], speakers: list[Seat]
    ) -> dict[str, Any]:
        """``speaker``/``side`` for the service; empty to keep the attribution."""
        value = self.cleaned_data.get("attribution") or NOBODY
        if value == KEEP:
            return {}
        kind, _, pk = value.partition(":")
        if kind == "side":
            return {"speaker": None, "side": next(s for s in sides if str(s.pk) == pk)}
        if kind == "speaker":
            seat = next(s for s in speakers if str(s.pk) == pk)
            return {"speaker": seat, "side": None}
        return {"speaker": None, "side": None}


def _detail_fields(form: Form, segments: list[Any]) -> None:
    form.fields["segment"].choices = [  # type: ignore[attr-defined]
        ("", _("No particular segment")),
        *((str(s.pk), s.label) for s in segments),
    ]


NOT_NOTED = pgettext_lazy("airtime: gender or capacity", "Not noted")
OPTIONAL_GENDER = [("", NOT_NOTED), *Gender.choices]
OPTIONAL_CAPACITY = [("", NOT_NOTED), *Capacity.choices]


class FloorForm(Form):
    """Noted with the next tap on a side: what applies to whoever takes the floor."""

    segment = forms.ChoiceField(required=False, label=gettext_lazy("Segment"))
    gender = forms.ChoiceField(
        required=False, choices=OPTIONAL_GENDER, label=gettext_lazy("Gender (optional)")
    )
    capacity = forms.ChoiceField(
        required=False,
        choices=OPTIONAL_CAPACITY,
        label=gettext_lazy("Capacity (optional)"),
    )

    def __init__(self, *args: Any, segments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _detail_fields(self, segments)


class AirtimeForm(FloorForm):
    """An interval typed by hand, e.g. from a paper tally."""

    side = forms.ChoiceField(label=gettext_lazy("Side that held the floor"))
    seconds = forms.IntegerField(
        min_value=1,
        max_value=AIRTIME_MAX_SECONDS,
        label=gettext_lazy("Seconds"),
        help_text=gettext_lazy("How long, in seconds (90 for a minute and a half)."),
    )

    field_order = ["side", "seconds", "segment", "gender", "capacity"]

    def __init__(self, *args: Any, sides: list[Side], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = [  # type: ignore[attr-defined]
            *((str(s.pk), str(s.name)) for s in sides),
            ("none", "No side (facilitation)"),
        ]
