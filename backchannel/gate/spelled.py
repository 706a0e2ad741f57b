"""Parts of steps 8 and 9 of :mod:`backchannel.gate.normalise`: letters a
reader makes out of several characters, and a phone number spelt in words.
No Django here.

- **look-alike sequences** (Unicode TR39): "rn" is read as "m" in most fonts
  ("Mehrnet Yilrnaz"); the table's multi-letter prototypes of an ASCII letter
  are read from the ``confusable-homoglyphs`` package (TR39 lists m → rn),
  with the two pairs TR39 leaves out that every reader confuses alike: "vv"
  for w and "cl" for d;
- **multi-symbol leetspeak**: ``\\/`` for V, ``|\\|`` for N, ``|-|`` for H, ``()``
  for O and the like (:data:`LEET_SEQUENCES`, a short list of the common
  ones);
- **a phone number in words**: "plus two three three, two four, five five
  five, zero one nine nine" (English number words, "oh" for zero, "double"
  and "triple"), read as "+233 24 555 0199".

The first two rewrite a word only when the reading is a word of a roster name
(``known``), so "born", "clear", "and/or" or a Markdown table stay as they
are; the third needs seven digits or more.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources

Spot = tuple[int, int, str]  # source [a, b) becomes the string


# ------------------------------------------------------ look-alike sequences
@cache
def letter_sequences() -> dict[str, str]:
    """{"rn": "m", "vv": "w", "cl": "d"}: ASCII letter sequences a reader
    takes for one letter. From TR39's confusables (an ASCII letter whose
    prototype is two or more ASCII letters), and the two pairs TR39 leaves
    out."""
    data = json.loads(
        resources.files("confusable_homoglyphs")
        .joinpath("confusables.json")
        .read_text(encoding="utf-8")
    )
    out: dict[str, str] = {}
    for letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for entry in data.get(letter, ()):
            seq = entry["c"]
            if len(seq) > 1 and seq.isascii() and seq.isalpha():
                out[seq] = letter
    out.setdefault("vv", "w")
    out.setdefault("VV", "W")
    out.setdefault("cl", "d")
    return out


def sequences_with(
    known: Callable[[str], bool], names: frozenset[str] = frozenset()
) -> Callable[[str], list[Spot]]:
    """Words with a look-alike sequence ("Yilrnaz") read as the roster word
    they then spell ("Yilmaz"); other words stay as they are. ``names``, the
    roster's name words in lower case, is the fast first test."""
    seqs = sorted(letter_sequences().items(), key=lambda kv: -len(kv[0]))
    # "government", "turn", "clear": the same words come back in every text
    readings: dict[str, str | None] = {}

    def reading(word: str) -> str | None:
        new = word
        for s, letter in seqs:
            new = new.replace(s, letter)
        if new == word or (names and new.isascii() and new.lower() not in names):
            return None
        if new.isalpha() and known(new) and not known(word):
            return new
        return None

    def find(text: str) -> list[Spot]:
        out: list[Spot] = []
        seen: set[int] = set()
        for seq, _ in seqs:
            i = text.find(seq)
            while i >= 0:
                # the word around it (a space, a line break or punctuation
                # ends it)
                a = max(text.rfind(" ", 0, i), text.rfind("\n", 0, i)) + 1
                b = text.find(" ", i)
                b = len(text) if b < 0 else b
                nl = text.find("\n", i, b)
                b = b if nl < 0 else nl
                i = text.find(seq, b)
                while a < b and not text[a].isalpha():
                    a += 1
                while b > a and not text[b - 1].isalpha():
                    b -= 1
                if a in seen:
                    continue
                seen.add(a)
                word = text[a:b]
                if word in readings:
                    new = readings[word]
                else:
                    new = reading(word)
                    if len(readings) < 50_000:
                        readings[word] = new
                if new is not None:
                    out.append((a, b, new))
        out.sort()
        return out

    return find


# ------------------------------------------------- multi-symbol leetspeak
LEET_SEQUENCES: dict[str, str] = {
    "|\\/|": "m",
    "/\\/\\": "m",
    "\\/\\/": "w",
    "|\\|": "n",
    "/\\/": "n",
    "|_|": "u",
    "(_)": "u",
    "|-|": "h",
    "]-[": "h",
    "}{": "h",
    "\\/": "v",
    "/\\": "a",
    "|<": "k",
    "|(": "k",
    "|)": "d",
    "[)": "d",
    "|2": "r",
    "|3": "b",
    "|>": "p",
    "|*": "p",
    "|_": "l",
    "()": "o",
    "><": "x",
}
_LEET_SEQ = re.compile(
    "|".join(re.escape(s) for s in sorted(LEET_SEQUENCES, key=len, reverse=True))
)
# single symbols and digits inside such a word (step 8 reads them too; here
# the whole word must be read at once to know it is a roster word)
_LEET_ONE = {
    "0": "o",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "i",
    "1": "il",
    "|": "li",
}


