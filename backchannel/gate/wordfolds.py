"""Steps 7, 8 and 10 of :mod:`backchannel.gate.normalise`, the folds inside
and across words: letters spaced out (``S a b i n a``), digits for letters
(``S4bina 0rlet``) and names run together (``SabinaOrlet``). Each is a finder
that returns the spots to rewrite. No Django here."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from backchannel.gate.confusables import _confusable_word, _ranges, _token
from backchannel.gate.foldmap import Spot

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
    ord("a") if chr(b).isascii() and chr(b).isalnum() else ord(" ") for b in range(256)
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
