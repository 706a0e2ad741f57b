"""The interpreter's confidentiality pledge: its text, versioned.

An interpreter seat sees nothing of a process (``PledgeRequired``) until its
holder accepts the current version; the seat keeps the version and the day.
Changing the text means a new version: seats that accepted an older one keep
their access (the version they accepted stays on record).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PLEDGE_VERSION = "2026-1"

PLEDGE_TEXT = _(
    "I interpret and translate for this dialogue in confidence. I will not "
    "disclose, to anyone outside it, what is said or written in it, who takes "
    "part, or that it takes place. I keep no copies of its texts outside this "
    "workspace, and I put none of them into an outside translation service or "
    "tool. I translate faithfully and mark my translations honestly as machine, "
    "draft or verified. This pledge lasts beyond the end of the dialogue."
)
