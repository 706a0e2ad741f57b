"""Part of step 8 of :mod:`backchannel.gate.normalise`: letters for digits
inside a phone number ("+233 24 555 O199"). No Django here."""

from __future__ import annotations

import re
import unicodedata

Spot = tuple[int, int, str]  # source [a, b) becomes the string

# ------------------------------------------------------- 8a phone letters
# letters for digits inside a phone number, as they are read: O/o for 0,
# I/l/| for 1, Z for 2, E for 3, A for 4, S for 5, G/b for 6, T for 7, B for
# 8, g/q for 9 ("+233 24 555 O199", "+233 24 SSS 0199", "67 B9"). Found by a
# digit next to such a letter, or one space or dot away (digits are rare in
# prose, so the scan is fast), then read token by token: only tokens that
# hold a digit, or letters only between two that do, in a run of at least
# five digits that looks like a number
_PHONE_LETTERS = {
    "O": "0",
    "o": "0",
    "I": "1",
    "l": "1",
    "|": "1",
    "Z": "2",
    "z": "2",
    "E": "3",
    "A": "4",
    "S": "5",
    "s": "5",
    "G": "6",
    "b": "6",
    "T": "7",
    "B": "8",
    "g": "9",
    "q": "9",
}
_L = re.escape("".join(_PHONE_LETTERS))
_PHONE_HINT = re.compile(
    rf"[0-9](?:(?<=[{_L}][0-9])|(?=[{_L}])|(?=[ .-][{_L}])|(?<=[{_L}][ .-][0-9]))"
)
_PHONE_CHARS = frozenset("0123456789" + "".join(_PHONE_LETTERS))
_PHONE_GAP = frozenset(" .-/()+\u00a0")


