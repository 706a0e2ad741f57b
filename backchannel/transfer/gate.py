"""The identification gate: what in a text identifies a participant.

Called on every path by which text leaves the workspace. It takes a roster of
plain :class:`Participant` dataclasses (no Django here: the workspace builds
the roster in :mod:`backchannel.transfer.roster`) and finds, with character
spans and a suggested redaction:

- names, aliases and nicknames, surname alone, initials with surname, in any
  case, without diacritics, hyphenated or split across a line break, possessive;
  near spellings of a surname (transliteration variants) when capitalised;
- emails, phone numbers and handles (the roster's own, and those built from a
  name: ``zofia.dvorakova@…``, ``@jnunez``, a phone number next to a name);
- titles and affiliations that fit fewer than 3 participants, and descriptions
  ("the only woman from the Ministry of Water") that narrow a title or an
  affiliation down to fewer than 3 (an affiliation shared by 3 or more is not a
  finding on its own: the Chatham House idea of hiding in a group).

How it works:

1. The text is normalised (NFKD, diacritics stripped, casefolded, punctuation
   to spaces, hyphens split, a hyphen at a line break joins the two halves,
   whitespace collapsed) into one string, with a map back to the original
   character offsets.
2. One Aho-Corasick automaton (pyahocorasick), compiled once per roster by
   :func:`build_gate`, finds every roster pattern in one pass over it.
3. A surname that is also an ordinary word ("Price", "Young", "Park") needs
   context that points at a person: a title before it ("Ms Young"), a
   capital letter in mid-sentence, a possessive, a speech verb after it at the
   start of a sentence, or other findings next to it in a list. A surname
   right after someone else's given name ("Carlos Núñez" when the roster has
   José Núñez) is another person: public figures outside the roster are not
   flagged.
4. Capitalised words that are not roster words are compared with the roster's
   surnames by a consonant skeleton and then rapidfuzz (near spellings).
5. Title and affiliation matches are grouped into descriptive phrases with the
   qualifiers next to them (gender words, side names, "the only").

Decisions worth knowing:

- Phones and handles come from the roster (``Person.contact`` in the
  workspace; optional ``phones``/``handles`` columns offline). Any phone-like
  string (7-15 digits, 8+ or starting with +, ( or 0; not a date or a year
  range) within 120 characters of a name finding, in the same paragraph, is
  that person's phone. An email or handle that is not on the roster is a
  finding when it is built from a name (``jnunez``, ``tom.price``, a
  distinctive surname inside it). Kinds: name, alias, email, phone, handle,
  title, affiliation, descriptor.
- A given name alone is not a finding (unless it is a listed alias); a
  near spelling counts only when capitalised.
- A one-word title ("Engineer", "Rapporteur") identifies nobody on its own:
  like the head of a longer title ("minister"), it counts with a qualifier
  ("an engineer from Ostrel", "the sole imam") that narrows it below 3.
  "The only …" flags a description that fits at most 5.
- Suggestions name a side only when it has 3 or more participants.

Spans are Python string indices (code points) into the text as given.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

import ahocorasick
import numpy as np
from rapidfuzz import fuzz
from rapidfuzz import process as rf_process

from backchannel.gate.normalise import Steps, fold, fold_name, fold_steps
from backchannel.transfer.words import (
    COMMON_WORDS,
    DESCRIPTION_STOPWORDS,
    DESCRIPTION_SYNONYMS,
    DETERMINERS,
    GENDER_WORDS,
    HONORIFIC_GENDER,
    HONORIFICS,
    PARTICLES,
    PERSONAL_HONORIFICS,
    SPEECH_VERBS,
    UNIQUE_WORDS,
)

Kind = Literal[
    "name",
    "alias",
    "email",
    "phone",
    "handle",
    "title",
    "affiliation",
    "descriptor",
]
KINDS: tuple[str, ...] = (
    "name",
    "alias",
    "email",
    "phone",
    "handle",
    "title",
    "affiliation",
    "descriptor",
)
# A description that fits this many participants or more hides them in a group.
K_ANONYMITY = 3


@dataclass(frozen=True, slots=True)
class Participant:
    """One person on the roster. Only ``name`` is required.

    ``key`` is an opaque, stable identifier (a seat id in the workspace, the
    roster line offline); finding ids are derived from it, never from the name.
    ``gender`` ("woman", "man", …) only narrows descriptions such as "the only
    woman from …"; leave it empty when unknown. ``rank`` 0 is the process's
    own people, 1 the rest of the organisation's registry: where a span could
    be either, the process's own person is the finding, and findings list
    them first.
    """

    name: str
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    side: str = ""
    gender: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    key: str = ""
    # 0: seated in the process being checked; 1: elsewhere in the organisation
    rank: int = 0


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifying span. ``id`` is stable for the same text and roster."""

    id: str
    kind: Kind
    participant: str
    participant_key: str
    start: int
    end: int
    text: str
    term: str
    rule: str
    suggestion: str
    # the participant's rank: 0 seated in the process checked, 1 elsewhere in
    # the organisation's registry; findings are listed by rank, then position
    rank: int = 0

    def as_dict(self) -> dict[str, object]:
        """The CLI's JSON shape."""
        return {
            "participant": self.participant,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True)
class GateReport:
    text: str
    findings: tuple[Finding, ...]
    gate: Gate = field(repr=False, compare=False)

    @property
    def clean(self) -> bool:
        return not self.findings

    @property
    def finding_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.findings)

    @property
    def digest(self) -> str:
        """SHA-256 over the text and the finding ids: what an override confirms."""
        h = hashlib.sha256(self.text.encode("utf-8", "surrogatepass"))
        for fid in self.finding_ids:
            h.update(b"\0" + fid.encode())
        return h.hexdigest()

    def counts(self) -> dict[str, int]:
        return dict(Counter(f.kind for f in self.findings))

    def redacted(self) -> str:
        """The text with every finding replaced by its suggestion.

        Replacements are applied right to left, overlapping spans merged. A
        replacement can create a new finding (a side name in "[a participant
        from Varnia]" next to a title), so the result is checked again, a few
        rounds, and anything left is replaced by a letterless marker.
        """
        text = _apply(self.text, self.findings)
        for _ in range(3):
            findings = self.gate.check(text).findings
            if not findings:
                return text
            text = _apply(text, findings)
        for _ in range(20):
            findings = self.gate.check(text).findings
            if not findings:
                break
            text = _apply(text, findings, marker="[…]")
        return text


def _apply(text: str, findings: Iterable[Finding], marker: str | None = None) -> str:
    spans: list[list[object]] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if spans and f.start < spans[-1][1]:  # type: ignore[operator]
            spans[-1][1] = max(spans[-1][1], f.end)  # type: ignore[call-overload]
            continue
        spans.append([f.start, f.end, marker or f.suggestion])
    out = text
    for start, end, repl in reversed(spans):
        out = out[:start] + str(repl) + out[end:]  # type: ignore[index]
    return out


# --------------------------------------------------------------- normalising
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
        for e in d.casefold():
            for f in _SPECIAL.get(e, e):
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
    joins = [m.span() for m in _HYPHEN_BREAK.finditer(t) if _joins(m)]
    t = _separators(_LONE_APOSTROPHE.sub(" ", t))
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
    removed = [i for m in _SPACES.finditer(t) for i in range(m.start() + 1, m.end())]
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
        core = _SPACES.sub(" ", t)
    before = [r - j for j, r in enumerate(removed)]
    return " " + core + " ", before


@dataclass(slots=True)
class _Normalised:
    text: str
    norm: str
    removed_before: list[int] | None
    to_orig: _OffsetMap | None

    def orig(self, n: int) -> int:
        i = min(max(n - 1, 0), max(len(self.norm) - 3, 0))
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


