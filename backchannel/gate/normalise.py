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
from collections.abc import Callable, Sequence

from backchannel.gate.confusables import (
    _RLO,
    _bidi,
    _unicode_find,
)

# steps 4 to 6 (nfkc, invisible, confusables) and the word helper
# step 1's hidden elements, empty links and reference links; step 2's URLs
from backchannel.gate.encoded import percent_find

# the source map: each step's replacements, the folded text and the way back
from backchannel.gate.foldmap import Folded, Spot, _apply, _by_regex, _StepMap
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

# steps 7, 8 and 10: letters spaced out, digits for letters, camel case
from backchannel.gate.wordfolds import _camel_with, _digits_with, _spacing_find

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


# every character some step needs (the last item of a step), one class
_NEEDED = re.compile(
    "["
    + re.escape(
        "".join(
            sorted(
                set("<[]*_~=`^\\&\u202e\u00ad|(){}>@$!" + _DIGITS)
                | {c for _, _, _, needs in _steps("i", str.isalpha) for c in needs}
            )
        )
    )
    + "]"
)


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
    # which of the characters the steps need the text holds: one scan (a
    # paragraph of prose holds none, or a digit or a bracket); a step adds
    # the characters of what it wrote (what it removed may stay counted: a
    # step then looks and finds nothing, as it would have without the test)
    present = set(_NEEDED.findall(text))
    ascii_only = text.isascii()
    for name, find, non_ascii, needs in (
        steps if steps is not None else _steps(one, known)
    ):
        if non_ascii and ascii_only:
            continue
        if needs and present.isdisjoint(needs):
            continue  # none of the characters it needs: nothing to find
        t = folded.text
        spots = find(t)
        if not spots:
            continue
        new, edits = _apply(t, [sp[:3] for sp in spots])
        if not edits:
            continue
        present.update(_NEEDED.findall("".join(sp[2] for sp in spots)))
        ascii_only = new.isascii()
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
