"""What a reader sees: the gate's disguise-folding pipeline, with a source map.

A name can be written so that the bytes differ from the roster while every
reader still recognises it: ``**Sa**bina``, ``Sa<b></b>bina``, ``&#83;abina``,
a Cyrillic "а" inside a Latin word, a zero-width space, ``S a b i n a``,
``S4bina 0rlet``, a right-to-left override, ``sabina at belmark dot org``.
:func:`fold` rewrites such spots, one documented step after another, and keeps
for every step a map back, so that a finding in the folded text points at the
span of the SOURCE text (the gate page's highlight and one-click redaction
work on the source).

The steps, in order (each changes only the spots it names, everything else is
left as it is, so that the gate's context rules, capital letters and sentence
starts, still apply):

1. ``markup``: Markdown and HTML that a renderer removes from inside a word
   (``*``, ``_``, ``~~``, ``==``, `````, ``^``, tags such as ``<b></b>`` or
   ``<span class=x>``, comments ``<!-- -->``) between two letters or digits
   is dropped, so ``**Sa**bina`` and ``Sa<b></b>bina`` read "Sabina"; a
   Markdown link glued to a word (``[Sa](https://x.org)bina``) reads as its
   text, a glued image (``Voron![tsova](x.png)``) as its description. So
   does a reference link (``[Sa][1]bina``), and markup whose content no
   renderer draws (``<script>``, ``<style>``, ``<template>``, ``<?x?>``,
   ``![](x.png)``) is dropped from inside a word
   (:mod:`backchannel.gate.hidden`). Markup
   between words changes no letter and is left to the engine, which reads
   punctuation as a space; link URLs and slugs stay in the text and are
   checked like any words.
2. ``entities``: HTML character references (``&#83;``, ``&#x53;``,
   ``&Scaron;``, ``&#x2D;``, ``&nbsp;``) are decoded (:func:`html.unescape`),
   except ``<``, ``>`` and ``&``, which would make markup that is not there;
   so are a link's percent-escapes (``Dvo%C5%99%C3%A1kov%C3%A1``, UTF-8, as
   a browser shows them) that decode to a name's letters
   (:mod:`backchannel.gate.encoded`).
3. ``bidi``: a right-to-left override (U+202E) shows the characters after it,
   up to U+202C or the end of the line, in reverse order: they are reversed.
4. ``nfkc``: Unicode NFKC (fullwidth ``Ｓ``, mathematical ``𝐒``, ligatures
   ``ﬁ``), and letter symbols NFKC leaves alone (negative circled and
   squared letters, regional indicators), read from their Unicode names. Steps 4 to 6 run word by word, on the words that hold a non-ASCII
   character one of them changes.
5. ``invisible``: format characters (general category Cf: zero-width space,
   joiners, word joiner, soft hyphen, bidi controls, BOM) are removed, and so
   are combining marks (Mn, Me) after a Latin letter or a digit: the roster is matched
   without diacritics anyway, a mark stacked on a Latin letter hides nothing. So are
   the other default-ignorable code points (Hangul fillers U+3164, U+FFA0, U+115F,
   U+1160, variation selectors, tags) and blank glyphs (braille blank U+2800):
   letters that draw nothing. Decimal digits of any script (Arabic-Indic, Persian,
   Devanagari) become ASCII digits.
   A soft hyphen at a line break (``Orl`` + U+00AD + newline + ``et``) joins
   the two halves, as a reader reads them.
6. ``confusables``: letters of another script that look like Latin letters
   are replaced by the Latin letter, after Unicode TR39's confusables table
   (``confusables.txt``, as shipped by the maintained ``confusable-homoglyphs``
   package; not typed by hand here): in a word that mixes Latin letters with
   such look-alikes (``Sаbina`` with a Cyrillic а, ``Οrlet`` with a Greek Ο),
   or a word written only in look-alikes. A Russian, Greek or Arabic word that
   has letters without a Latin look-alike is left alone: a paragraph in
   another language does not turn into Latin text. Small capitals
   (``ꜱᴀʙɪɴᴀ``), which the table leaves out, are read from their Unicode
   names ("LATIN LETTER SMALL CAPITAL S").
7. ``spacing``: letters spaced out (``S a b i n a``, ``S.a.b.i.n.a``,
   ``S-a-b-i-n-a``, any punctuation or symbol between: ``V–o–r``, ``V:o:r``;
   three letters or more) are joined; a wider gap or a capital
   after a small letter starts a new word (``S a b i n a  O r l e t``).
8. ``digits``: common digit-for-letter substitutions inside a word
   (``S4bina``, ``0rlet``, ``Or1et``, ``$abina``): 0→o, 1→i (or l, the gate
   tries both), 3→e, 4→a, 5→s, 7→t, 8→b, 9→g, @→a, $→s, |→l, !→i. Only in a
   word that has at least two letters; ordinals and units (``2nd``, ``10km``)
   and all-digit numbers are left alone. A symbol at a word's edge (``Dvor@kov@``)
   counts when the word has another one inside or the reading is a roster word.
   Before it, inside a phone number, letters for digits (``555 O199``,
   ``SSS 0199``, ``67 B9``: :mod:`backchannel.gate.phones`); before step 7,
   multi-symbol leetspeak (``\\/0r0nts0va``); after it, TR39's look-alike
   sequences ("rn" for m): both only when the reading is a roster name word
   (:mod:`backchannel.gate.spelled`).
9. ``contacts``: an address written out, ``name at domain dot org``,
   ``name (at) domain (dot) org``, ``name [at] domain.org``, ``name dot surname
   at …``, becomes ``name@domain.org``; a phone number in words ("plus two
   three three, two four, …") becomes digits, and so does a typeset one (groups
   joined by a Unicode space or dash, a group in emphasis or spelt out:
   :func:`backchannel.gate.phones.typeset_phone_find`).

10. ``camel``: names run together with a capital each (``SabinaOrlet``)
   are split, only when every part is a roster name word (the gate passes
   ``known``), so ``McAllister`` or ``YouTube`` stay whole; also behind a
   hashtag (``#ZofiaDvorakova``); not inside a handle, an address or a URL.

The same :func:`fold` is applied to roster names and aliases when the gate is
compiled (:func:`fold_name`), so roster and text go through one pipeline.

Out of reach, by design: encodings a reader must decode on purpose (base64,
ROT13, a name spelt backwards without a bidi control), a name in an image, a
name written in another script as a transliteration (``Сабина Орлет``; the
gate's near-spelling rule catches some), and letter-by-letter spelling split
across lines or table cells.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from backchannel.gate.confusables import (
    _RLO,
    _bidi,
    _confusable_word,
    _ranges,
    _token,
    _unicode_find,
)

# steps 4 to 6 (nfkc, invisible, confusables) and the word helper
# step 1's hidden elements, empty links and reference links; step 2's URLs
from backchannel.gate.encoded import percent_find
from backchannel.gate.hidden import hidden_find

# step 8's letters for digits inside a phone number, step 9's typeset phones
from backchannel.gate.phones import (
    TYPESET_NEEDS,
    _phone_letters_find,
    spelt_group_phone_find,
    typeset_phone_find,
)

# multi-symbol letters, look-alike sequences, a phone number in words
from backchannel.gate.spelled import leet_with, phone_words_find, sequences_with

STEPS: tuple[str, ...] = (
    "markup",
    "entities",
    "bidi",
    "nfkc",
    "invisible",
    "confusables",
    "spacing",
    "digits",
    "contacts",
)


# ------------------------------------------------------------------ the maps
class _StepMap:
    """One step's replacements: source [a, b) became output [c, d).

    Maps a position either way. A position inside a replacement maps to the
    start of its counterpart (or, for an exclusive end, to its end), unless the
    replacement kept the length, where it maps one to one."""

    __slots__ = ("_new_a", "_old_a", "edits")

    def __init__(self, edits: list[tuple[int, int, int, int]]) -> None:
        self.edits = edits
        self._old_a = [e[0] for e in edits]
        self._new_a = [e[2] for e in edits]

    def back(self, p: int, *, end: bool = False) -> int:
        return self._map(p, end, self._new_a, 2, 0)

    def forward(self, p: int, *, end: bool = False) -> int:
        return self._map(p, end, self._old_a, 0, 2)

    def _map(self, p: int, end: bool, keys: list[int], src: int, dst: int) -> int:
        q = p - 1 if end else p
        k = bisect_right(keys, q) - 1
        if k < 0:
            return p
        e = self.edits[k]
        sa, sb, da, db = e[src], e[src + 1], e[dst], e[dst + 1]
        if q < sb:
            if sb - sa == db - da:
                return da + (p - sa)
            return db if end else da
        return db + (p - sb)


@dataclass(slots=True)
class Folded:
    """The folded text, the source, and the way back."""

    source: str
    text: str
    maps: list[_StepMap] = field(default_factory=list)
    # (step name, start, end) of every change, in the folded text
    changes: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source that the folded span [start, end) came from."""
        for m in reversed(self.maps):
            start, end = m.back(start), m.back(end, end=True)
        return start, max(end, start)

    def windows(self, margin: int = 300) -> list[tuple[int, int]]:
        """Spans of the folded text around the changes (merged, cut at a space):
        only there can the folded text hold a finding the source does not."""
        out: list[tuple[int, int]] = []
        text = self.text
        for _, a, b in sorted(self.changes, key=lambda c: c[1]):
            lo = max(0, a - margin)
            hi = min(len(text), b + margin)
            while lo > 0 and not text[lo - 1].isspace():
                lo -= 1
            while hi < len(text) and not text[hi].isspace():
                hi += 1
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        return out


