"""Part of step 2 of :mod:`backchannel.gate.normalise`: percent-encoding
(RFC 3986), as a browser copies a link with a name in it
(``?who=Dvo%C5%99%C3%A1kov%C3%A1``, ``%56orontsova``,
``Yekaterina%20Vorontsova``). No Django here.

Each run of ``%XX`` escapes is decoded as UTF-8 bytes, as every browser
shows it; a run that is not valid UTF-8, or that decodes to something other
than letters, digits, marks, spaces and the hyphen or apostrophe of a name
(``%2F``, ``%3C``: a path or markup, not a name), is left as written."""

from __future__ import annotations

import re
import unicodedata

Spot = tuple[int, int, str]

# a run of escapes; the pattern starts with a literal "%", a fast search
_ESCAPES = re.compile(r"%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*")
_NAME_PUNCTUATION = frozenset(" -'’._")


def _name_char(c: str) -> bool:
    return (
        c.isalnum() or c in _NAME_PUNCTUATION or unicodedata.category(c) in ("Mn", "Me")
    )


def percent_find(text: str) -> list[Spot]:
    """Spots where a run of ``%XX`` escapes decodes to the letters of a name."""
    out: list[Spot] = []
    for m in _ESCAPES.finditer(text):
        raw = bytes.fromhex(m.group().replace("%", ""))
        try:
            new = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if all(_name_char(c) for c in new):
            out.append((m.start(), m.end(), new))
    return out