# ------------------------------------------------------------------ patterns
_NAME = "name"
_ALIAS = "alias"
# pattern classes
_FULL = "full name"
_INITIALS = "initials and surname"
_SURNAME = "surname"
_SINGLE = "single-word alias"
_FUZZY = "near spelling of a surname"

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)
_TITLE_SPLIT = re.compile(r"\s+(?:for|of|to|at|on)\s+|\s*[,(/;]\s*", re.IGNORECASE)
_INSTITUTION_HEADS = frozenset(
    """ministry department university institute assembly parliament council
    centre center bank authority commission agency office foundation committee
    party embassy union association academy school court chamber federation
    society cooperative company corporation fund forum network alliance
    secretariat directorate administration bureau service""".split()
)
_HEAD_STOP = frozenset(
    """member head chair participant delegate representative staff officer
    official expert consultant senior deputy former person member""".split()
)
_CONNECTORS = frozenset(
    "the a an from of at in for with representing senior junior former retired 's".split()
)
# "the only engineer": a claim of uniqueness flags a description that fits at
# most this many (the text narrows it further in ways the roster cannot see).
_UNIQUE_MAX = 5
_KUNYA = frozenset("abu umm bin ibn bint".split())
_ROMAN = frozenset("ii iii iv v vi vii viii ix x xi xii jr sr".split())
_SENTENCE_OPENERS = frozenset(
    """yesterday today tomorrow then later when but and so meanwhile however also
    finally afterwards earlier next first here there now instead still thus
    hence because after before as if while although though only even again
    eventually initially subsequently similarly likewise otherwise""".split()
)
_STOPWORDS = frozenset("of for and the to at on in with a an de".split())


@dataclass(frozen=True, slots=True)
class _Entry:
    pidx: int
    source: str  # _NAME or _ALIAS
    cls: str
    cautious: bool
    surname: str  # the normalised surname of the pattern's name


@dataclass(slots=True)
class _Attr:
    """A title or affiliation phrase and whom it fits, by how it fits."""

    phrase: str
    title: set[int] = field(default_factory=set)  # a whole roster title
    head: set[int] = field(default_factory=set)  # "minister", "hydrologist"
    affiliation: set[int] = field(default_factory=set)

    members: frozenset[int] = frozenset()  # all of the above, set once compiled


def _words_of(name: str) -> list[list[str]]:
    """Words of a name, each as its hyphen-separated parts, normalised."""
    out = []
    for word in name.split():
        parts = [normalise(p) for p in re.split(r"[-‐‑]+", word)]
        parts = [p for p in parts if p]
        if parts:
            out.append(parts)
    return out


def _variants(words: list[list[str]]) -> set[str]:
    """Each hyphenated word spaced ("meyer holt") and joined ("meyerholt");
    an apostrophe kept, dropped or spaced (o'connell, oconnell, o connell)."""
    results = [""]
    for parts in words:
        forms = {" ".join(parts), "".join(parts)}
        forms |= {f.replace("'", "") for f in forms} | {
            f.replace("'", " ") for f in forms
        }
        results = [f"{r} {f}".strip() for r in results for f in forms]
    return {" ".join(r.split()) for r in results}


