"""The standard items of every trust round, and the Likert scale."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SCALE_MIN = 1
SCALE_MAX = 5
SCALE_LABELS = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Agree"),
    5: _("Strongly agree"),
}

# key -> statement (agreement on the 1..5 scale)
STANDARD_ITEMS = {
    "trust_other_side": _("I trust the participants from the other side(s)."),
    "openness": _("Participants speak openly in this dialogue."),
    "willing_to_continue": _("I am willing to continue taking part."),
    "safe_to_speak": _("I feel safe to speak my mind here."),
    "process_matters": _("I believe this process makes a difference."),
}
