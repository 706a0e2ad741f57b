"""The plain form the gate's matcher compares, with a map back to the text.

NFKD, diacritics stripped, casefolded, punctuation to spaces, hyphens split,
a hyphen at a line break joins the two halves, whitespace collapsed, padded
with a space at each end: "Žofia Dvořá-\\nková's" → " zofia dvorakova's ".
ASCII goes through a bytes translation table; only non-ASCII runs are looked
at one by one. Phone numbers' comparison key is here too. No Django here."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

import numpy as np

_APOSTROPHES = "'’‘ʼʻ′`´"
_HYPHENS = "-‐‑‒⁃"
_NEWLINES = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_SPECIAL = {
    "ø": "o",
    "đ": "d",
    "ł": "l",
    "ħ": "h",
    "ŧ": "t",
    "ı": "i",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ð": "d",
    "ŋ": "n",
    "ĸ": "k",
    "ƒ": "f",
    "ɨ": "i",
}


# "LATIN SMALL LETTER R WITH STROKE": a Latin letter with a stroke, hook, bar
# or tail that has no decomposition (so NFKD keeps it whole)
_LETTER_WITH = re.compile(r"LATIN (?:SMALL|CAPITAL) LETTER ([A-Z]) WITH .+")


@cache
def letters_with_marks() -> dict[str, str]:
    """Latin letters drawn with a stroke, hook, bar or tail and no
    decomposition (``ɍ``, ``Ⱦ``, ``ƙ``, ``ʂ``, ``Ɱ``), read from their Unicode
    names as the plain lower-case letter: a reader reads "Voronʂova" as
    "Vorontsova" spelt with an odd s."""
    out: dict[str, str] = {}
    for cp in range(0x80, 0x20000):
        c = chr(cp)
        m = _LETTER_WITH.fullmatch(unicodedata.name(c, ""))
        if m is not None and unicodedata.decomposition(c) == "":
            out[c] = m.group(1).lower()
    return out


def _char_norm(ch: str) -> str:
    """The normalised form of one character: letters and digits (lower case,
    without diacritics), "'", "-", "\\n" or " "; possibly empty or longer."""
    if ch in _APOSTROPHES:
        return "'"
    if ch in _HYPHENS:
        return "-"
    if ch == "\u00ad":  # soft hyphen: invisible, joins
        return ""
    if ch in _NEWLINES:
        return "\n"
    out: list[str] = []
    for d in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(d):
            continue
        d = letters_with_marks().get(d, d)  # before casefold: "Ɵ" (not "ɵ")
        for e in d.casefold():
            for f in _SPECIAL.get(e) or letters_with_marks().get(e, e):
                cat = unicodedata.category(f)
                if cat[0] == "M":
                    continue
                if cat[0] in "LN":
                    out.append(f)
                elif f in _APOSTROPHES:
                    out.append("'")
                elif f in _HYPHENS:
                    out.append("-")
                elif f in _NEWLINES:
                    out.append("\n")
                else:
                    out.append(" ")
    return "".join(out)


class _CharCache(dict[str, str]):
    """Normal forms of the characters met so far (non-ASCII ones)."""

    def __missing__(self, ch: str) -> str:
        s = _char_norm(ch)
        self[ch] = s
        return s


_CHARS = _CharCache()
_ASCII_TABLE = {cp: _char_norm(chr(cp)) for cp in range(128)}
# the same table for bytes.translate over UTF-8 (each ASCII character becomes
# one ASCII character; bytes of multi-byte sequences, >= 0x80, stay): about
# ten times faster than str.translate with a dict
if not all(len(v) == 1 and v.isascii() for v in _ASCII_TABLE.values()):
    raise RuntimeError("the gate's ASCII table must map one character to one")
_ASCII_BYTES = bytes(ord(_ASCII_TABLE[b]) for b in range(128)) + bytes(range(128, 256))


def _ascii_translate(text: str) -> str:
    """``text.translate(_ASCII_TABLE)``, fast."""
    return (
        text.encode("utf-8", "surrogatepass")
        .translate(_ASCII_BYTES)
        .decode("utf-8", "surrogatepass")
    )


# "[^…][^…]*" rather than "[^…]+": only the first form gets the regex
# engine's fast scan for its first character
_NON_ASCII = re.compile(r"[^\x00-\x7f][^\x00-\x7f]*")
_HYPHEN_BREAK = re.compile(r"-[ ]*\n[ \n]*")
_LONE_APOSTROPHE = re.compile(r"'(?:(?<![^\W_]')|(?![^\W_]))")


def _separators(t: str) -> str:
    """Hyphens and line breaks to spaces (str.replace: str.translate takes
    its slow path on a text that is not ASCII)."""
    return t.replace("-", " ").replace("\n", " ")


_SPACES = re.compile(r"  +")


class _OffsetMap:
    """Piecewise-linear map between two strings' indices."""

    __slots__ = ("_a", "_b")

    def __init__(self, segments: list[tuple[int, int]]) -> None:
        self._a = [a for a, _ in segments]
        self._b = [b for _, b in segments]

    def __call__(self, i: int) -> int:
        k = bisect_right(self._a, i) - 1
        return self._b[k] + (i - self._a[k])


def _add_segment(segs: list[tuple[int, int]], a: int, b: int) -> None:
    if segs and segs[-1][0] == a:
        segs[-1] = (a, b)
    else:
        segs.append((a, b))