def _split_name(words: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """(given words, surname words): the last word, with particles before it."""
    if len(words) == 1:
        return [], words
    i = len(words) - 1
    while i > 1 and all(p in PARTICLES for p in words[i - 1]):
        i -= 1
    return words[:i], words[i:]


def _bare(surname: list[list[str]]) -> list[list[str]]:
    """The surname without leading particles: al-Hashimi → Hashimi."""
    flat = [p for w in surname for p in w]
    k = 0
    while k < len(flat) - 1 and flat[k] in PARTICLES:
        k += 1
    return [flat[k:]] if k else surname


def _is_cautious(pattern: str) -> bool:
    tokens = [t for t in pattern.split() if len(t) > 1]
    if not tokens:
        return True
    if len(tokens) == 1 and len(tokens[0]) <= 2:
        return True
    return all(t.replace("'", "") in COMMON_WORDS for t in tokens)


def _skeleton(token: str) -> str:
    s = token
    for a, b in (
        ("sch", "s"),
        ("dzh", "j"),
        ("ch", "k"),
        ("ph", "f"),
        ("kh", "h"),
        ("sh", "s"),
        ("zh", "s"),
        ("th", "t"),
        ("ck", "k"),
        ("tz", "s"),
        ("ts", "s"),
        ("dj", "j"),
        ("x", "ks"),
        ("q", "k"),
        ("c", "k"),
        ("w", "v"),
        ("z", "s"),
        ("j", "y"),
    ):
        s = s.replace(a, b)
    s = re.sub(r"[aeiouyh']", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def _side_forms(side: str) -> set[str]:
    """Side "Varnia" → varnia, varnian, varnians…: how a side qualifies a noun."""
    base = normalise(side)
    if not base:
        return set()
    forms = {base}
    if " " in base:
        return forms
    stem = base[:-1] if base[-1] in "aeiouy" else base
    for suffix in ("n", "an", "ian", "i", "ese", "ish"):
        forms.add(base + suffix)
        forms.add(stem + suffix)
    return forms


def _desc_stem(word: str) -> str:
    """A word of a description as compared: possessive off, first 5 letters
    ("ministry", "minister" → "minis"; "fisheries", "fishery" → "fishe")."""
    word = word.removesuffix("'s").replace("'", "")
    return word[:5]


def _desc_stems(phrase: str) -> list[str]:
    out = []
    for word in normalise(phrase.replace("-", " ")).split():
        word = word.removesuffix("'s")
        for w in DESCRIPTION_SYNONYMS.get(word, word).split():
            if w not in DESCRIPTION_STOPWORDS and len(w) > 1:
                out.append(_desc_stem(w))
    return out


_DESC_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_DESC_BARRIER = re.compile(r"[.!?;:()\[\]]\s|\n\s*\n")


# "@", "(at)", "[AT]"; written to start with a character class (no
# IGNORECASE, no alternation at the start) so the regex engine skips ahead
_EMAIL_TRIGGER = re.compile(r"[@\[(](?:(?<=@)|\s*[aA][tT]\s*[\])])")
_EMAIL_LOCAL = re.compile(r"([\w.+'-]+)\s*$")
_WHO = re.compile(r",?\s*(?:who|whose|whom)\b")
_EMAIL_DOMAIN = re.compile(
    r"\s*[\w-]+(?:(?:\.|\s*[\[(]\s*dot\s*[\])]\s*)[\w-]+)+", re.IGNORECASE
)
_HANDLE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.]{1,38}")
# starts with a character class so that the regex engine can skip ahead
_PHONE = re.compile(r"[+(0-9](?:(?<=\()\+)?[0-9 ().\-/]{5,23}[0-9]")
_DATE_LIKE = re.compile(
    r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|^(19|20)\d\d\s*[-/]\s*(19|20)\d\d$"
)
_SENTENCE_BREAK = re.compile(r"[.!?;:()\[\]]|\n\s*\n")
# candidates for capitalised words (Latin, Greek, Cyrillic; then .isupper()):
# a leading character class lets the regex engine skip ahead
_CAPITALISED = re.compile(
    r"[A-Z\u00c0-\u024f\u0386-\u03ab\u0400-\u042f\u1e00-\u1eff][^\W_]{4,}"
)
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _phone_key(s: str) -> str:
    d = _digits(s)
    if d.startswith("00"):
        d = d[2:]
    return d[-9:]


class Gate:
    """A roster compiled once; :meth:`check` is then called per text."""

    def __init__(self, roster: Sequence[Participant]) -> None:
        self.participants: tuple[Participant, ...] = tuple(
            p for p in roster if normalise(p.name)
        )
        self._side_counts = Counter(p.side for p in self.participants if p.side)
        self._given: list[set[str]] = []
        self._name_tokens: set[str] = set()
        self._keys: dict[str, list[_Entry]] = {}
        self._email_owner: dict[str, set[int]] = {}
        self._phone_owner: dict[str, set[int]] = {}
        self._handle_owner: dict[str, set[int]] = {}
        self._derived_owner: dict[str, set[int]] = {}  # jnunez, josenunez, nunez
        self._skeletons: dict[str, list[tuple[str, _Entry]]] = {}
        self._attrs: list[_Attr] = []
        self._attr_index: dict[str, int] = {}
        self._side_of: dict[str, str] = {}
        self._genders: dict[str, set[int]] = {}
        for pidx, p in enumerate(self.participants):
            self._compile_participant(pidx, p)
        self._compile_attributes()
        self._compile_descriptions()
        for attr in self._attrs:
            attr.members = frozenset(attr.title | attr.head | attr.affiliation)
        sides: dict[str, set[int]] = {}
        for pidx, p in enumerate(self.participants):
            if p.side:
                sides.setdefault(p.side, set()).add(pidx)
        self._side_members = {side: frozenset(m) for side, m in sides.items()}
        # words of phrases that fit fewer than 3 on their own (they make company)
        self._attr_words: set[str] = set()
        for attr in self._attrs:
            self._attr_words.add(attr.phrase.split()[0])
        self._attr_words -= _CONNECTORS | _STOPWORDS
        qualifiers = set(GENDER_WORDS) | UNIQUE_WORDS | set(self._side_of)
        qualifiers |= {f"{q}'s" for q in qualifiers}
        self._company_words = frozenset(qualifiers | self._attr_words)
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, tuple[tuple[_Entry, ...], int]] = {}
        for pattern, entries in self._keys.items():
            keys[pattern] = (tuple(_dedupe_entries(entries)), -1)
        for aidx, attr in enumerate(self._attrs):
            entries_, _ = keys.get(attr.phrase, ((), -1))
            keys[attr.phrase] = (entries_, aidx)
        for pattern, (entries_, aidx) in keys.items():
            # hits that need a capital letter (or "Mr", "Dr"…) to mean anything
            need_capital = all(e.cautious or e.cls == _INITIALS for e in entries_)
            # a phrase that alone fits 3 or more: only a qualifier can make it count
            needs_company = aidx >= 0 and not any(
                0 < len(m) < K_ANONYMITY
                for m in (self._attrs[aidx].title, self._attrs[aidx].affiliation)
            )
            value = (0, pattern, entries_, aidx, need_capital, needs_company)
            for key in (f" {pattern} ", f" {pattern}'"):
                self._automaton.add_word(key, (len(key), *value[1:]))
        self._empty = not keys
        if not self._empty:
            self._automaton.make_automaton()
        self._derived_automaton: ahocorasick.Automaton | None = None
        long_derived = {k: v for k, v in self._derived_owner.items() if len(k) >= 6}
        if long_derived:
            self._derived_automaton = ahocorasick.Automaton()
            for token, who in long_derived.items():
                self._derived_automaton.add_word(token, frozenset(who))
            self._derived_automaton.make_automaton()
        # given names, for "is the word before a surname this person's given name"
        self._given_index: dict[str, set[int]] = {}
        for pidx, given in enumerate(self._given):
            for g in given:
                self._given_index.setdefault(g, set()).add(pidx)
        self._given_near: dict[str, frozenset[int]] = {}
        # name words, also each side of an apostrophe (o'connell: connell)
        self._name_parts = frozenset(
            self._name_tokens
            | {p for t in self._name_tokens for p in t.split("'") if len(p) > 1}
            | {
                normalise(word.replace("-", ""))
                for p in self.participants
                for name in (p.name, *p.aliases)
                for word in name.split()
                if "-" in word
            }
        )
        self._fuzzy_cache: dict[str, tuple[_Entry, ...]] = {}
        # a capitalised word's normalised tokens (near spellings look at them)
        self._word_tokens: dict[str, list[str]] = {}
        self._fold_steps: Steps | None = None

    # ---------------------------------------------------------- compiling
    def _add(self, pattern: str, entry: _Entry) -> None:
        if pattern:
            self._keys.setdefault(pattern, []).append(entry)

    def _add_name(self, pidx: int, name: str, source: str) -> None:
        words = _words_of(name)
        if not words:
            return
        given, surname = _split_name(words)
        surname_forms = _variants(surname)
        bare = _bare(surname)
        bare_forms = _variants(bare)
        surname_key = min(bare_forms, key=len)
        self._name_tokens.update(p for w in words for p in w)
        if len(words) == 1 or (source == _ALIAS and all(p in _KUNYA for p in given[0])):
            for form in _variants(words):
                self._add(form, _Entry(pidx, source, _SINGLE, _is_cautious(form), form))
                self._add_derived(form, pidx, _is_cautious(form))
            return
        self._given[pidx].update(p for w in given for p in w)
        full_forms = _variants(words)
        for form in full_forms:
            self._add(
                form, _Entry(pidx, source, _FULL, _is_cautious(form), surname_key)
            )
        first = _variants([given[0]])
        for g in first:
            for s in surname_forms | bare_forms:
                for form in (f"{g} {s}", f"{s} {g}"):
                    self._add(
                        form,
                        _Entry(pidx, source, _FULL, _is_cautious(form), surname_key),
                    )
        initials = [p[0] for w in given for p in w]
        first_initial = given[0][0][0]
        for s in surname_forms | bare_forms:
            cautious = _is_cautious(s)
            for form in {
                f"{first_initial} {s}",
                f"{' '.join(initials)} {s}",
                f"{''.join(initials)} {s}",
            }:
                self._add(form, _Entry(pidx, source, _INITIALS, cautious, surname_key))
        for form in surname_forms | bare_forms:
            entry = _Entry(pidx, source, _SURNAME, _is_cautious(form), surname_key)
            self._add(form, entry)
            if " " not in form and len(form) >= 5 and not entry.cautious:
                self._skeletons.setdefault(_skeleton(form), []).append((form, entry))
        # what an email local part or a handle built from the name looks like
        for s in surname_forms | bare_forms:
            flat = s.replace(" ", "")
            self._add_derived(flat, pidx, _is_cautious(s))
            for g in first:
                self._add_derived(g.replace(" ", "") + flat, pidx, False)
            self._add_derived(first_initial + flat, pidx, False)
            self._add_derived("".join(initials) + flat, pidx, False)

    def _add_derived(self, token: str, pidx: int, cautious: bool) -> None:
        if len(token) >= 4 and not cautious:
            self._derived_owner.setdefault(token, set()).add(pidx)

    def _compile_participant(self, pidx: int, p: Participant) -> None:
        self._given.append(set())
        # roster names go through the same folding as the text
        names = [(fold_name(p.name), _NAME)] + [
            (fold_name(a), _ALIAS) for a in p.aliases if a.strip()
        ]
        for name, source in list(names):
            if name != name.translate(_UMLAUTS):
                names.append((name.translate(_UMLAUTS), source))
        for name, source in names:
            self._add_name(pidx, name, source)
        # a single-word alias ("Pepe") with the surname: "Pepe Núñez"
        main_words = _words_of(p.name)
        if len(main_words) > 1:
            _, surname = _split_name(main_words)
            for alias in p.aliases:
                aw = _words_of(alias)
                if len(aw) == 1:
                    self._given[pidx].update(aw[0])
                    for a in _variants(aw):
                        for s in _variants(surname) | _variants(_bare(surname)):
                            form = f"{a} {s}"
                            self._add(
                                form,
                                _Entry(pidx, _ALIAS, _FULL, _is_cautious(form), s),
                            )
        for email in p.emails:
            if email.strip():
                self._email_owner.setdefault(email.strip().casefold(), set()).add(pidx)
        for phone in p.phones:
            key = _phone_key(phone)
            if len(key) >= 6:
                self._phone_owner.setdefault(key, set()).add(pidx)
        for handle in p.handles:
            h = handle.strip().lstrip("@").casefold()
            if h:
                self._handle_owner.setdefault(h, set()).add(pidx)
        if p.side:
            for form in _side_forms(p.side):
                self._side_of.setdefault(form, p.side)
        if p.gender:
            self._genders.setdefault(p.gender.strip().lower(), set()).add(pidx)

    def _attr(self, phrase: str, kind: str, pidx: int) -> None:
        phrase = " ".join(phrase.split())
        if not phrase or phrase in _CONNECTORS or len(phrase) < 3:
            return
        if phrase not in self._attr_index:
            self._attr_index[phrase] = len(self._attrs)
            self._attrs.append(_Attr(phrase))
        getattr(self._attrs[self._attr_index[phrase]], kind).add(pidx)

    def _compile_attributes(self) -> None:
        for pidx, p in enumerate(self.participants):
            for title in p.titles:
                full = normalise(re.sub(r"\(.*?\)", " ", title))
                full = re.sub(r"^(the|a|an) ", "", full)
                # a one-word title ("Engineer") is a job, not an office: it
                # identifies only with a qualifier, like a head
                self._attr(full, "title" if " " in full else "head", pidx)
                head = normalise(_TITLE_SPLIT.split(title.strip(), maxsplit=1)[0])
                head = re.sub(r"^(the|a|an) ", "", head)
                words = head.split()
                if head != full and len(words) >= 2:
                    self._attr(head, "head", pidx)
                if words and len(words[-1]) >= 5 and words[-1] not in _HEAD_STOP:
                    if words[-1] != full:
                        self._attr(words[-1], "head", pidx)
            for affiliation in p.affiliations:
                acronyms = re.findall(r"\(([^)]*)\)", affiliation)
                full = normalise(re.sub(r"\(.*?\)", " ", affiliation))
                full = re.sub(r"^(the|a|an) ", "", full)
                self._attr(full, "affiliation", pidx)
                for acronym in acronyms:
                    if len(acronym.strip()) >= 2:
                        self._attr(normalise(acronym), "affiliation", pidx)
                words = full.split()
                if words and words[0] in _INSTITUTION_HEADS:
                    for k in range(3, len(words)):
                        if words[k - 1] not in _STOPWORDS:
                            self._attr(" ".join(words[:k]), "affiliation", pidx)
                # "Ministry of Water Resources of Varnia" also without "of Varnia"
                if p.side:
                    side = normalise(p.side)
                    rests = [
                        full[: -len(suffix)]
                        for suffix in (f" of {side}", f" {side}")
                        if full.endswith(suffix)
                    ] + [
                        full[len(prefix) + 1 :]
                        for prefix in _side_forms(p.side)
                        if full.startswith(prefix + " ")
                    ]
                    for rest in rests:
                        # "University of Ostrel" is not "the university"
                        if len(rest.split()) >= 2:
                            self._attr(rest, "affiliation", pidx)
        # titles and affiliations that are also plain surnames/words keep both

    def _compile_descriptions(self) -> None:
        """Stems of each participant's titles and affiliations, for reworded
        descriptions ("Belmark's fisheries policy director")."""
        self._desc_index: dict[str, set[int]] = {}
        self._desc_heads: dict[str, set[int]] = {}
        forms: set[str] = set()
        head_words: set[str] = set()
        for pidx, p in enumerate(self.participants):
            stems: set[str] = set()
            for phrase in (*p.titles, *p.affiliations):
                stems |= set(_desc_stems(phrase))
            for stem in stems:
                self._desc_index.setdefault(stem, set()).add(pidx)
            for title in p.titles:
                head = normalise(_TITLE_SPLIT.split(title.strip(), maxsplit=1)[0])
                words = [w for w in head.split() if w not in DESCRIPTION_STOPWORDS]
                if not words:
                    continue
                stem = _desc_stem(words[-1])
                self._desc_heads.setdefault(stem, set()).add(pidx)
                forms |= {words[-1], words[-1] + "s"}
                head_words.add(words[-1])
        self._desc_head_words = frozenset(head_words)
        for short, long in DESCRIPTION_SYNONYMS.items():
            if any(_desc_stem(w) in self._desc_heads for w in long.split()):
                forms.add(short)
        self._desc_automaton: ahocorasick.Automaton | None = None
        self._desc_key_max = 0
        if forms:
            self._desc_automaton = ahocorasick.Automaton()
            for form in forms:
                key = f" {normalise(form)} "
                self._desc_automaton.add_word(key, (len(key), form))
                self._desc_key_max = max(self._desc_key_max, len(key))
            self._desc_automaton.make_automaton()
        self._desc_distinctive = frozenset(
            s for s, who in self._desc_index.items() if len(who) < K_ANONYMITY
        )
        self._desc_stem_cache: dict[str, tuple[str, ...]] = {}
        self._desc_head_who: dict[str, frozenset[int]] = {}
        # where a rare description word may be: one pass finds them all
        self._rare_automaton: ahocorasick.Automaton | None = None
        rare_keys: dict[str, set[int]] = {
            f" {stem}": set(self._desc_index[stem]) for stem in self._desc_distinctive
        }
        for short, long in DESCRIPTION_SYNONYMS.items():
            for w in long.split():
                if _desc_stem(w) in self._desc_distinctive:
                    who = self._desc_index[_desc_stem(w)]
                    rare_keys.setdefault(f" {short} ", set()).update(who)
        if rare_keys:
            self._rare_automaton = ahocorasick.Automaton()
            for key, who in rare_keys.items():
                self._rare_automaton.add_word(key, frozenset(who))
            self._rare_automaton.make_automaton()

    def _desc_token_stems(self, token: str) -> tuple[str, ...]:
        cached = self._desc_stem_cache.get(token)
        if cached is None:
            cached = tuple(_desc_stems(token))
            if len(self._desc_stem_cache) < 200_000:
                self._desc_stem_cache[token] = cached
        return cached

    # ------------------------------------------------------------ checking
    def check(self, text: str) -> GateReport:
        """Findings in the text as written and in the text as a reader reads
        it (:func:`backchannel.gate.normalise.fold`), all with source spans."""
        ctx = _Context(self, text)
        findings = ctx.run()
        if not self._empty or self._email_owner or self._derived_owner:
            findings = self._disguised(text, findings)
        return GateReport(text=text, findings=tuple(findings), gate=self)

    def _disguised(self, text: str, findings: list[Finding]) -> list[Finding]:
        """Add what only the folded text shows, mapped back to the source.

        Only windows around the folded spots are checked again (a clean text
        with nothing to fold costs a few regular-expression scans); a finding
        there counts when it covers a folded spot and the source check did not
        already report that participant there."""
        if self._fold_steps is None:
            self._fold_steps = fold_steps(known=self._known_word)
        folded = fold(text, steps=self._fold_steps)
        if not folded.changed:
            return findings
        variants = [folded]
        found: dict[tuple[str, str], list[Finding]] = {}
        for f in findings:
            found.setdefault((f.kind, f.participant_key or f.participant), []).append(f)
        out = list(findings)
        for variant in variants:
            changes = sorted((a, b, n) for n, a, b in variant.changes)
            starts = [c[0] for c in changes]
            for lo, hi in variant.windows():
                for x in _Context(self, variant.text[lo:hi]).run():
                    fa, fb = lo + x.start, lo + x.end
                    k = bisect_right(starts, fb)
                    steps = sorted(
                        {n for a, b, n in changes[max(0, k - 50) : k] if b >= fa}
                    )
                    if not steps:
                        continue  # nothing folded here: the source check decides
                    start, end = variant.source_span(fa, fb)
                    key = (x.kind, x.participant_key or x.participant)
                    same = [
                        f for f in found.get(key, ()) if f.start < end and start < f.end
                    ]
                    if any(f.start <= start and end <= f.end for f in same):
                        continue
                    # a longer span ("**Zo**fia Dvořáková" over "Dvořáková") wins
                    for f in same:
                        found[key].remove(f)
                        out.remove(f)
                    pkey = x.participant_key or x.participant
                    fid = hashlib.sha256(
                        f"{x.kind}\0{start}\0{end}\0{pkey}".encode(
                            "utf-8", "surrogatepass"
                        )
                    ).hexdigest()[:16]
                    new = Finding(
                        id=fid,
                        kind=x.kind,
                        participant=x.participant,
                        participant_key=x.participant_key,
                        start=start,
                        end=end,
                        text=text[start:end],
                        term=x.term,
                        rule=f"{x.rule}, disguised ({', '.join(steps)})",
                        suggestion=x.suggestion,
                        rank=x.rank,
                    )
                    found.setdefault(key, []).append(new)
                    out.append(new)
        return sorted(out, key=_finding_order)

    def _known_word(self, word: str) -> bool:
        """A word of a roster name (how a "1" in a word is read: i or l)."""
        parts = self._name_parts
        return all(t in parts for t in normalise(word).split() if t)

    def suggestion(self, kind: str, pidx: int) -> str:
        p = self.participants[pidx]
        if kind in ("name", "alias"):
            if p.side and self._side_counts[p.side] >= K_ANONYMITY:
                return f"[a participant from {p.side}]"
            return "[a participant]"
        return {
            "email": "[email removed]",
            "phone": "[phone removed]",
            "handle": "[handle removed]",
            "title": "[an official]",
            "affiliation": "[an institution]",
        }.get(kind, "[a participant]")


