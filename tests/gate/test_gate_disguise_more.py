"""Disguises added after the first generator (issue 14, point 6, extended):
small capitals, a name run together in camel case, a soft hyphen where a
line was broken, a Markdown link glued inside the name. Every roster name of
the fixture corpus, each way: caught, with the right participant."""

from __future__ import annotations

import unicodedata
from functools import cache

import pytest

from backchannel.gate import Gate, build_gate
from tests.transfer.corpus import load_corpus


@cache
def _gate() -> tuple[Gate, list[str]]:
    roster, _ = load_corpus()
    return build_gate(roster), [p.name for p in roster]


def _small_caps(name: str) -> str:
    out = []
    for c in name:
        try:
            out.append(unicodedata.lookup(f"LATIN LETTER SMALL CAPITAL {c.upper()}"))
        except KeyError:
            out.append(c)
    return "".join(out)


def _camel(name: str) -> str | None:
    words = name.split()
    if not all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words):
        return None  # "O'Connell", "Mensah-Boateng", "al-Hashimi"
    return "".join(words)


def _soft_break(name: str) -> str:
    surname = name.split()[-1]
    cut = len(name) - len(surname) + max(2, len(surname) // 2)
    return name[:cut] + "\u00ad\n" + name[cut:]


def _glued_link(name: str) -> str:
    first, rest = name.split(" ", 1)
    return f"[{first} {rest[:2]}](https://example.org/p){rest[2:]}"


WAYS = {
    "small capitals": _small_caps,
    "camel case": _camel,
    "soft hyphen at a line break": _soft_break,
    "glued Markdown link": _glued_link,
}


@pytest.mark.parametrize("way", sorted(WAYS))
def test_every_roster_name_disguised_this_way_is_caught(way: str) -> None:
    gate, names = _gate()
    missed = []
    tried = 0
    for name in names:
        disguised = WAYS[way](name)
        if disguised is None:
            continue
        tried += 1
        text = f"The fallback clause was drafted by {disguised} during the night."
        if name not in {f.participant for f in gate.check(text).findings}:
            missed.append(disguised)
    assert tried >= 10
    assert not missed, f"{way}: missed {missed}"


def test_camel_case_and_small_capitals_of_ordinary_words_stay_clean() -> None:
    gate, _ = _gate()
    for text in (
        "Slides on YouTube and SharePoint; McAllister Street hosted the NorthWest forum.",
        "ᴡᴀᴛᴇʀ ᴅᴀᴛᴀ ꜱʜᴀʀɪɴɢ: a summary of the options, with no attribution.",
        "The irri\u00ad\ngation schedule was discussed at length.",
        "See [the options paper](https://example.org/options) for details.",
    ):
        assert gate.check(text).clean, text