def _phone_tokens(text: str, i: int) -> list[tuple[int, int]]:
    """The tokens (digits and O/o/I/l/|) of the number around position i,
    separated by at most two of " .-/()+"; the first and the last hold a
    digit."""

    def token(k: int) -> tuple[int, int]:
        a = b = k
        while a > 0 and text[a - 1] in _PHONE_CHARS:
            a -= 1
        while b < len(text) and text[b] in _PHONE_CHARS:
            b += 1
        if (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
            return k, k  # part of a word ("Sam", "2024Z1x"): not the number's
        return a, b

    def has_digit(a: int, b: int) -> bool:
        return any(c.isdigit() for c in text[a:b])

    first = token(i)
    toks = [first]
    a = first[0]
    while True:  # to the left
        g = a
        while g > 0 and a - g < 2 and text[g - 1] in _PHONE_GAP:
            g -= 1
        if g == a or g == 0 or text[g - 1] not in _PHONE_CHARS:
            break
        ta, tb = token(g - 1)
        if ta == tb or (tb - ta > 4 and not has_digit(ta, tb)):
            break
        toks.insert(0, (ta, tb))
        a = ta
    b = first[1]
    while True:  # to the right
        g = b
        while g < len(text) and g - b < 2 and text[g] in _PHONE_GAP:
            g += 1
        if g == b or g >= len(text) or text[g] not in _PHONE_CHARS:
            break
        ta, tb = token(g)
        if ta == tb or (tb - ta > 4 and not has_digit(ta, tb)):
            break
        toks.append((ta, tb))
        b = tb
    # a token of letters only ("ll" for 11) counts between two with digits,
    # and at either end when short ("+41 22 730 11 ZO")
    while toks and not has_digit(*toks[0]) and toks[0][1] - toks[0][0] > 3:
        toks.pop(0)
    while toks and not has_digit(*toks[-1]) and toks[-1][1] - toks[-1][0] > 3:
        toks.pop()
    return toks


def _phone_letters_find(text: str) -> list[Spot]:
    out: list[Spot] = []
    done = -1
    for hint in _PHONE_HINT.finditer(text):
        if hint.start() < done:
            continue
        toks = _phone_tokens(text, hint.start())
        if not toks or toks[0][0] == toks[0][1]:
            continue
        a, b = toks[0][0], toks[-1][1]
        done = b
        if (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
            continue  # part of a word ("H2O", "B12l")
        chars = "".join(text[ta:tb] for ta, tb in toks)
        digits = sum(c.isdigit() for c in chars)
        letters = len(chars) - digits
        if digits < 5 or not 7 <= len(chars) <= 15 or letters > digits:
            continue
        for ta, tb in toks:
            word = text[ta:tb]
            new = "".join(_PHONE_LETTERS.get(c, c) for c in word)
            if new != word:
                out.append((ta, tb, new))
    return out


# ------------------------------------------------- 9a typeset phone numbers
# A phone number as a word processor or a typographer sets it: its groups
# joined by any Unicode space (Zs: no-break, narrow no-break, thin, ideographic
# spaces) or dash (Pd: en and em dashes, the non-breaking hyphen U+2011, the
# full-width hyphen; and the minus sign U+2212), a group in emphasis or code
# ("601 **234** 567", "<b>234</b>"), or a group spelt out ("601 two three
# four 567"). The whole number is rewritten with ASCII spaces, so the contact
# rules read it as they read "+420 601 234 567". A number with only ASCII
# separators and no markup is left to them as it is.
_ZS_PD = (
    "".join(
        chr(cp)
        for cp in range(0x80, 0x10000)
        if unicodedata.category(chr(cp)) in ("Zs", "Pd")
    )
    + "\u2212"
)
# the characters one of which a text needs for typeset_phone_find (the
# pipeline's fast "in" test; the most frequent first)
TYPESET_NEEDS = "*_`<" + _ZS_PD
_TYPESET_CHARS = frozenset(TYPESET_NEEDS)
_DIGIT_NAMES = {
    "zero": "0",
    "oh": "0",
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
_DIGIT_WORD = "(?:" + "|".join(_DIGIT_NAMES) + r")(?![^\W_])"
_MARK = r"(?:\*{1,3}|_{1,3}|`{1,3}|</?(?:b|strong|i|em|u|s|mark|code|span|sup|sub)\b[^<>]{0,80}>)"
_TSEP = rf"(?:[ .()/\-{re.escape(_ZS_PD)}]|{_MARK}){{1,6}}"
_TGROUP = rf"(?:[0-9]{{1,5}}|(?i:{_DIGIT_WORD}(?:[ \t]+{_DIGIT_WORD}){{0,5}}))"
# starts with a character class: the regex engine jumps from digit to digit
_TYPESET_PHONE = re.compile(
    rf"[+0-9](?<![\w+][+0-9])[0-9]{{0,4}}(?:{_TSEP}{_TGROUP}){{2,8}}"
)
_MARK_RE = re.compile(_MARK)
_GROUP_RE = re.compile(rf"[0-9]+|(?i:{_DIGIT_WORD})")


def _typeset_matches(text: str) -> list[re.Match[str]]:
    """The scan, only around a separator or markup character that has a
    digit within a few characters (str.find calls; a long text with many
    such characters is scanned whole)."""
    spots: list[int] = []
    for c in TYPESET_NEEDS:
        i = text.find(c)
        while i >= 0:
            near = text[max(0, i - 8) : i + 9]
            if any(d in near for d in "0123456789"):
                spots.append(i)
                if len(spots) > 2000:
                    return list(_TYPESET_PHONE.finditer(text))
            i = text.find(c, i + 1)
    if not spots:
        # a group spelt out between digits: the gate counted number words
        return list(_TYPESET_PHONE.finditer(text))
    spots.sort()
    out: list[re.Match[str]] = []
    done = 0
    for i in spots:
        lo = max(done, i - 60)
        if i < done:
            continue
        for m in _TYPESET_PHONE.finditer(text, lo, min(len(text), i + 120)):
            if m.start() <= i + 8 and m.end() > done:
                out.append(m)
                done = m.end()
    return out


def spelt_group_phone_find(text: str) -> list[Spot]:
    """:func:`typeset_phone_find` over the whole text: for a text where the
    gate counted three number words close together ("601 two three four
    567")."""
    return typeset_phone_find(text, whole=True)


def typeset_phone_find(text: str, *, whole: bool = False) -> list[Spot]:
    """The pipeline runs it on a text with a Unicode space or dash or a markup
    character (:data:`TYPESET_NEEDS`), and on one where the gate counted
    three number words close together (a group spelt out).

     "+420\u00a0601\u00a0234\u00a0567", "+420 601 **234** 567", "+420 601
    two three four 567" → "+420 601 234 567" (a group spelt out counts
    between two groups of digits)."""
    out: list[Spot] = []
    matches = _TYPESET_PHONE.finditer(text) if whole else _typeset_matches(text)
    for m in matches:
        a, after = m.span()
        closing = _MARK_RE.match(text, after)  # "… **567**": emphasis closes
        if closing is not None:
            after = closing.end()
        if after < len(text) and (text[after].isalnum() or text[after] == "_"):
            continue
        groups: list[str] = []
        words: list[bool] = []
        ends: list[int] = []
        for g in _GROUP_RE.finditer(text, a, m.end()):
            word = not g.group()[0].isdigit()
            digit = _DIGIT_NAMES[g.group().lower()] if word else g.group()
            if word and words and words[-1]:
                groups[-1] += digit
                ends[-1] = g.end()
            else:
                groups.append(digit)
                words.append(word)
                ends.append(g.end())
        # a spelt-out group counts between two groups of digits: trailing
        # words ("567 one of them") are prose
        while words and words[-1]:
            words.pop()
            groups.pop()
            ends.pop()
        if len(groups) < 3:
            continue
        b = ends[-1]
        closing = _MARK_RE.match(text, b)
        if closing is not None:
            b = closing.end()
        special = any(words) or any(c in _TYPESET_CHARS for c in text[a:b])
        digits = sum(len(g) for g in groups)
        if not special or not 7 <= digits <= 15:
            continue
        plus = "+" if text[a] == "+" else ""
        out.append((a, b, plus + " ".join(groups)))
    return out