Replace = Callable[[re.Match[str]], str | None]
Spot = tuple[int, int, str]  # source [a, b) becomes the string


def _apply(text: str, spots: list[Spot]) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Replace sorted, non-overlapping spots; the edits for the map."""
    pieces: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    pos = 0
    out_len = 0
    for a, b, new in spots:
        if a < pos or a == b or text[a:b] == new:
            continue
        pieces.append(text[pos:a])
        out_len += a - pos
        pieces.append(new)
        edits.append((a, b, out_len, out_len + len(new)))
        out_len += len(new)
        pos = b
    if not edits:
        return text, edits
    pieces.append(text[pos:])
    return "".join(pieces), edits


def _by_regex(pattern: re.Pattern[str], repl: Replace) -> Callable[[str], list[Spot]]:
    def find(text: str) -> list[Spot]:
        out = []
        for m in pattern.finditer(text):
            new = repl(m)
            if new is not None:
                out.append((m.start(), m.end(), new))
        return out

    return find


def _alnum(c: str) -> bool:
    return c.isalnum()


# ------------------------------------------------------------------ 1 markup
_JUNK = re.compile(
    # a comment, a bogus comment (<!…>, as a browser reads it), a tag
    r"(?:<!--.*?-->|<![^>]*>|</?[A-Za-z][^<>]*>"
    r"|\*+|_+|~~|==|`+|\^|\\)+",
    re.DOTALL,
)
_JUNK_START = re.compile(r"[<*_~=`^\\]")
_IDENTIFIER = re.compile(r"@|://|www\.")
_SPACE = re.compile(r"\s")


def _in_word(c: str) -> bool:
    """A letter, a digit, a combining mark, an invisible character, or the
    hyphen or apostrophe of a compound name."""
    return c.isalnum() or c in "-'’" or unicodedata.category(c) in ("Mn", "Me", "Cf")


def _markup_find(text: str) -> list[Spot]:
    out: list[Spot] = []
    done = -1
    for hint in _JUNK_START.finditer(text):
        i = hint.start()
        if i < done or i == 0 or not _in_word(text[i - 1]):
            continue
        m = _JUNK.match(text, i)
        if m is None:
            continue
        done = m.end()
        new = _markup(m)
        if new is not None:
            out.append((m.start(), m.end(), new))
    return out


def _markup(m: re.Match[str]) -> str | None:
    text = m.string
    a, b = m.span()
    if a == 0 or b >= len(text) or not _in_word(text[a - 1]) or not _in_word(text[b]):
        return None  # markup between words changes no word
    if "<" in m.group():
        return ""
    # "_" and "*" inside a handle, an address or a URL are part of it
    lo = max(text.rfind(" ", 0, a), text.rfind("\n", 0, a)) + 1
    hi_space = _SPACE.search(text, b)
    hi = hi_space.start() if hi_space else len(text)
    if _IDENTIFIER.search(text, lo, hi):
        return None
    return ""


# a Markdown link glued to a word: "[Mehmet Yıl](https://x.org)maz" reads
# "Mehmet Yılmaz" (the URL stays in the source, which is checked as written)
_GLUED_LINK = re.compile(r"\[([^\[\]\n]{1,80})\]\([^()\s]{0,300}\)")


def _link_find(text: str) -> list[Spot]:
    out: list[Spot] = []
    i = text.find("](")
    while i >= 0:
        a = text.rfind("[", max(0, i - 81), i)
        m = _GLUED_LINK.match(text, a) if a >= 0 else None
        if m is not None:
            a, b = m.span()
            inner = m.group(1)
            if a > 0 and text[a - 1] == "!":
                a -= 1  # an image, shown as its description: "Voron![tsova](x.png)"
            glued = (b < len(text) and _in_word(text[b]) and _in_word(inner[-1])) or (
                a > 0 and _in_word(text[a - 1]) and _in_word(inner[0])
            )
            if glued:
                out.append((a, b, inner))
            i = text.find("](", b)
        else:
            i = text.find("](", i + 2)
    return out


# ---------------------------------------------------------------- 2 entities
_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
)


def _entity(m: re.Match[str]) -> str | None:
    raw = m.group()
    if not raw.endswith(";") and not raw.startswith("&#"):
        return None
    out = html.unescape(raw)
    if out == raw or len(out) != 1:
        return None
    if out in "<>&":
        return None  # decoding these would make markup that is not there
    return out


# ----------------------------------------------------------------- 7 spacing
# any punctuation or symbol or a space (not a line break) between single
# letters: "S a b i n a", "S.a.b", "S_a_b", "V–o–r", "V:o:r", "V·o·r". One
# character class of the Unicode categories P, S and Zs (of the BMP): the
# regex engine scans such a class as fast as a short list, far faster than
# "[\W_]" with a look-ahead
_SEP = (
    "[\t"
    + _ranges(
        [
            cp
            for cp in range(0x80, 0x10000)
            if unicodedata.category(chr(cp))[0] in "PS"
            or unicodedata.category(chr(cp)) == "Zs"
        ]
    )
    + re.escape("".join(chr(c) for c in range(0x20, 0x80) if not chr(c).isalnum()))
    + "]"
)
_SPACED = re.compile(
    rf"(?<![^\W_])[^\W_](?:{_SEP}{{1,3}}[^\W_](?![^\W_])){{2,}}",
)
_GAP = re.compile(rf"{_SEP}+")
_SPACED_HINT = re.compile(rf"[\s{_SEP[1:-1]}][^\W_]{_SEP}{{1,3}}[^\W_]{_SEP}")


def _shape_table(classes: dict[str, str]) -> bytes:
    """A bytes.translate table: each ASCII character to the letter of its
    class (``classes`` maps a class letter to its characters), "#" for the
    rest and for every byte of a non-ASCII character."""
    table = bytearray(b"#" * 256)
    for letter, chars in classes.items():
        for c in chars:
            table[ord(c)] = ord(letter)
    return bytes(table)


# an ASCII text's shape for the spacing step: letters and digits "a", every
# other character a space. A hint needs two one-letter words a gap of one to
# three apart (" a b ", " a  b "): the shape's search (a literal start, " a ",
# that the regex engine jumps to) costs a fourth of the hint's scan, which
# then runs only around what it found (a text with none is done)
_ALNUM_SHAPE = bytes(
    ord("a") if chr(b).isascii() and chr(b).isalnum() else ord(" ")
    for b in range(256)
)
_SINGLES = re.compile(rb" a {1,3}a ")


def _spacing_starts(text: str) -> list[int]:
    """Where a run of spaced letters may start: every hint's start, as a
    scan of the whole text finds them."""
    starts = [0] if _SPACED.match(text, 0) else []
    if not text.isascii():
        # a look-alike or a dash between letters ("S–a–b"): the full scan
        return starts + [h.start() + 1 for h in _SPACED_HINT.finditer(text)]
    windows: list[list[int]] = []
    for m in _SINGLES.finditer(text.encode().translate(_ALNUM_SHAPE)):
        lo, hi = max(0, m.start() - 8), m.end() + 8
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        starts += [h.start() + 1 for h in _SPACED_HINT.finditer(text, lo, hi)]
    return starts


def _spacing_find(text: str) -> list[Spot]:
    out: list[Spot] = []
    done = -1
    starts = _spacing_starts(text)
    for i in starts:
        if i < done:
            continue
        m = _SPACED.match(text, i)
        if m is None:
            continue
        done = m.end()
        new = _spacing(m)
        if new is not None:
            out.append((m.start(), m.end(), new))
    return out


def _spacing(m: re.Match[str]) -> str | None:
    run = m.group()
    gaps = _GAP.findall(run)
    letters = _GAP.split(run)
    alpha = sum(c.isalpha() for c in letters)
    if alpha < 2 or alpha * 3 < len(letters):
        return None  # mostly digits: a phone number or a date
    # look-alike letters spaced out: one word for step 6's rule
    looks = _confusable_word("".join(letters))
    if looks is not None and len(looks) == len(letters):
        letters = list(looks)
    if (
        len(letters) == 3
        and all(g.strip() == "" for g in gaps)
        and letters[1].islower()
    ):
        # "a b c", "x y z" in prose; "S a b" is still joined
        if letters[0].islower():
            return None
    common = max(set(gaps), key=gaps.count)
    out = [letters[0]]
    for gap, letter in zip(gaps, letters[1:], strict=True):
        new_word = len(gap) > len(common) or (
            gap != common and gaps.count(gap) == 1 and len(gaps) > 3
        )
        if not new_word and letter.isupper() and out[-1][-1:].islower():
            new_word = True
        out.append((" " if new_word else "") + letter)
    return "".join(out)


# ------------------------------------------------------------------ 8 digits
_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "|": "l",
    "!": "i",
}
_LEET_CHAR = re.compile(r"[0-9@$|!][0-9@$|!]*")  # not "+": see _NON_ASCII


def _leet_char(c: str) -> bool:
    return c.isalnum() or c in "@$|!'’-"


_ORDINAL = re.compile(
    r"^\d+(?:st|nd|rd|th|s|km|kg|mm|cm|m|g|h|min|bn|k|mn|m|pm|am|gb|mb|kb|x|d)$",
    re.IGNORECASE,
)


_AMBIGUOUS = {"1": "il", "|": "li", "!": "il"}
_EDGE = "@!|"  # at a word's edge, punctuation or a handle unless shown otherwise


def _digits_with(
    one: str, known: Callable[[str], bool] | None
) -> Callable[[str], list[Spot]]:
    table = dict(_LEET, **{"1": one})

    def find(text: str) -> list[Spot]:
        out: list[Spot] = []
        done = -1
        n = len(text)
        for m in _LEET_CHAR.finditer(text):
            a, b = m.span()
            if a < done:
                continue
            # next to a letter: "S4bina", "0rlet", "Orle7"
            if not (
                (a > 0 and text[a - 1].isalpha())
                or (b < n and text[b].isalpha())
                or (b + 1 < n and text[b] in "'’-" and text[b + 1].isalpha())
            ):
                continue
            a, b = _token(text, a, b, _leet_char)
            done = b
            if "@" in text[a:b] and "." in text[b : b + 1]:
                continue  # an email address
            lo, hi = a, b
            while lo < hi and text[lo] in _EDGE:
                lo += 1
            while hi > lo and text[hi - 1] in _EDGE + "$":
                hi -= 1
            if (lo, hi) != (a, b):
                # "Dvor@kov@" reads "Dvorakova", "Sabina!" is punctuation:
                # a symbol at the edge is a letter when the word has another
                # substitution inside (a trailing "@") or the reading is a
                # roster word; otherwise only the inside is read
                full = resolve(text[a:b], edges=True)
                core_leet = any(c in table for c in text[lo:hi])
                if full is not None and (
                    (known is not None and known(full))
                    or (lo == a and core_leet and set(text[hi:b]) == {"@"})
                ):
                    out.append((a, b, full))
                    continue
                a, b = lo, hi
            new = resolve(text[a:b])
            if new is not None:
                out.append((a, b, new))
        return out

    def resolve(word: str, *, edges: bool = False) -> str | None:
        """A "1" reads as i or l: the reading the roster knows, if any."""
        spots = [i for i, c in enumerate(word) if c in _AMBIGUOUS][:4]
        if known is None or not spots:
            return repl(word, edges)
        for k in range(2 ** len(spots)):
            chars = list(word)
            for bit, i in enumerate(spots):
                chars[i] = _AMBIGUOUS[word[i]][(k >> bit) & 1]
            reading = repl("".join(chars), True) or "".join(chars)
            if known(reading):
                return reading
        return repl(word, edges)

    def repl(word: str, edges: bool = False) -> str | None:
        if not any(c in table for c in word):
            return None
        letters = sum(c.isalpha() for c in word)
        if letters < 2 or _ORDINAL.match(word):
            return None
        if not edges and (word[0] in _EDGE or word[-1] in _EDGE + "$"):
            return None  # "@handle", "hello!": punctuation, not a letter
        upper = word.isupper() or (letters == sum(c.isupper() for c in word))
        out = []
        for i, c in enumerate(word):
            r = table.get(c)
            if r is None:
                out.append(c)
                continue
            if upper and letters > 1:
                r = r.upper()
            elif i == 0 and len(word) > 1 and word[1].islower():
                r = r.upper()  # "0rlet" → "Orlet": a capital at the start
            out.append(r)
        return "".join(out)

    return find


# ---------------------------------------------------------------- 9 contacts
_AT = r"(?:\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+)"
_DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\.)"
_AT_BRACKET = re.compile(r"[\[({<]\s*(?i:at)\s*[\])}>]")
_AT_WORDS = (" at ", " AT ", " At ", "\nat ", " at\n")


def _at_spots(text: str) -> list[tuple[int, int]]:
    """Where an "at" of a written-out address may be (str.find is the fast
    path: " at " is frequent in prose and is looked at only when a domain
    follows)."""
    spots = [m.span() for m in _AT_BRACKET.finditer(text)]
    for word in _AT_WORDS:
        i = text.find(word)
        while i >= 0:
            spots.append((i, i + len(word)))
            i = text.find(word, i + 3)
    spots.sort()
    return spots


_DOMAIN = re.compile(rf"\s*([\w-]+(?:{_DOT}[\w-]+)+)", re.IGNORECASE)
_LOCAL = re.compile(rf"(?<![\w.@])([\w+-]+(?:{_DOT}[\w+-]+)*)\s*$", re.IGNORECASE)
_DOT_RE = re.compile(_DOT, re.IGNORECASE)


# what every written-out domain holds: a "." before a letter, or "dot"; a
# text without one (most paragraphs) needs no look at its "at"s
_DOT_BEFORE_WORD = re.compile(r"\.[\w-]")


def _contacts_find(text: str) -> list[Spot]:
    # a "." before a word character (a literal first: the regex engine's fast
    # search), else "dot" in any case
    if _DOT_BEFORE_WORD.search(text) is None and "dot" not in text.lower():
        return []
    out: list[Spot] = []
    done = -1
    for at_start, at_end in _at_spots(text):
        if at_start < done:
            continue
        ahead = text[at_end : at_end + 80]
        if "." not in ahead and "dot" not in ahead.lower():
            continue
        domain = _DOMAIN.match(text, at_end)
        if domain is None:
            continue
        labels = _DOT_RE.split(domain.group(1))
        if not labels[-1].isalpha() or len(labels[-1]) < 2:
            continue
        local = _LOCAL.search(text, max(0, at_start - 80), at_start)
        if local is None:
            continue
        new = ".".join(_DOT_RE.split(local.group(1))) + "@" + ".".join(labels)
        out.append((local.start(1), domain.end(1), new))
        done = domain.end(1)
    return out


# ------------------------------------------------------- soft line breaks
# a soft hyphen where a line was broken ("Lind\u00ad" + newline + "qvist"):
# the reader sees one word, hyphenated at the margin
# (the pattern starts with the soft hyphen, so the scan is a fast literal
# search; the letter before it is checked by _soft_break)
_SOFT_BREAK = re.compile(r"\u00ad[ \t]*\r?\n[ \t]*(?=[^\W\d_])")


def _soft_break(m: re.Match[str]) -> str | None:
    a = m.start()
    return "" if a > 0 and m.string[a - 1].isalpha() else None


# ------------------------------------------------------------------ 10 camel
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"
# a capital after a small letter, found by the capital (rare in prose) and
# then looking behind: five times faster than "[small][capital]", which the
# regex engine tries at nearly every letter
_CAMEL_HINT = re.compile(
    f"[{_UPPER}\u0100-\u024f](?<=[{_LOWER}][{_UPPER}\u0100-\u024f])"
)


# "l" a small ASCII letter, "U" a capital: the shape of an ASCII text, where
# a camel-case word shows as "lU"
_CASE_SHAPE = _shape_table(
    {"l": "abcdefghijklmnopqrstuvwxyz", "U": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
)


def _camel_parts(word: str) -> list[str]:
    """ "ŽofiaDvořáková" → ["Žofia", "Dvořáková"]; [] unless every part is a
    capital followed by small letters."""
    parts: list[str] = []
    start = 0
    for i in range(1, len(word)):
        if word[i].isupper() and word[i - 1].islower():
            parts.append(word[start:i])
            start = i
    parts.append(word[start:])
    if all(p[0].isupper() and len(p) > 1 and p[1:].islower() for p in parts):
        return parts
    return []


def _camel_with(known: Callable[[str], bool]) -> Callable[[str], list[Spot]]:
    """Words run together with a capital for each ("TomPrice", "InesLindqvist"):
    split, but only when every part is a roster name word ("McAllister",
    "YouTube", "NorthWest" of an ordinary roster stay as they are)."""

    def find(text: str) -> list[Spot]:
        out: list[Spot] = []
        done = -1
        if text.isascii() and b"lU" not in text.encode().translate(_CASE_SHAPE):
            return out  # no small letter followed by a capital
        # the fast scan: a small letter followed by a capital
        for hint in _CAMEL_HINT.finditer(text):
            if hint.start() - 1 < done:
                continue
            a, b = _token(text, hint.start() - 1, hint.end(), str.isalpha)
            done = b
            if (a > 0 and text[a - 1] in "@/._-+") or text[b : b + 1] in ("@", "_"):
                continue  # a handle, an address, a URL: the contact rules' part
            # (a hashtag, "#ŽofiaDvořáková", is split: a reader reads the
            # name in it; the contact rules read an ASCII one as a handle)
            parts = _camel_parts(text[a:b])
            if len(parts) >= 2 and all(known(p) for p in parts):
                out.append((a, b, " ".join(parts)))
        return out

    return find


# ----------------------------------------------------------------- pipeline
# A finder's spots; the confusables' carry a fourth item (what was seen), dropped.
Finder = Callable[[str], Sequence[Spot | tuple[int, int, str, str]]]
Steps = list[tuple[str, Finder, bool, str]]
_DIGITS = "0123456789"


def _steps(
    one: str,
    known: Callable[[str], bool] | None,
    names: frozenset[str] = frozenset(),
    phone_words: bool = True,
) -> Steps:
    """(name, finder, only when the text is not ASCII, characters one of
    which the text must hold for the finder to find anything), in order. The
    last is the fast path: a one-character ``in`` is a memchr, a regular
    expression's scan of a paragraph costs a hundred times more."""
    steps: Steps = [
        ("markup", hidden_find, False, "<["),
        ("markup", _link_find, False, "]"),
        ("markup", _markup_find, False, "<*_~=`^\\"),
        ("entities", _by_regex(_ENTITY, _entity), False, "&"),
        ("entities", percent_find, False, "%"),
        ("bidi", _by_regex(_RLO, _bidi), True, "\u202e"),
        ("invisible", _by_regex(_SOFT_BREAK, _soft_break), True, "\u00ad"),
        ("unicode", _unicode_find, True, ""),
    ]
    if known is not None:
        # before the spacing step, which would read "L(_)c/\\s" as spaced
        steps.append(("digits", leet_with(known), False, "\\|([{}<>]"))
    steps.append(("spacing", _spacing_find, False, ""))
    steps.append(("contacts", typeset_phone_find, False, TYPESET_NEEDS))
    if phone_words:
        steps.append(("contacts", phone_words_find, False, ""))
        # a group spelt out between digits ("601 two three four 567")
        steps.append(("contacts", spelt_group_phone_find, False, _DIGITS))
    steps.append(("digits", _phone_letters_find, False, _DIGITS))
    steps.append(("digits", _digits_with(one, known), False, _DIGITS + "@$|!"))
    if known is not None:
        steps.append(("confusables", sequences_with(known, names), False, ""))
    steps.append(("contacts", _contacts_find, False, ""))
    if known is not None:
        steps.append(("camel", _camel_with(known), False, ""))
    return steps


