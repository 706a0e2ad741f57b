"""Step 1 of :mod:`backchannel.gate.normalise`, the markup no renderer shows
inside a word, and Markdown reference links. No Django here.

- elements whose content a browser never draws: ``<script>…</script>``,
  ``<style>…</style>``, ``<template>…</template>`` (and ``noscript``), and a
  processing instruction ``<?x?>`` (a bogus comment to an HTML parser);
- an empty Markdown image or link, ``![](x.png)``, ``[](https://…)``,
  ``[][ref]``: nothing drawn;
- a reference link (CommonMark): full ``[Voron][1]tsova``, collapsed
  ``[Voron][]tsova``, and shortcut ``[Dvo]řáková`` when ``[Dvo]: url`` is
  defined in the text, all drawn as their text.

Each is folded only when glued to a word on both sides (the spot hides a
letter boundary); between words it changes no word and the source check
reads it. The definitions (``[1]: https://x.org``) stay text and are checked
like any URL."""

from __future__ import annotations

import re
import unicodedata

Spot = tuple[int, int, str]

_HIDDEN_ELEMENT = re.compile(
    r"<(script|style|template|noscript)\b[^>]*>.*?</\1\s*>|<\?.*?>",
    re.IGNORECASE | re.DOTALL,
)
# (without the "!" of an image, added by _bang: a pattern that starts with a
# literal "[" is a fast search, one that starts with "!?" tries every character)
_EMPTY_LINK = re.compile(r"\[\s*\](?:\([^()\s]{0,300}\)|\[[^\[\]\n]{0,80}\])")
_REFERENCE = re.compile(r"\[([^\[\]\n]{1,80})\]\[([^\[\]\n]{0,80})\]")
_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]\n]{1,80})\]:", re.MULTILINE)
_BRACKETED = re.compile(r"\[([^\[\]\n]{1,80})\]")


def _in_word(c: str) -> bool:
    """A letter, a digit, a combining mark, an invisible character, or the
    hyphen or apostrophe of a compound name."""
    return c.isalnum() or c in "-'’" or unicodedata.category(c) in ("Mn", "Me", "Cf")


def _glued(text: str, a: int, b: int) -> bool:
    return 0 < a and b < len(text) and _in_word(text[a - 1]) and _in_word(text[b])


def hidden_find(text: str) -> list[Spot]:
    """Hidden elements, empty links and reference links glued inside a word."""
    out: list[Spot] = []
    if "<" in text:
        for m in _HIDDEN_ELEMENT.finditer(text):
            if _glued(text, *m.span()):
                out.append((m.start(), m.end(), ""))
    if "[" in text and "]" in text:
        # each form has a literal two characters a plain search finds first
        if "[]" in text or "[ ]" in text:
            for m in _EMPTY_LINK.finditer(text):
                a, b = _bang(text, m.start()), m.end()
                if _glued(text, a, b):
                    out.append((a, b, ""))
        out.extend(_reference_spots(text))
    out.sort()
    # keep the first of overlapping spots
    kept: list[Spot] = []
    for spot in out:
        if not kept or spot[0] >= kept[-1][1]:
            kept.append(spot)
    return kept


def _reference_spots(text: str) -> list[Spot]:
    out: list[Spot] = []
    if "][" in text:
        for m in _REFERENCE.finditer(text):
            a, b = _bang(text, m.start()), m.end()
            inner = m.group(1)
            if _touches(text, a, b, inner):
                out.append((a, b, inner))
    if "]:" not in text:
        return out
    labels = {d.lower() for d in _definitions(text) if d.strip()}
    if not labels:
        return out
    # a shortcut link is "[label]" itself, in any case of the label: one scan
    # for every bracketed text (a literal "[" the regex engine jumps to), then
    # a set lookup, rather than one case-insensitive scan per label
    for m in _BRACKETED.finditer(text):
        inner = m.group(1)
        if inner.lower() not in labels:
            continue
        a, b = m.span()
        if text[b : b + 1] in ("[", "(", ":"):
            continue  # a full link, an inline link, the definition itself
        a = _bang(text, a)
        if _touches(text, a, b, inner):
            out.append((a, b, inner))
    return out


def _bang(text: str, a: int) -> int:
    """The start of a link, or of an image ("![…]") when a "!" precedes it."""
    return a - 1 if a > 0 and text[a - 1] == "!" else a


def _definitions(text: str) -> list[str]:
    """The labels of reference definitions ("[1]: https://x.org"), found from
    their "]:" (a plain search) and read at the start of that line: a scan
    for a line start would try every character of a long text."""
    out: list[str] = []
    i = text.find("]:")
    while i >= 0:
        m = _DEFINITION.match(text, text.rfind("\n", 0, i) + 1)
        if m is not None and m.end() == i + 2:
            out.append(m.group(1))
        i = text.find("]:", i + 2)
    return out


def _touches(text: str, a: int, b: int, inner: str) -> bool:
    """The link text runs on into the word after it or from the word before."""
    return (b < len(text) and _in_word(text[b]) and _in_word(inner[-1])) or (
        a > 0 and _in_word(text[a - 1]) and _in_word(inner[0])
    )