def _finding_order(f: Finding) -> tuple[int, int, int, int, str]:
    """The process's own people first (rank 0), then by position."""
    return (f.rank, f.start, f.end, KINDS.index(f.kind), f.participant)


def _dedupe_entries(entries: list[_Entry]) -> list[_Entry]:
    best: dict[int, _Entry] = {}
    rank = {_FULL: 0, _SINGLE: 1, _INITIALS: 2, _SURNAME: 3}
    for e in entries:
        cur = best.get(e.pidx)
        if cur is None or (
            (cur.source, rank[cur.cls]) > (e.source, rank[e.cls])
            and not (cur.source == _NAME and e.source == _ALIAS)
        ):
            best[e.pidx] = e
    return list(best.values())


def build_gate(roster: Sequence[Participant]) -> Gate:
    """Compile a roster once; reuse the gate for every text."""
    return Gate(roster)


def gate_check(text: str, roster: Gate | Sequence[Participant]) -> GateReport:
    """Check one text against a roster (or an already built gate)."""
    gate = roster if isinstance(roster, Gate) else build_gate(roster)
    return gate.check(text)


# ------------------------------------------------------------------- context
@dataclass(slots=True)
class _Candidate:
    ns: int
    ne: int
    entries: tuple[_Entry, ...]
    possessive: bool
    rule: str = ""
    accepted: list[_Entry] = field(default_factory=list)
    pending: list[_Entry] = field(default_factory=list)