def fold_steps(
    one: str = "i",
    known: Callable[[str], bool] | None = None,
    names: frozenset[str] = frozenset(),
    phone_words: bool = True,
) -> Steps:
    """The pipeline for these options, built once and passed to :func:`fold`
    as ``steps`` by a caller that folds many texts (the gate); ``names`` are
    the roster's name words, lower case (a fast first test for ``known``);
    ``phone_words`` False leaves out the phone number in words (for a text
    the caller knows has fewer than six number words)."""
    return _steps(one, known, names, phone_words)


def fold(
    text: str,
    *,
    one: str = "i",
    known: Callable[[str], bool] | None = None,
    steps: Steps | None = None,
) -> Folded:
    """The text as a reader reads it, with the way back to ``text``.

    ``one`` is the letter a "1" inside a word stands for by default ("i" or
    "l"); ``known``, when given, says whether a word is one the reader would
    know (the gate passes "is a roster name word"): a word with a "1" is then
    read as i or l, whichever makes it known ("H1l1" → "Hill")."""
    folded = Folded(source=text, text=text)
    for name, find, non_ascii, needs in (
        steps if steps is not None else _steps(one, known)
    ):
        t = folded.text
        if non_ascii and t.isascii():
            continue
        if needs:
            for c in needs:
                if c in t:
                    break
            else:
                continue  # none of the characters it needs: nothing to find
        spots = find(t)
        if not spots:
            continue
        new, edits = _apply(t, [sp[:3] for sp in spots])
        if not edits:
            continue
        names = {sp[0]: sp[3] for sp in spots if len(sp) > 3}
        step = _StepMap(edits)
        # earlier changes move with this step's edits
        folded.changes = [
            (n, step.forward(a), step.forward(b, end=True))
            for n, a, b in folded.changes
        ]
        folded.changes.extend((names.get(e[0], name), e[2], e[3]) for e in edits)
        folded.maps.append(step)
        folded.text = new
    return folded


def fold_name(name: str) -> str:
    """A roster name or alias through the same pipeline (usually unchanged)."""
    return " ".join(fold(name).text.split())
