"""Ways to disguise a name (or an email) so that a reader still recognises it.

Used by the generated adversarial tests (tests/gate/test_gate_disguise.py)
and the exit tests. Each way is a function ``(name, rng) -> text``; they
compose (``combine``). The look-alike letters are taken from the TR39 table
the gate itself reads, reversed: Cyrillic or Greek letters that stand for a
Latin one.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from functools import cache

from backchannel.gate.confusables import latin_lookalikes

Way = Callable[[str, random.Random], str]


@cache
def _homoglyphs() -> dict[str, list[str]]:
    """Latin letter → Cyrillic/Greek letters that look like it."""
    out: dict[str, list[str]] = {}
    for ch, latin in latin_lookalikes().items():
        name = unicodedata.name(ch, "")
        if len(latin) == 1 and (name.startswith(("CYRILLIC", "GREEK"))):
            out.setdefault(latin, []).append(ch)
    return {k: sorted(v) for k, v in out.items()}


def _words(name: str) -> list[str]:
    return name.split()


def _inside(word: str, rng: random.Random) -> int:
    """A cut point inside a word, between two letters when there are two."""
    cuts = [
        i for i in range(1, len(word)) if word[i - 1].isalnum() and word[i].isalnum()
    ]
    if cuts:
        return rng.choice(cuts)
    return rng.randrange(1, len(word)) if len(word) > 1 else 1


def confusable(name: str, rng: random.Random) -> str:
    """One or two letters of each word replaced by a Cyrillic/Greek look-alike."""
    table = _homoglyphs()
    out = []
    for word in _words(name):
        spots = [i for i, c in enumerate(word) if c in table]
        chars = list(word)
        for i in rng.sample(spots, min(len(spots), rng.choice((1, 2)))):
            chars[i] = rng.choice(table[chars[i]])
        out.append("".join(chars))
    return " ".join(out)


def invisible(name: str, rng: random.Random) -> str:
    """A zero-width space, joiner, word joiner or soft hyphen inside each word."""
    out = []
    for word in _words(name):
        i = _inside(word, rng)
        mark = rng.choice(["\u200b", "\u200d", "\u2060", "\u00ad", "\u200c", "\ufeff"])
        out.append(word[:i] + mark + word[i:])
    return " ".join(out)


def markdown(name: str, rng: random.Random) -> str:
    """``**Sa**bina Or*le*t``: emphasis that splits each word."""
    out = []
    for word in _words(name):
        i = _inside(word, rng)
        mark = rng.choice(["**", "*", "~~", "`", "__"])
        if mark == "__":  # CommonMark: no intraword underscore emphasis
            mark = "**"
        out.append(f"{mark}{word[:i]}{mark}{word[i:]}")
    return " ".join(out)


def html_tags(name: str, rng: random.Random) -> str:
    """``Sa<b></b>bina``, ``<span>Or</span>let``, a comment inside a word."""
    out = []
    for word in _words(name):
        i = _inside(word, rng)
        tag = rng.choice(
            ["<b></b>", "<span></span>", "<!-- -->", "</em><em>", '<span class="x">']
        )
        out.append(word[:i] + tag + word[i:])
    return " ".join(out)


def entities(name: str, rng: random.Random) -> str:
    """A letter of each word as a decimal or hexadecimal character reference."""
    out = []
    for word in _words(name):
        i = rng.randrange(len(word))
        ref = rng.choice([f"&#{ord(word[i])};", f"&#x{ord(word[i]):X};"])
        out.append(word[:i] + ref + word[i + 1 :])
    return " ".join(out)


def spaced(name: str, rng: random.Random) -> str:
    """``S a b i n a   O r l e t`` (or with dots, hyphens)."""
    sep = rng.choice([" ", ".", "-", " . "])
    gap = {" ": "   ", ".": " ", "-": "  ", " . ": "   "}[sep]
    return gap.join(sep.join(w.replace("-", "")) for w in _words(name))


_LEET = {"a": "4", "e": "3", "o": "0", "i": "1", "s": "5", "t": "7", "l": "1"}


def digits(name: str, rng: random.Random) -> str:
    """``S4bina 0rlet``: one or two letters of each word as digits."""
    out = []
    for word in _words(name):
        spots = [i for i, c in enumerate(word) if c.lower() in _LEET]
        chars = list(word)
        for i in rng.sample(spots, min(len(spots), rng.choice((1, 2)))):
            chars[i] = _LEET[chars[i].lower()]
        out.append("".join(chars))
    return " ".join(out)


def bidi(name: str, rng: random.Random) -> str:
    """A right-to-left override: the bytes run backwards, the reader sees the name."""
    return "\u202e" + name[::-1] + "\u202c"


def fullwidth(name: str, rng: random.Random) -> str:
    """Fullwidth (or mathematical bold) letters: NFKC folds them."""
    if rng.random() < 0.5:
        return "".join(
            chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c
            for c in unicodedata.normalize("NFC", name)
        )
    bold = {
        **{chr(65 + i): chr(0x1D400 + i) for i in range(26)},
        **{chr(97 + i): chr(0x1D41A + i) for i in range(26)},
    }
    return "".join(bold.get(c, c) for c in name)


def combining(name: str, rng: random.Random) -> str:
    """Combining marks stacked on letters (a strike-through, an accent)."""
    mark = rng.choice(["\u0336", "\u0301", "\u0308", "\u0335"])
    return "".join(c + mark if c.isascii() and c.isalpha() else c for c in name)


WAYS: dict[str, Way] = {
    "confusable": confusable,
    "invisible": invisible,
    "markdown": markdown,
    "html": html_tags,
    "entities": entities,
    "spaced": spaced,
    "digits": digits,
    "bidi": bidi,
    "fullwidth": fullwidth,
    "combining": combining,
}
# the order in which ways compose: letters replaced first (digits, look-alikes),
# then taken apart (spaced), then split by markup; bidi reverses the result
ORDER = [
    "digits",
    "confusable",
    "spaced",
    "combining",
    "invisible",
    "markdown",
    "html",
    "entities",
    "fullwidth",
    "bidi",
]
# pairs a reader could no longer read, or that undo each other
INCOMPATIBLE = {
    frozenset({"entities", "markdown"}),
    frozenset({"entities", "html"}),
    frozenset({"entities", "spaced"}),
    frozenset({"entities", "combining"}),
    frozenset({"entities", "fullwidth"}),
    frozenset({"entities", "bidi"}),
    # a character inside "&#84;" breaks the reference: shown as it is
    frozenset({"entities", "invisible"}),
    frozenset({"spaced", "markdown"}),
    frozenset({"spaced", "html"}),
    frozenset({"spaced", "bidi"}),
    frozenset({"bidi", "html"}),
    frozenset({"bidi", "markdown"}),
    frozenset({"spaced", "invisible"}),
    frozenset({"spaced", "combining"}),
    frozenset({"fullwidth", "confusable"}),
    # fullwidth ＜b＞ and ＊＊ are shown as they are, not as markup
    frozenset({"fullwidth", "html"}),
    frozenset({"fullwidth", "markdown"}),
    frozenset({"fullwidth", "digits"}),
}


def combine(name: str, ways: list[str], rng: random.Random) -> str:
    for way in sorted(ways, key=ORDER.index):
        name = WAYS[way](name, rng)
    return name


def written_out(email: str, rng: random.Random) -> str:
    """``name at domain dot org``, ``name (at) domain (dot) org``…"""
    local, domain = email.split("@")
    at, dot = rng.choice(
        [(" at ", " dot "), (" (at) ", " (dot) "), (" [at] ", " [dot] "), (" AT ", ".")]
    )
    return local.replace(".", dot) + at + domain.replace(".", dot)
