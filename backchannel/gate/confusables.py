"""Steps 4 to 6 of :mod:`backchannel.gate.normalise`, word by word:
Unicode NFKC, invisible characters (format characters, combining marks on a
Latin letter) and look-alike letters of other scripts after Unicode TR39's
confusables table (read from the ``confusable-homoglyphs`` package). No
Django here."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from importlib import resources


def _token(text: str, i: int, j: int, chars: Callable[[str], bool]) -> tuple[int, int]:
    """Widen [i, j) while the characters around satisfy ``chars``."""
    while i > 0 and chars(text[i - 1]):
        i -= 1
    n = len(text)
    while j < n and chars(text[j]):
        j += 1
    return i, j


# -------------------------------------------------------------------- 3 nfkc
# "[^…][^…]*" rather than "[^…]+": only the first form gets the regex
# engine's fast scan for its first character (three times faster)
_NON_ASCII = re.compile(r"[^\x00-\x7f][^\x00-\x7f]*")


# -------------------------------------------------------------------- 4 bidi
_RLO = re.compile("\u202e([^\u202c\n]*)\u202c?")


def _bidi(m: re.Match[str]) -> str | None:
    return m.group(1)[::-1]


# --------------------------------------------------------------- 5 invisible
def _ranges(codepoints: list[int]) -> str:
    """A regular-expression class body of ranges: compact and fast to scan."""
    out: list[str] = []
    i = 0
    while i < len(codepoints):
        j = i
        while j + 1 < len(codepoints) and codepoints[j + 1] == codepoints[j] + 1:
            j += 1
        lo, hi = chr(codepoints[i]), chr(codepoints[j])
        out.append(re.escape(lo) if i == j else f"{re.escape(lo)}-{re.escape(hi)}")
        i = j + 1
    return "".join(out)


# format characters (Cf) from the Unicode database, and combining marks
_INVISIBLE = re.compile(
    "["
    + _ranges([cp for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Cf"])
    + "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


# ------------------------------------------------------------- 6 confusables
@cache
def latin_lookalikes() -> dict[str, str]:
    """Letters of other scripts (and non-ASCII Latin ones) that TR39's
    confusables table maps to ASCII letters: {"а": "a", "Ο": "O", …}.

    Read from the ``confusable-homoglyphs`` package's copy of Unicode's
    confusables.txt. Its table lists, for a character that is a source, the
    one prototype it is confusable with; a chain (н → ʜ → H) is followed."""
    data = json.loads(
        resources.files("confusable_homoglyphs")
        .joinpath("confusables.json")
        .read_text(encoding="utf-8")
    )

    def one(ch: str) -> str | None:
        entries = data.get(ch) or []
        if len(entries) != 1:
            return None
        target = entries[0]["c"].replace("\u200e", "").replace("\u200f", "")
        target = "".join(
            c
            for c in unicodedata.normalize("NFKD", target)
            if not unicodedata.combining(c)
        )
        return target or None

    out: dict[str, str] = {}
    for ch in data:
        if len(ch) != 1 or ch.isascii() or not ch.isalpha():
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
        )
        if base.isascii() or " WITH " in unicodedata.name(ch, ""):
            continue  # é, ø, ł: the engine reads them without diacritics
        target = one(ch)
        for _ in range(3):
            if target is None or (target.isascii() and target.isalpha()):
                break
            target = one(target) if len(target) == 1 else None
        if target is not None and target.isascii() and target.isalpha():
            if target == "l" and ch.isupper():
                target = "I"  # TR39 folds I and l together; a capital reads I
            out[ch] = target
    # small capitals (ɪɴᴇs ʟɪɴᴅǫᴠɪsᴛ) are not in the confusables table: read
    # from the Unicode character names, "LATIN LETTER SMALL CAPITAL N"
    for cp in range(0x80, 0x20000):
        m = _SMALL_CAPITAL.fullmatch(unicodedata.name(chr(cp), ""))
        if m is not None:
            out[chr(cp)] = m.group(1)
    return out


_SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])")
# letters drawn inside a shape that NFKC leaves alone: negative circled and
# negative squared letters (U+1F150-U+1F189), regional indicators (a letter
# in a box where no flag is drawn); read from the Unicode character names
_LETTER_SYMBOL = re.compile(
    r"(?:[A-Z]+ )*(?:CIRCLED|SQUARED|PARENTHESIZED) (?:ITALIC )?"
    r"LATIN (CAPITAL|SMALL) LETTER ([A-Z])|REGIONAL INDICATOR SYMBOL LETTER ([A-Z])"
)


@cache
def letter_symbols() -> dict[str, str]:
    """Symbols that show one Latin letter and that NFKC does not fold
    ("🅥" NEGATIVE CIRCLED LATIN CAPITAL LETTER V → "V")."""
    out: dict[str, str] = {}
    for cp in range(0x2000, 0x20000):
        c = chr(cp)
        m = _LETTER_SYMBOL.fullmatch(unicodedata.name(c, ""))
        if m is None or unicodedata.normalize("NFKC", c) != c:
            continue
        letter = m.group(2) or m.group(3)
        out[c] = letter.lower() if m.group(1) == "SMALL" else letter
    return out


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _confusable_word(word: str) -> str | None:
    table = latin_lookalikes()
    if not any(c in table for c in word):
        return None
    letters = [c for c in word if c.isalpha()]
    # with Latin letters, or digits standing for letters ("М1η4")
    mixed = _LATIN.search(word) is not None or any(c in "0123456789" for c in word)
    if not mixed:
        # a whole word of look-alikes ("Οrlеt" all in Greek/Cyrillic) only
        if len(letters) < 3 or not all(c in table for c in letters):
            return None
    elif not all(c in table or _LATIN.match(c) or not c.isalpha() for c in word):
        return None
    out = "".join(table.get(c, c) for c in word)
    if "ǫ" in out and any(c in _small_capitals() for c in word):
        # small-capital text writes Q as ǫ (there is no common small capital Q)
        out = out.replace("ǫ", "Q")
    return out


@cache
def _small_capitals() -> frozenset[str]:
    return frozenset(
        chr(cp)
        for cp in range(0x80, 0x20000)
        if _SMALL_CAPITAL.fullmatch(unicodedata.name(chr(cp), ""))
    )


# Characters that render as nothing though they are not format characters
# (Cf): Unicode's Other_Default_Ignorable_Code_Point (DerivedCoreProperties;
# the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the Khmer inherent
# vowels, U+FFF0-FFF8, the tag block) and the variation selectors, which make
# up Default_Ignorable_Code_Point with Cf, plus glyphs that are drawn blank:
# the braille blank U+2800 and the ideographic half fill space U+303F.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2065, 0x2065),
    (0x2800, 0x2800),
    (0x303F, 0x303F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
IGNORABLE = frozenset(
    chr(cp) for lo, hi in _IGNORABLE_RANGES for cp in range(lo, hi + 1)
)


_MARKS_AFTER_LATIN = re.compile(
    "(?<=[A-Za-z0-9@$|!\u00c0-\u024f])"
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
_CF = re.compile(
    "["
    + _ranges(
        sorted(
            {cp for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Cf"}
            | {ord(c) for c in IGNORABLE}
        )
    )
    + "]+"
)


@cache
def _unicode_suspects() -> frozenset[str]:
    """Characters that steps 4-6 change: not NFKC-stable, Cf, combining
    marks, Latin look-alikes."""
    table = latin_lookalikes()
    symbols = letter_symbols()
    cps = [
        cp
        for cp in range(0x80, 0x110000)
        if (c := chr(cp)) in table
        or c in symbols
        or c in IGNORABLE
        or unicodedata.category(c) in ("Cf", "Mn", "Me", "Nd")
        or (
            not 0xD800 <= cp <= 0xDFFF
            and unicodedata.normalize("NFKC", c) != c
            and not 0xAC00 <= cp <= 0xD7A3
        )
    ]
    return frozenset(map(chr, cps))


def _ascii_digit(c: str) -> str:
    """A decimal digit of any script (category Nd) as the ASCII digit."""
    if c.isascii() or not c.isdecimal():
        return c
    return str(unicodedata.decimal(c))


def _word_char(c: str) -> bool:
    # a compound name is one word here: "Ө'Connell", "Meyer-Ηolt"
    return (
        c.isalnum()
        or c in "-'’"
        or c in letter_symbols()
        or c in IGNORABLE
        or unicodedata.category(c) in ("Cf", "Mn", "Me")
    )


def _unicode_find(text: str) -> list[tuple[int, int, str, str]]:
    """Steps 4-6 (nfkc, invisible, confusables) word by word, on the words
    that hold a non-ASCII character that needs one of them."""
    out: list[tuple[int, int, str, str]] = []
    done = -1
    table = latin_lookalikes()
    symbols = letter_symbols()
    suspects = _unicode_suspects()
    for run in _NON_ASCII.finditer(text):
        if run.start() < done or suspects.isdisjoint(run.group()):
            continue
        a, b = _token(text, run.start(), run.end(), _word_char)
        done = b
        word = text[a:b]
        steps = []
        # a look-alike first (NFKC would turn the lunate sigma ϲ into ς)
        new = "".join(
            c if c in table else symbols.get(c) or unicodedata.normalize("NFKC", c)
            for c in word
        )
        if new != word:
            steps.append("nfkc")
        # digits of any script (Arabic-Indic ٢٣٣, Persian ۴۲۰, Devanagari):
        # a reader of that script reads the very number
        digits = "".join(_ascii_digit(c) for c in new)
        if digits != new:
            steps.append("digits")
            new = digits
        dropped = _MARKS_AFTER_LATIN.sub("", _CF.sub("", new))
        if dropped != new:
            steps.append("invisible")
        looks = _confusable_word(dropped)
        if looks is not None and looks != dropped:
            steps.append("confusables")
            dropped = looks
        if steps:
            out.append((a, b, dropped, "+".join(steps)))
    return out
