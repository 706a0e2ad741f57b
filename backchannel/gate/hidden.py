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
_EMPTY_LINK = re.compile(r"!?\[\s*\](?:\([^()\s]{0,300}\)|\[[^\[\]\n]{0,80}\])")
_REFERENCE = re.compile(r"!?\[([^\[\]\n]{1,80})\]\[([^\[\]\n]{0,80})\]")
_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]\n]{1,80})\]:", re.MULTILINE)


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
                if _glued(text, *m.span()):
                    out.append((m.start(), m.end(), ""))
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
            a, b = m.span()
            inner = m.group(1)
            if _touches(text, a, b, inner):
                out.append((a, b, inner))
    if "]:" not in text:
        return out
    labels = {d for d in _DEFINITION.findall(text) if d.strip()}
    for label in labels:
        # a shortcut link is "[label]" itself, in any case of the label
        for m in re.finditer(rf"!?\[({re.escape(label)})\]", text, re.IGNORECASE):
            a, b = m.span()
            if text[b : b + 1] in ("[", "(", ":"):
                continue  # a full link, an inline link, the definition itself
            if _touches(text, a, b, m.group(1)):
                out.append((a, b, m.group(1)))
    return out


def _touches(text: str, a: int, b: int, inner: str) -> bool:
    """The link text runs on into the word after it or from the word before."""
    return (b < len(text) and _in_word(text[b]) and _in_word(inner[-1])) or (
        a > 0 and _in_word(text[a - 1]) and _in_word(inner[0])
    )
