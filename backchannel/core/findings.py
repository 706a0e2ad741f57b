"""What a person may be told about the gate's findings.

The gate checks a text against the organisation's whole people registry, so a
finding knows whose name, affiliation or contact a span matched, and whether
that person sits in this process or in another one. None of that may reach the
person who typed the text: a refusal that names "Emil Havranek" for "the Varnia
State Hydropower Company" lets anyone who can write a note probe the registry
with guessed affiliations. So every message built from findings here quotes
only the span the user typed and says what kind of thing it is (a name, an
affiliation, a contact detail, ...), once per span, whoever else shares it.

Suggested redactions and kinds are translated into the language asked for (an
output's language on the gate page).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What kind of thing the span is, in a sentence: "“x” (a person's name)".
_KIND_PHRASES = {
    "name": gettext_lazy("a person's name"),
    "alias": gettext_lazy("a person's name"),
    "email": gettext_lazy("a person's contact details"),
    "phone": gettext_lazy("a person's contact details"),
    "handle": gettext_lazy("a person's contact details"),
    "title": gettext_lazy("a job title that points to a person"),
    "affiliation": gettext_lazy("an affiliation that points to a person"),
    "descriptor": gettext_lazy("a description that points to a person"),
}

# The gate page's Kind column.
_KIND_WORDS = {
    "name": gettext_lazy("name"),
    "alias": gettext_lazy("name"),
    "email": gettext_lazy("email"),
    "phone": gettext_lazy("phone"),
    "handle": gettext_lazy("handle"),
    "title": gettext_lazy("title"),
    "affiliation": gettext_lazy("affiliation"),
    "descriptor": gettext_lazy("description"),
}

# The gate's suggestions (English, in ``gate.Gate.suggestion``) in other words.
_SUGGESTIONS = {
    "[a participant]": gettext_lazy("[a participant]"),
    "[email removed]": gettext_lazy("[email removed]"),
    "[phone removed]": gettext_lazy("[phone removed]"),
    "[handle removed]": gettext_lazy("[handle removed]"),
    "[an official]": gettext_lazy("[an official]"),
    "[an institution]": gettext_lazy("[an institution]"),
}
_FROM_SIDE = re.compile(r"^\[a participant from (?P<side>.+)\]$", re.DOTALL)


def per_span(findings: Iterable[Any]) -> list[Any]:
    """One finding per span (the first: the gate lists the process's own
    people first), in the order of the text."""
    seen: dict[tuple[int, int], Any] = {}
    for f in findings:
        seen.setdefault((f.start, f.end), f)
    return sorted(seen.values(), key=lambda f: (f.start, -f.end))


def kind_phrase(kind: str) -> str:
    return str(_KIND_PHRASES.get(kind, _KIND_PHRASES["descriptor"]))


def kind_word(kind: str, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        return str(_KIND_WORDS.get(kind, _KIND_WORDS["descriptor"]))


def suggestion_in(suggestion: str, language: str | None = None) -> str:
    """The gate's suggested redaction in ``language`` (default: the active one)."""
    with translation.override(language or translation.get_language()):
        m = _FROM_SIDE.match(suggestion)
        if m:
            return _("[a participant from %(side)s]") % {"side": m["side"]}
        known = _SUGGESTIONS.get(suggestion)
        return str(known) if known is not None else suggestion


def spans_described(findings: Iterable[Any]) -> list[str]:
    """ "“Amira Haddad” (a person's name)", once per span: the span the user
    typed and its kind, never whose it is nor where they sit."""
    out = []
    for f in per_span(findings):
        quoted = " ".join(str(f.text).split())
        out.append(
            _("“%(span)s” (%(kind)s)") % {"span": quoted, "kind": kind_phrase(f.kind)}
        )
    return out
