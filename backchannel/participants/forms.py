"""Forms of the people registry and the seats of a process."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backchannel.core.web import Form, choice_field, split_list
from backchannel.participants.models import Capacity, Gender, Level, SeatRole

DATE = forms.DateInput(attrs={"type": "date"})
LIST_HELP = "Separate several with commas or new lines."


def _list_field(label: str, help_text: str = LIST_HELP, rows: int = 2) -> forms.Field:
    return forms.CharField(
        required=False,
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class PersonForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    aliases = forms.CharField(
        label=_("Aliases"),
        required=False,
        help_text=_("Other names or spellings, separated by commas."),
    )
    emails = _list_field("Email addresses")
    phones = _list_field("Phone numbers")
    handles = _list_field(
        "Messenger handles", help_text="Signal, Wire …; " + LIST_HELP.lower()
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Languages they work in, separated by commas."),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    capacity = forms.ChoiceField(
        label=_("Capacity"),
        choices=Capacity.choices,
        help_text=_("The capacity in which they take part."),
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    consent_on = forms.DateField(
        required=False, widget=DATE, label=_("Consent given on")
    )
    consent_version = forms.CharField(
        max_length=32,
        required=False,
        label=_("Consent text version"),
        help_text=_("Which version of the consent text they agreed to."),
    )
    # Where the service's error paths land on this form.
    ALIASES = {
        "contact.emails": "emails",
        "contact.phones": "phones",
        "contact.handles": "handles",
        "contact": "emails",
    }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "aliases": split_list(data["aliases"]),
            "contact": {
                key: split_list(data[key]) for key in ("emails", "phones", "handles")
            },
            "languages": split_list(data["languages"]),
            "gender": data["gender"],
            "capacity": data["capacity"],
            "level": data["level"],
            "consent_on": data["consent_on"],
            "consent_version": data["consent_version"].strip(),
        }

    @staticmethod
    def initial_for(person: Any) -> dict[str, Any]:
        contact = person.contact or {}
        return {
            "name": person.name,
            "aliases": ", ".join(person.aliases or []),
            "emails": "\n".join(contact.get("emails", [])),
            "phones": "\n".join(contact.get("phones", [])),
            "handles": "\n".join(contact.get("handles", [])),
            "languages": ", ".join(person.languages or []),
            "gender": person.gender,
            "capacity": person.capacity,
            "level": person.level,
            "consent_on": person.consent_on,
            "consent_version": person.consent_version,
        }


class AffiliationForm(Form):
    organisation_name = forms.CharField(max_length=300, label=_("Organisation"))
    title = forms.CharField(
        max_length=300, required=False, label=_("Title or function")
    )
    starts_on = forms.DateField(required=False, widget=DATE, label=_("From"))
    ends_on = forms.DateField(required=False, widget=DATE, label=_("Until"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "ends_on",
                _("An affiliation cannot end before it starts: check the dates."),
            )
        return data


class SeatForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=SeatRole.choices)
    side = forms.ChoiceField(
        label=_("Side"),
        required=False,
        help_text=_("Participants sit on a side; other roles may sit on none."),
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=32,
        required=False,
        help_text=_(
            "The code used in records, such as A-03. Leave empty to assign one."
        ),
    )

    def __init__(self, *args: Any, sides: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "side").choices = [
            ("", "No side"),
            *((str(s.pk), str(s.name)) for s in sides),
        ]


class SeatCreateForm(SeatForm):
    person = forms.ChoiceField(
        label=_("Person"), help_text=_("From the organisation's people registry.")
    )

    field_order = ["person", "role", "side", "pseudonym"]

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = [
            ("", "Choose a person"),
            *((str(p.pk), str(p.name)) for p in people),
        ]


class InvitationForm(Form):
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=60,
        initial=14,
        help_text=_("After this the link and code stop working."),
    )


class InvitationEmailForm(Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "The message carries only the link and the code: no process title or "
            "content."
        ),
    )


class JoinCodeForm(Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        help_text=_("16 letters and digits, such as ABCD-EFGH-JKLM-NPQR."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class JoinForm(Form):
    """Taking up a seat: a new login (when nobody is logged in) and the rules."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_(
            "What you log in with. It may be a pseudonym; others do not see it."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accept_rules = forms.BooleanField(
        label=_("I have read the ground rules above and accept them."),
    )
    rules_version = forms.CharField(widget=forms.HiddenInput)

    ALIASES = {"password": "password1"}

    def __init__(self, *args: Any, new_login: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not new_login:
            for name in ("username", "password1", "password2"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "password2" in self.fields and data.get("password1") != data.get(
            "password2"
        ):
            self.add_error("password2", _("The two passwords differ: type it again."))
        return data


class RulesForm(Form):
    accept_rules = forms.BooleanField(
        label=_("I have read the ground rules above and accept them."),
    )
    rules_version = forms.CharField(widget=forms.HiddenInput)