def leet_with(known: Callable[[str], bool]) -> Callable[[str], list[Spot]]:
    """A word written with multi-symbol letters (``\\/0r0nts0va``) read as the
    roster word it spells; nothing else changes."""

    def find(text: str) -> list[Spot]:
        if (
            "\\" not in text
            and "|" not in text
            and "()" not in text
            and "><" not in text
            and "}{" not in text
            and "[)" not in text
        ):
            return []
        out: list[Spot] = []
        done = -1
        n = len(text)
        for m in _LEET_SEQ.finditer(text):
            if m.start() < done:
                continue
            a, b = m.start(), m.end()
            while a > 0 and not text[a - 1].isspace():
                a -= 1
            while b < n and not text[b].isspace():
                b += 1
            done = b
            spot = _leet_word(text, a, b, known)
            if spot is not None:
                out.append(spot)
        return out

    return find


def _leet_word(text: str, a: int, b: int, known: Callable[[str], bool]) -> Spot | None:
    """The roster word that text[a:b] spells (edge punctuation aside). A
    symbol run can be read more than one way ("|_|_" is "u_" or "ll"): every
    reading is tried, a bounded number of them."""
    while a < b and text[a] in "\"'“”‘’.,;:!?*":
        a += 1
    while b > a and text[b - 1] in "\"'“”‘’.,;:!?*":
        b -= 1
    if b - a < 3 or b - a > 60:
        return None
    word = text[a:b]
    if word[:1] == "(" and not word.startswith("()"):
        return _leet_word(text, a + 1, b, known)
    if word[-1:] == ")" and not word.endswith(("()", "|)", "[)")):
        found = _leet_word(text, a, b - 1, known)
        if found is not None:
            return found
    for reading in _readings(word):
        if len(reading) >= 3 and reading.isalpha() and known(reading):
            return (a, b, reading[:1].upper() + reading[1:])
    return None


def _readings(word: str, limit: int = 64) -> list[str]:
    """Every way to read ``word`` with :data:`LEET_SEQUENCES` and single
    symbols ("1" and "|" as i or l), at most ``limit``."""
    out: list[str] = []

    def walk(i: int, done: str) -> None:
        if len(out) >= limit:
            return
        if i == len(word):
            out.append(done)
            return
        for seq, letter in LEET_SEQUENCES.items():
            if word.startswith(seq, i):
                walk(i + len(seq), done + letter)
        c = word[i]
        for r in _LEET_ONE.get(c, c):
            walk(i + 1, done + r)

    walk(0, "")
    return out


# ---------------------------------------------------- a phone number in words
_DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "nought": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_NUM = "|".join([*_DIGIT_WORDS, "double", "triple", "plus"])
_PHONE_WORDS = re.compile(
    rf"\b(?:{_NUM})(?:[ \t,.;:/-]+(?:{_NUM})\b){{5,}}",
    re.IGNORECASE,
)
# the words looked for first, with str.find on the lower-case text (far
# faster than the regular expression, which runs only where six or more of
# them stand close together)
_TRIGGERS = (*_DIGIT_WORDS, "double", "triple", "plus")
# the gate counts these words in its one automaton pass over a text, and
# folds a phone number in words only in a text with six of them or more
NUMBER_WORDS = frozenset(_TRIGGERS)
_WORD = re.compile(r"[A-Za-z]+|[,.;:/-]")


def phone_words_find(text: str) -> list[Spot]:
    """ "plus two three three, two four, five five five, zero one nine nine"
    → "+233 24 555 0199" (a comma or a full stop starts a new group)."""
    low = text.lower()
    hits: list[int] = []
    for word in _TRIGGERS:
        i = low.find(word)
        while i >= 0:
            hits.append(i)
            i = low.find(word, i + 2)
    if len(hits) < 6:
        return []
    hits.sort()
    out: list[Spot] = []
    run_start, run_len, prev = hits[0], 1, hits[0]
    for p in [*hits[1:], len(text) + 99]:
        if p - prev <= 10:
            run_len += 1
        else:
            if run_len >= 6:
                out.extend(_phone_words(text, run_start - 10, prev + 10))
            run_start, run_len = p, 1
        prev = p
    return out


def _phone_words(text: str, lo: int, hi: int) -> list[Spot]:
    out: list[Spot] = []
    for m in _PHONE_WORDS.finditer(text, max(0, lo), min(len(text), hi)):
        groups: list[str] = [""]
        repeat = 1
        for w in _WORD.findall(m.group()):
            lw = w.lower()
            if lw in _DIGIT_WORDS:
                groups[-1] += _DIGIT_WORDS[lw] * repeat
                repeat = 1
            elif lw == "double":
                repeat = 2
            elif lw == "triple":
                repeat = 3
            elif lw == "plus":
                groups[-1] += "+"
            elif groups[-1]:
                groups.append("")  # a comma, a full stop: a new group
        digits = sum(c.isdigit() for g in groups for c in g)
        if digits < 7:
            continue
        out.append((m.start(), m.end(), " ".join(g for g in groups if g)))
    return out
