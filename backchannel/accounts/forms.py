from __future__ import annotations

from django import forms

from backchannel.core.web import Form


class ApiTokenForm(Form):
    label = forms.CharField(
        max_length=100,
        required=False,
        help_text="What the token is for, such as “report export on my laptop”.",
    )