@dataclass(slots=True)
class _Raw:
    kind: str
    pidx: int
    start: int
    end: int
    rule: str
    norm_span: tuple[int, int] | None = None  # set when the span came from norm


class _Context:
    """One check of one text."""

    def __init__(self, gate: Gate, text: str) -> None:
        self.gate = gate
        self.text = text
        self.n = _normalise_full(text)
        self.norm = self.n.norm
        self._line_cache: dict[int, tuple[bool, bool]] = {}

    # ---------------------------------------------------------- helpers
    def _prev_token(self, ns: int) -> tuple[str, int]:
        """The normalised token before position ns (which follows a space)."""
        end = ns - 1
        if end <= 0:
            return "", -1
        start = self.norm.rfind(" ", 0, end) + 1
        return self.norm[start:end], start

    def _next_token(self, ne: int) -> tuple[str, int]:
        start = ne + 1
        if self.norm.startswith("'s ", ne):
            start = ne + 3
        if start >= len(self.norm):
            return "", -1
        end = self.norm.find(" ", start)
        return self.norm[start:end], start

    def _own_given_set(self, token: str, pidxs: set[int]) -> set[int]:
        """Those of pidxs whose given name (or a near spelling) is token."""
        gate = self.gate
        near = gate._given_near.get(token)
        if near is None:
            who = set(gate._given_index.get(token, ()))
            if len(token) >= 4:
                for g, found, _ in rf_process.extract_iter(
                    token,
                    [g for g in gate._given_index if len(g) >= 4],
                    scorer=fuzz.ratio,
                    score_cutoff=75,
                ):
                    who |= gate._given_index[g]
                    del found
            near = frozenset(who)
            if len(gate._given_near) < 100_000:
                gate._given_near[token] = near
        return pidxs & near

    def _own_given(self, token: str, pidx: int) -> bool:
        """The participant's own given name, or a near spelling of it."""
        given = self.gate._given[pidx]
        if token in given:
            return True
        return len(token) >= 4 and any(
            len(g) >= 4 and fuzz.ratio(token, g) >= 75 for g in given
        )

    def _capitalised(self, ns: int) -> bool:
        i = self.n.orig(ns)
        return i < len(self.text) and self.text[i].isupper()

    def _adjacent(self, orig_a: int, orig_b: int, *, same_line: bool = False) -> bool:
        """Only spaces (no punctuation, no paragraph break) between a and b."""
        gap = self.text[orig_a:orig_b]
        if same_line and "\n" in gap:
            return False
        return gap.strip() == "" and "\n\n" not in gap

    def _sentence_start(self, start: int) -> bool:
        i = start - 1
        newlines = 0
        text = self.text
        while i >= 0 and (text[i].isspace() or text[i] in "\"'“‘«([*•–—-"):
            if text[i] == "\n":
                newlines += 1
                # a bullet or a heading before the break
            i -= 1
        if i < 0 or newlines >= 2:
            return True
        if text[i] in ".!?:;…":
            return True
        if newlines == 1:
            # a line that starts with this word: a list or a heading unless the
            # previous line runs on (ends in a letter or a comma)
            return not (text[i].isalnum() or text[i] in ",")
        return False

    def _line_flags(self, start: int) -> tuple[bool, bool]:
        """(title case line, all-caps line) for the line holding start."""
        ls = self.text.rfind("\n", 0, start) + 1
        cached = self._line_cache.get(ls)
        if cached is not None:
            return cached
        le = self.text.find("\n", start)
        line = self.text[ls : le if le >= 0 else len(self.text)]
        words = re.findall(r"[^\W\d_][\w'’-]*", line)
        letters = _NOT_LETTERS.sub("", line)
        caps = len(letters) >= 8 and sum(map(str.isupper, letters)) >= 0.8 * len(
            letters
        )
        content = [w for w in words if w.lower() not in _STOPWORDS and len(w) > 1]
        title = (
            len(content) >= 3
            and not re.search(r"[.!?]\s*$", line)
            and sum(w[0].isupper() for w in content) >= 0.75 * len(content)
            and not re.search(r"[,;]", line)
        )
        self._line_cache[ls] = (title, caps)
        return title, caps

    # ---------------------------------------------------------- main
    def run(self) -> list[Finding]:
        gate = self.gate
        raws: list[_Raw] = []
        candidates: list[_Candidate] = []
        attr_hits: list[tuple[int, int, int]] = []
        if not gate._empty:
            norm = self.norm
            text = self.text
            orig = self.n.orig
            for end, value in gate._automaton.iter(norm):
                klen, _pattern, entries, aidx, need_capital, needs_company = value
                ns = end - klen + 2
                possessive = norm[end] == "'"
                if possessive and not norm.startswith("'s ", end):
                    continue
                if entries and need_capital and not text[orig(ns)].isupper():
                    # the hot path: "prices rose", "young people"
                    before = norm[norm.rfind(" ", 0, ns - 1) + 1 : ns - 1]
                    if before not in PERSONAL_HONORIFICS:
                        entries = ()
                if entries:
                    candidates.append(_Candidate(ns, end, entries, possessive))
                if aidx >= 0 and (not needs_company or self._has_company(ns, end)):
                    attr_hits.append((ns, end, aidx))
        candidates.extend(self._fuzzy_candidates())
        attr_spans = self._attributes(attr_hits, raws)
        self._names(candidates, attr_spans, raws)
        self._contacts(raws)
        self._descriptions(raws)
        return self._findings(raws)

    # ------------------------------------------------------ descriptions
    def _descriptions(self, raws: list[_Raw]) -> None:
        """Titles and affiliations reworded: the words of a title and its
        organisation in another order, possessives, abbreviations, within a
        sentence around the title's head word ("director", "minister"). A
        finding when at least three of one person's description words are
        there, one of them fits fewer than 3, and together they fit fewer
        than 3."""
        gate = self.gate
        automaton = gate._desc_automaton
        if automaton is None:
            return
        text = self.text
        norm = self.norm
        covered = [
            (r.start, r.end, r.pidx)
            for r in raws
            if r.kind in ("title", "affiliation", "descriptor")
        ]
        index = gate._desc_index
        distinctive = gate._desc_distinctive
        done = -1
        if gate._rare_automaton is None:
            return
        # the cheap test first: most mentions of "director" have no rare
        # description word near them
        rare_hits = list(gate._rare_automaton.iter(norm))
        if not rare_hits:
            return
        rare_at = [end for end, _ in rare_hits]
        head_who = gate._desc_head_who
        for end_n, (klen, form) in self._head_hits(automaton, rare_at):
            ns, ne = end_n - klen + 2, end_n
            k = bisect_left(rare_at, ns - 100)
            k_end = bisect_right(rare_at, ne + 105)
            if k == k_end:
                continue
            # a rare word of someone who holds this title, nearby
            holders = head_who.get(form)
            if holders is None:
                holders = frozenset().union(
                    *(
                        gate._desc_heads[h]
                        for h in gate._desc_token_stems(form)
                        if h in gate._desc_heads
                    )
                )
                head_who[form] = holders
            if all(holders.isdisjoint(who) for _, who in rare_hits[k:k_end]):
                continue
            m_start, m_end = self.n.span(ns, ne)
            if m_start < done:
                continue
            word = text[m_start:m_end].lower()
            if word.endswith("s") and word[:-1] in gate._desc_head_words:
                continue  # "directors", "ministers": a group, not one person
            heads = [h for h in gate._desc_token_stems(form) if h in gate._desc_heads]
            if not heads:
                continue
            lo = max(0, m_start - 90)
            hi = min(len(text), m_end + 90)
            for b in _DESC_BARRIER.finditer(text, lo, m_start):
                lo = b.end()
            b = _DESC_BARRIER.search(text, m_end, hi)
            if b is not None:
                hi = b.start() + 1
            stems = {
                st
                for token in normalise(text[lo:hi]).split()
                for st in gate._desc_token_stems(token)
            }
            rare = stems & distinctive
            if not rare:
                continue
            stems &= index.keys()
            for h in heads:
                best: tuple[set[int], set[str]] | None = None
                for first in rare:
                    who = index[first] & gate._desc_heads[h]
                    if not who:
                        continue
                    used = {h, first}
                    for stem in sorted(stems - used, key=lambda s: len(index[s])):
                        narrowed = who & index[stem]
                        if narrowed:
                            who = narrowed
                            used.add(stem)
                    if best is None or len(used) > len(best[1]):
                        best = (who, used)
                if best is None:
                    continue
                who, used = best
                if len(used) < 3 or not 0 < len(who) < K_ANONYMITY:
                    continue
                spans = [
                    (w.start(), w.end())
                    for w in _DESC_WORD.finditer(text, lo, hi)
                    if used.intersection(_desc_stems(w.group()))
                ]
                start = min(a for a, _ in spans)
                end = max(e for _, e in spans)
                done = end
                for pidx in sorted(who):
                    if any(a < end and start < e and p == pidx for a, e, p in covered):
                        continue
                    raws.append(
                        _Raw(
                            "descriptor",
                            pidx,
                            start,
                            end,
                            f"reworded title and affiliation that fit {len(who)} "
                            "participant(s)",
                        )
                    )
                break

    def _head_hits(
        self, automaton: ahocorasick.Automaton, rare_at: list[int]
    ) -> Iterable[tuple[int, tuple[int, str]]]:
        """Title head words ("director") near a rare description word: the
        automaton runs only over windows around the rare words (a head word
        farther away than 100 characters is never looked at)."""
        margin = 110 + self.gate._desc_key_max
        windows: list[list[int]] = []
        for r in rare_at:
            lo, hi = max(0, r - margin), r + margin
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
            else:
                windows.append([lo, hi])
        n = len(self.norm)
        for lo, hi in windows:
            yield from automaton.iter(self.norm, lo, min(hi, n))

    # ---------------------------------------------------------- names
    def _judge(self, c: _Candidate) -> None:
        """Decide, for each entry of a candidate, whether the context makes it
        a person: fills ``c.accepted`` (with ``c.rule``) and ``c.pending``
        (capitalised ordinary words that need a neighbouring finding)."""
        gate = self.gate
        entries = c.entries
        if all(not e.cautious and e.cls in (_FULL, _SINGLE) for e in entries):
            # a full name or a distinctive alias is a person whatever surrounds it
            c.accepted.extend(entries)
            c.rule = entries[0].cls
            return
        capitalised = self._capitalised(c.ns)
        prev, prev_ns = self._prev_token(c.ns)
        if not capitalised and prev not in PERSONAL_HONORIFICS:
            # the common case in prose: "prices rose", "young people"
            entries = tuple(
                e
                for e in entries
                if not e.cautious and e.cls in (_FULL, _SURNAME, _SINGLE)
            )
            if not entries:
                return
        start, end = self.n.span(c.ns, c.ne)
        nxt, nxt_ns = self._next_token(c.ne)
        if prev_ns >= 0:
            prev_start, prev_end = self.n.span(prev_ns, prev_ns + len(prev))
        else:
            prev_start = prev_end = 0
        gap = self.text[prev_end:start]
        prev_adjacent = prev_ns >= 0 and "\n" not in gap and gap.strip() == ""
        honorific = (
            prev_ns >= 0
            and (prev in PERSONAL_HONORIFICS or (prev in HONORIFICS and capitalised))
            and gap.strip() in ("", ".")
            and "\n\n" not in gap
        )
        wanted_gender = HONORIFIC_GENDER.get(prev) if honorific else None
        if nxt in _ROMAN and self._capitalised(nxt_ns):
            return  # a regnal or family number: Hassan II, Price Jr
        prev_capitalised = (
            prev_ns >= 0 and self.text[prev_start : prev_start + 1].isupper()
        )
        # someone else's given name right before: another person (public figure)
        foreign_given = (
            prev_adjacent
            and not honorific
            and prev_capitalised
            and len(prev) > 1
            and prev not in COMMON_WORDS
            and prev not in gate._side_of
            and not prev.endswith("'s")
            and not prev.endswith("ly")
            and not self._line_flags(start)[1]
        )
        foreign_for: set[int] = set()
        if foreign_given:
            pidxs = {e.pidx for e in entries if e.cls in (_SURNAME, _FUZZY)}
            foreign_for = pidxs - self._own_given_set(prev, pidxs)
        cautious_verdict: str | None = None
        cautious_done = False
        for entry in entries:
            if wanted_gender:
                gender = gate.participants[entry.pidx].gender
                if gender and gender != wanted_gender:
                    continue
            if entry.cls == _INITIALS:
                # "J. Núñez": the initial must be a capital; with an ordinary-word
                # surname ("a price") it must also be followed by a full stop.
                if not capitalised:
                    continue
                if entry.cautious:
                    last_ns = self.norm.rfind(" ", c.ns, c.ne) + 1
                    if self.text[start + 1 : start + 2] != "." or not self._capitalised(
                        last_ns
                    ):
                        continue
                self._accept(c, entry, _INITIALS)
                continue
            if entry.pidx in foreign_for and entry.cls in (_SURNAME, _FUZZY):
                continue
            if entry.cls == _FUZZY:
                if capitalised:
                    rule = f"{_FUZZY} after a title" if honorific else _FUZZY
                    self._accept(c, entry, rule)
                continue
            if not entry.cautious:
                self._accept(c, entry, entry.cls)
                continue
            if not cautious_done:
                cautious_verdict = self._cautious(
                    c,
                    start,
                    end,
                    prev,
                    prev_ns,
                    prev_adjacent,
                    prev_capitalised,
                    prev_start,
                    honorific,
                    nxt,
                    nxt_ns,
                )
                cautious_done = True
            if cautious_verdict is None:
                continue
            if (
                cautious_verdict.endswith("#prev")
                and prev not in gate._given[entry.pidx]
            ):
                continue
            verdict = cautious_verdict.removesuffix("#prev")
            if verdict:
                self._accept(c, entry, f"{entry.cls}{verdict}")
            else:
                c.pending.append(entry)

    @staticmethod
    def _accept(c: _Candidate, entry: _Entry, rule: str) -> None:
        c.accepted.append(entry)
        c.rule = c.rule or rule

    def _cautious(
        self,
        c: _Candidate,
        start: int,
        end: int,
        prev: str,
        prev_ns: int,
        prev_adjacent: bool,
        prev_capitalised: bool,
        prev_start: int,
        honorific: bool,
        nxt: str,
        nxt_ns: int,
    ) -> str | None:
        """An ordinary word ("Price", "Young"): does the context point at a
        person? A rule suffix, "" for pending, None for no. A trailing "#prev"
        means "unless the word before is this participant's given name"."""
        if honorific:
            return " after a title"
        if prev_adjacent and prev in DETERMINERS:
            return None
        if not all(
            self._capitalised(c.ns + m.start())
            for m in re.finditer(r"\S+", self.norm[c.ns : c.ne])
        ):
            return None
        title_line, caps_line = self._line_flags(start)
        if caps_line:
            return None
        # part of a longer proper noun: "Consumer Price Index", "Baker Street"
        if (
            nxt_ns >= 0
            and not c.possessive
            and nxt not in SPEECH_VERBS
            and self._capitalised(nxt_ns)
            and self._adjacent(end, self.n.orig(nxt_ns), same_line=True)
        ):
            return None
        suffix = ""
        if (
            prev_adjacent
            and prev
            and prev_capitalised
            and not (prev in _SENTENCE_OPENERS and self._sentence_start(prev_start))
        ):
            suffix = "#prev"  # "Hyde Park", "Emily Price": not unless own given name
        if c.possessive:
            return " with a possessive" + suffix
        if _WHO.match(self.text, end):
            return " before a relative clause" + suffix
        if title_line:
            return "" + suffix
        if not self._sentence_start(start):
            return ", capitalised" + suffix
        if nxt in SPEECH_VERBS:
            return " before a verb" + suffix
        return "" + suffix

    def _names(
        self,
        candidates: list[_Candidate],
        attr_spans: list[tuple[int, int]],
        raws: list[_Raw],
    ) -> None:
        attr_starts = [a for a, _ in attr_spans]
        # longest first: a surname inside an accepted full name is not judged
        candidates.sort(key=lambda c: (c.ns - c.ne, c.ns))
        covered: set[int] = set()
        for c in candidates:
            if c.ns in covered and c.ne - 1 in covered:
                continue
            k = bisect_right(attr_starts, c.ns) - 1
            if k >= 0 and attr_spans[k][1] >= c.ne:
                # inside a title or affiliation: "Kessa Farmers' Union" is no Mr Union
                c.entries = tuple(e for e in c.entries if not e.cautious)
                if not c.entries:
                    continue
            self._judge(c)
            if c.accepted:
                covered.update(range(c.ns, c.ne))
        # ordinary-word surnames in a list with other names: "Price, Young and Park"
        for _ in range(2):
            starts = sorted(c.ns for c in candidates if c.accepted)
            changed = False
            for c in candidates:
                if not c.pending:
                    continue
                nxt, _ = self._next_token(c.ne)
                _, end = self.n.span(c.ns, c.ne)
                follow = self.text[end : end + 2].lstrip(" ")[:1]
                listy = nxt in ("and", "or", "with") or follow in (",", ";", ")", ".")
                lo = bisect_right(starts, c.ns - 80)
                near = any(
                    s != c.ns and abs(s - c.ns) < 80 for s in starts[lo : lo + 6]
                )
                if listy and near:
                    c.accepted.extend(c.pending)
                    c.rule = f"{c.pending[0].cls} listed with other names"
                    c.pending = []
                    changed = True
            if not changed:
                break
        accepted = [c for c in candidates if c.accepted]
        for c in accepted:
            # "Ekaterina Vorontsowa": take the given name (or its variant) along
            if c.accepted[0].cls in (_SURNAME, _FUZZY):
                prev, prev_ns = self._prev_token(c.ns)
                if (
                    prev_ns >= 0
                    and self._own_given(prev, c.accepted[0].pidx)
                    and self._adjacent(
                        self.n.span(prev_ns, prev_ns + len(prev))[1],
                        self.n.span(c.ns, c.ne)[0],
                    )
                ):
                    c.ns = prev_ns
        chosen: list[_Candidate] = []
        taken: set[int] = set()
        for c in sorted(accepted, key=lambda c: (c.ns - c.ne, c.ns)):
            if any(i in taken for i in range(c.ns, c.ne)):
                continue
            taken.update(range(c.ns, c.ne))
            chosen.append(c)
        # a surname shared by several participants goes to the one named in
        # full elsewhere in the text
        named = {
            e.pidx for c in chosen for e in c.accepted if e.cls in (_FULL, _SINGLE)
        }
        participants = self.gate.participants
        for c in chosen:
            who = {e.pidx for e in c.accepted}
            if len(who) > 1 and who & named:
                c.accepted = [e for e in c.accepted if e.pidx in named]
                who = {e.pidx for e in c.accepted}
            if len(who) > 1:
                # the process's own people first: "Price" is the Price seated here
                best = min(participants[i].rank for i in who)
                c.accepted = [
                    e for e in c.accepted if participants[e.pidx].rank == best
                ]
        for c in chosen:
            start, end = self.n.span(c.ns, c.ne)
            seen: set[int] = set()
            for entry in c.accepted:
                if entry.pidx in seen:
                    continue
                seen.add(entry.pidx)
                kind = "alias" if entry.source == _ALIAS else "name"
                raws.append(_Raw(kind, entry.pidx, start, end, c.rule, (c.ns, c.ne)))

    def _fuzzy_candidates(self) -> list[_Candidate]:
        gate = self.gate
        if not gate._skeletons:
            return []
        hits: dict[str, tuple[_Entry, ...]] = {}
        # near spellings count only when capitalised: look at capitalised words
        words = {w for w in _CAPITALISED.findall(self.text) if w[0].isupper()}
        cache = gate._word_tokens
        tokens: set[str] = set()
        for w in words:
            split = cache.get(w)
            if split is None:
                split = normalise(w).split()
                if len(cache) < 100_000:
                    cache[w] = split
            tokens.update(split)
        for token in tokens:
            if (
                len(token) < 5
                or token in COMMON_WORDS
                or token in gate._name_tokens
                or not token.isalpha()
            ):
                continue
            entries = gate._fuzzy_cache.get(token)
            if entries is None:
                best: dict[int, tuple[float, _Entry]] = {}
                for surname, entry in gate._skeletons.get(_skeleton(token), ()):
                    # Vorontsov is not Vorontsova: gendered surname forms
                    if token + "a" == surname or surname + "a" == token:
                        continue
                    score = fuzz.ratio(token, surname)
                    if score >= 80 and score > best.get(entry.pidx, (0.0,))[0]:
                        fuzzy = _Entry(entry.pidx, entry.source, _FUZZY, False, surname)
                        best[entry.pidx] = (score, fuzzy)
                entries = tuple(e for _, e in best.values())
                if len(gate._fuzzy_cache) < 100_000:
                    gate._fuzzy_cache[token] = entries
            if entries:
                hits[token] = entries
        if not hits:
            return []
        out = []
        norm = self.norm
        for token, entries in hits.items():
            needle = f" {token}"
            i = norm.find(needle)
            while i >= 0:
                ns, ne = i + 1, i + len(needle)
                if norm[ne] == " ":
                    out.append(_Candidate(ns, ne, entries, False))
                elif norm.startswith("'s ", ne):
                    out.append(_Candidate(ns, ne, entries, True))
                i = norm.find(needle, ne)
        return out

    # ------------------------------------------------------ attributes
    def _attributes(
        self, hits: list[tuple[int, int, int]], raws: list[_Raw]
    ) -> list[tuple[int, int]]:
        """Titles, affiliations and descriptions; returns the matched spans."""
        if not hits:
            return []
        gate = self.gate
        chosen: list[tuple[int, int, int]] = []
        taken: set[int] = set()
        for ns, ne, aidx in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
            if any(i in taken for i in range(ns, ne)):
                continue
            attr = gate._attrs[aidx]
            if not attr.title and not attr.affiliation:
                # "Deputy Minister Eriksen": the title of a named person
                nxt, nxt_ns = self._next_token(ne)
                if (
                    nxt_ns >= 0
                    and nxt not in _CONNECTORS
                    and self._capitalised(nxt_ns)
                    and self._adjacent(self.n.span(ns, ne)[1], self.n.orig(nxt_ns))
                ):
                    continue
            taken.update(range(ns, ne))
            chosen.append((ns, ne, aidx))
        chosen.sort()
        spans = [(ns, ne) for ns, ne, _ in chosen]
        # group into phrases joined by connector words
        groups: list[list[tuple[int, int, int]]] = []
        for hit in chosen:
            if groups:
                last = groups[-1][-1]
                between = self.norm[last[1] : hit[0]].split()
                o_a = self.n.span(last[0], last[1])[1]
                o_b = self.n.span(hit[0], hit[1])[0]
                if (
                    len(between) <= 6
                    and all(
                        t in _CONNECTORS or self._qualifier(t) is not None
                        for t in between
                    )
                    and not _SENTENCE_BREAK.search(self.text, o_a, o_b)
                ):
                    groups[-1].append(hit)
                    continue
            groups.append([hit])
        for group in groups:
            self._phrase(group, raws)
        return spans

    def _has_company(self, ns: int, ne: int) -> bool:
        """A qualifier or another title/affiliation word near a phrase: the cheap
        test before grouping (most mentions of "engineer" stand alone)."""
        window = (self.norm[max(0, ns - 60) : ns] + self.norm[ne : ne + 60]).split()
        return not self.gate._company_words.isdisjoint(window)

    def _qualifier(self, token: str) -> tuple[str, str] | None:
        token = token.removesuffix("'s")
        if token in GENDER_WORDS:
            return ("gender", GENDER_WORDS[token])
        if token in UNIQUE_WORDS:
            return ("unique", token)
        side = self.gate._side_of.get(token)
        if side is not None:
            return ("side", side)
        return None

    def _extend(self, pos: int, direction: int) -> list[tuple[int, int, str]]:
        """Tokens next to a phrase: (ns, ne, token) while connectors/qualifiers."""
        out: list[tuple[int, int, str]] = []
        norm = self.norm
        for _ in range(6):
            if direction < 0:
                if pos <= 1:
                    break
                s = norm.rfind(" ", 0, pos - 1) + 1
                e = pos - 1
                pos = s
            else:
                s = pos + 1
                if s >= len(norm):
                    break
                e = norm.find(" ", s)
                pos = e
            token = norm[s:e]
            if not token or not (token in _CONNECTORS or self._qualifier(token)):
                break
            out.append((s, e, token))
        return out

    def _phrase(self, group: list[tuple[int, int, int]], raws: list[_Raw]) -> None:
        gate = self.gate
        ns, ne = group[0][0], group[-1][1]
        tokens = [
            *reversed(self._extend(ns, -1)),
            *self._extend(ne, +1),
        ]
        # between the hits of the group
        for (_, a_end, _), (b_start, _, _) in pairwise(group):
            pos = a_end
            for token in self.norm[a_end:b_start].split():
                s = self.norm.find(token, pos)
                tokens.append((s, s + len(token), token))
                pos = s + len(token)
        o_ns, o_ne = self.n.span(ns, ne)
        qualifiers: list[tuple[int, int, str, str]] = []
        for s, e, token in tokens:
            q = self._qualifier(token)
            if q is None:
                continue
            if q[0] == "unique" and (
                s > ns or self._prev_token(s)[0] not in ("the", "its", "their")
            ):
                continue  # only "the only …", "the sole …" claim uniqueness
            o_s, o_e = self.n.span(s, e)
            lo, hi = (o_e, o_ns) if o_e <= o_ns else (o_ne, o_s)
            if _SENTENCE_BREAK.search(self.text, lo, hi):
                continue
            if q[0] == "side":
                # "Ostrel Development Bank": a side name inside a proper noun
                nxt, nxt_ns = self._next_token(e)
                if (
                    nxt_ns >= 0
                    and nxt not in _CONNECTORS
                    and self._capitalised(nxt_ns)
                    and self._adjacent(o_e, self.n.orig(nxt_ns))
                ):
                    continue
            qualifiers.append((s, e, q[0], q[1]))
        attrs = [gate._attrs[aidx] for _, _, aidx in group]
        members: set[int] | None = None
        for attr in attrs:
            members = set(attr.members) if members is None else members & attr.members
        if not members:
            # unrelated attributes side by side: judge each alone
            if len(group) > 1:
                for hit in group:
                    self._phrase([hit], raws)
            return
        narrowing = len(attrs) - 1
        unique = False
        for _, _, qkind, value in qualifiers:
            if qkind == "unique":
                unique = True
                continue
            if qkind == "gender":
                if not gate._genders:
                    continue  # the roster records no genders: nothing to narrow
                pool = gate._genders.get(value, set())
            else:
                pool = gate._side_members.get(value, frozenset())
            narrowed = members & pool
            if narrowed and narrowed != members:
                members = narrowed
                narrowing += 1
            elif narrowed:
                narrowing += 1 if len(members) < K_ANONYMITY else 0
        kind = ""
        who: set[int] = set()
        for a in attrs:
            if a.title and len(a.title) < K_ANONYMITY:
                kind, who = "title", who | a.title
        if not kind:
            for a in attrs:
                if a.affiliation and len(a.affiliation) < K_ANONYMITY:
                    kind, who = "affiliation", who | a.affiliation
        if kind:
            who = (who & members) or who
            rule = f"roster {kind} that fits {len(who)} participant(s)"
        elif (narrowing and len(members) < K_ANONYMITY) or (
            unique and len(members) <= _UNIQUE_MAX
        ):
            kind = "descriptor"
            who = members
            rule = f"description that fits {len(who)} participant(s)"
        else:
            return
        lo = min([ns] + [q[0] for q in qualifiers])
        hi = max([ne] + [q[1] for q in qualifiers])
        prev, prev_ns = self._prev_token(lo)
        if prev in ("the", "a", "an") and prev_ns >= 0:
            lo = prev_ns
        start, end = self.n.span(lo, hi)
        for pidx in sorted(who):
            raws.append(_Raw(kind, pidx, start, end, rule, (lo, hi)))

    # ---------------------------------------------------------- contacts
    def _contacts(self, raws: list[_Raw]) -> None:
        gate = self.gate
        text = self.text
        contact_spans: list[tuple[int, int]] = []
        for m in _EMAIL_TRIGGER.finditer(text):
            at_start, at_end = m.span()
            local = _EMAIL_LOCAL.search(text, max(0, at_start - 64), at_start)
            if m.group() == "@" and local is not None and local.end(1) != at_start:
                local = None  # "@name" after a space is a handle
            if m.group() == "@" and local is None:
                self._handle(at_start, raws, contact_spans)
                continue
            if local is None:
                continue
            domain = _EMAIL_DOMAIN.match(text, at_end)
            if domain is None:
                continue
            start = local.start(1)
            end = domain.end()
            local_part = local.group(1).strip(".").casefold()
            dom = re.sub(r"\s*[\[(]\s*dot\s*[\])]\s*", ".", domain.group().strip())
            address = f"{local_part}@{dom.casefold()}"
            owners = gate._email_owner.get(address)
            rule = "roster email"
            if not owners:
                owners = self._derived(local_part)
                rule = "email built from a name"
            for pidx in sorted(owners):
                raws.append(_Raw("email", pidx, start, end, rule))
            if owners:
                contact_spans.append((start, end))
        names = sorted(
            (r for r in raws if r.kind in ("name", "alias")), key=lambda r: r.start
        )
        name_starts = [r.start for r in names]
        if not gate._phone_owner and not names:
            return
        for m in _PHONE.finditer(text):
            before = text[m.start() - 1 : m.start()]
            after = text[m.end() : m.end() + 1]
            if (before and (before.isalnum() or before in "+/.-_")) or (
                after and (after.isalnum() or after in "/_")
            ):
                continue
            raw = m.group().rstrip(" ().-/")
            digits = _digits(raw)
            if not 7 <= len(digits) <= 15 or _DATE_LIKE.match(raw.strip()):
                continue
            start = m.start()
            end = start + len(raw)
            owners = gate._phone_owner.get(_phone_key(raw), set())
            rule = "roster phone"
            if not owners and (len(digits) >= 8 or raw.startswith(("+", "(", "0"))):
                lo = bisect_right(name_starts, start - 120)
                hi = bisect_right(name_starts, start + 120)
                near = [
                    r
                    for r in names[lo:hi]
                    if abs(r.start - start) < 120
                    and not re.search(
                        r"\n\s*\n", text[min(r.end, start) : max(r.start, end)]
                    )
                ]
                if near:
                    nearest = min(near, key=lambda r: abs(r.start - start))
                    owners = {nearest.pidx}
                    rule = "phone number next to a name"
            for pidx in sorted(owners):
                raws.append(_Raw("phone", pidx, start, end, rule))
        # names inside an email address or handle are that contact
        if contact_spans:
            contact_spans.sort()
            starts = [a for a, _ in contact_spans]

            def inside(r: _Raw) -> bool:
                k = bisect_right(starts, r.start) - 1
                return k >= 0 and r.end <= contact_spans[k][1]

            raws[:] = [
                r for r in raws if r.kind not in ("name", "alias") or not inside(r)
            ]

    def _handle(self, at: int, raws: list[_Raw], spans: list[tuple[int, int]]) -> None:
        m = _HANDLE.match(self.text, at + 1)
        if m is None:
            return
        handle = m.group().rstrip(".").casefold()
        owners = self.gate._handle_owner.get(handle)
        rule = "roster handle"
        if not owners:
            owners = self._derived(handle)
            rule = "handle built from a name"
        end = at + 1 + len(handle)
        for pidx in sorted(owners):
            raws.append(_Raw("handle", pidx, at, end, rule))
        if owners:
            spans.append((at, end))

    def _derived(self, token: str) -> set[int]:
        """Who a login-like string (email local part, handle) names."""
        gate = self.gate
        flat = re.sub(r"[^a-z]", "", normalise(token).replace(" ", ""))
        owners: set[int] = set()
        if flat in gate._derived_owner:
            owners |= gate._derived_owner[flat]
        for part in re.split(r"[._+\-0-9]+", token):
            part = normalise(part).replace(" ", "")
            owners |= gate._derived_owner.get(part, set())
        if not owners and len(flat) >= 6 and gate._derived_automaton is not None:
            # a surname inside a longer handle: "zdvorakova77", "nunez_jose"
            for _, who in gate._derived_automaton.iter(flat):
                owners |= who
        return owners

    # ---------------------------------------------------------- findings
    def _findings(self, raws: list[_Raw]) -> list[Finding]:
        gate = self.gate
        out: dict[tuple[str, int, int, int], Finding] = {}
        for r in raws:
            p = gate.participants[r.pidx]
            key = (r.kind, r.start, r.end, r.pidx)
            if key in out:
                continue
            span_text = self.text[r.start : r.end]
            pkey = p.key or p.name
            fid = hashlib.sha256(
                f"{r.kind}\0{r.start}\0{r.end}\0{pkey}".encode("utf-8", "surrogatepass")
            ).hexdigest()[:16]
            out[key] = Finding(
                id=fid,
                kind=r.kind,  # type: ignore[arg-type]
                participant=p.name,
                participant_key=p.key,
                start=r.start,
                end=r.end,
                text=span_text,
                term=(
                    self.norm[r.norm_span[0] : r.norm_span[1]]
                    if r.norm_span is not None
                    else normalise(span_text)
                ),
                rule=r.rule,
                suggestion=gate.suggestion(r.kind, r.pidx),
                rank=p.rank,
            )
        return sorted(out.values(), key=_finding_order)