def _translate(text: str) -> tuple[str, _OffsetMap | None]:
    """Character by character: case, diacritics, punctuation. ASCII goes
    through str.translate's fast path; only non-ASCII runs are looked at one
    by one, and a map back is built only if some change length (ß → ss)."""
    if text.isascii():
        return _ascii_translate(text), None
    changed: list[tuple[int, list[str]]] = []

    def run(m: re.Match[str]) -> str:
        outs = [_CHARS[c] for c in m.group()]
        out = "".join(outs)
        if len(out) != len(outs):
            changed.append((m.start(), outs))
        return out

    t = _ascii_translate(_NON_ASCII.sub(run, text))
    if not changed:
        return t, None
    segs: list[tuple[int, int]] = [(0, 0)]
    delta = 0
    for start, outs in changed:
        tpos = start + delta
        for i, out in enumerate(outs, start=start):
            for j in range(len(out)):
                _add_segment(segs, tpos + j, i)
            tpos += len(out)
        _add_segment(segs, tpos, start + len(outs))
        delta = tpos - (start + len(outs))
    return t, _OffsetMap(segs)


def _collapse(t: str) -> tuple[str, list[int] | None]:
    """Join a hyphen at a line break ("Mey-\\nerholt"), drop apostrophes that
    are not inside a word, hyphens and line breaks to spaces, runs of spaces
    to one; pad with a space at each end.

    Returns the string and, unless nothing was removed, for each removed
    character of t (in order) how many characters were kept before it: the
    map back to t (a NumPy mask does the collapsing: punctuation makes a run
    of spaces every few words)."""
    # a one-character "in" (a memchr) before each regular-expression scan
    joins = (
        [m.span() for m in _HYPHEN_BREAK.finditer(t) if _joins(m)] if "-" in t else []
    )
    if "'" in t:
        t = _LONE_APOSTROPHE.sub(" ", t)
    t = _separators(t)
    if not joins and "  " not in t:
        return f" {t} ", None
    if len(t) < _SMALL:
        return _collapse_small(t, joins)
    codes = np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32)
    keep = np.ones(len(codes), dtype=bool)
    for s, e in joins:
        keep[s:e] = False
    space = codes == 32
    keep[1:] &= ~(space[1:] & space[:-1])
    removed = np.flatnonzero(~keep)
    before = (removed - np.arange(len(removed))).tolist()
    core = codes[keep].tobytes().decode("utf-32-le")
    return f" {core} ", before


# below this many characters, NumPy's set-up costs more than a Python loop
_SMALL = 4000


def _collapse_small(t: str, joins: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """_collapse for a short text, the same result without NumPy."""
    if not joins and "   " not in t:
        # the common case, punctuation before a space (". " became "  "):
        # every run is two spaces; the second space of the k-th run (from 1)
        # has the pieces before it and k spaces kept before it
        parts = t.split("  ")
        before = [c + k for k, c in enumerate(accumulate(map(len, parts[:-1])), 1)]
        return " " + " ".join(parts) + " ", before
    # str.find, not a regular expression: "  " is rare and the regex engine
    # has no fast search for it (three times slower on a paragraph)
    removed: list[int] = []
    pieces: list[str] = []
    n = len(t)
    pos = 0
    i = t.find("  ")
    while i >= 0:
        j = i + 2
        while j < n and t[j] == " ":
            j += 1
        removed.extend(range(i + 1, j))
        pieces.append(t[pos : i + 1])
        pos = j
        i = t.find("  ", j)
    if joins:
        gone = set(removed)
        for s, e in joins:
            gone.update(range(s, e))
        removed = sorted(gone)
        pieces = []
        pos = 0
        for r in removed:
            pieces.append(t[pos:r])
            pos = r + 1
        pieces.append(t[pos:])
        core = "".join(pieces)
    else:
        pieces.append(t[pos:])
        core = "".join(pieces)
    before = [r - j for j, r in enumerate(removed)]
    return " " + core + " ", before


@dataclass(slots=True)
class _Normalised:
    text: str
    norm: str
    removed_before: list[int] | None
    to_orig: _OffsetMap | None

    def orig(self, n: int) -> int:
        i = n - 1 if n > 0 else 0
        last = len(self.norm) - 3
        if i > last:
            i = last if last > 0 else 0
        if self.removed_before is not None:
            # kept character i of the core is preceded by this many removed ones
            i += bisect_right(self.removed_before, i)
        return self.to_orig(i) if self.to_orig is not None else i

    def span(self, ns: int, ne: int) -> tuple[int, int]:
        start = self.orig(ns)
        end = self.orig(ne - 1) + 1
        text = self.text
        while end < len(text) and (
            unicodedata.combining(text[end]) or text[end] == "\u00ad"
        ):
            end += 1
        return start, end


def _normalise_full(text: str) -> _Normalised:
    t, to_orig = _translate(text)
    norm, removed_before = _collapse(t)
    return _Normalised(text, norm, removed_before, to_orig)


def normalise(text: str) -> str:
    """Text as the gate compares it: "Žofia Dvořá-\\nková's" → "zofia dvorakova's"."""
    t, _ = _translate(text)
    if "-" in t:
        t = _HYPHEN_BREAK.sub(lambda m: "" if _joins(m) else m.group(), t)
    return " ".join(_separators(_LONE_APOSTROPHE.sub(" ", t)).split())


def _joins(m: re.Match[str]) -> bool:
    t = m.string
    return (
        m.start() > 0
        and t[m.start() - 1].isalnum()
        and m.end() < len(t)
        and t[m.end()].isalnum()
    )


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _phone_key(s: str) -> str:
    d = _digits(s)
    if d.startswith("00"):
        d = d[2:]
    return d[-9:]
