"""A roster compiled once into what the checks look for (:class:`Patterns`).

Names in every form a text may use (full, surname alone, initials, given
name and surname swapped, hyphenated or joined, with and without
particles), single-word aliases, the strings an email or handle built from a
name would hold, consonant skeletons for near spellings, titles and
affiliations with the people they fit, and the stems of reworded
descriptions; Aho-Corasick automatons over them. No Django here."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from backchannel.gate.givennames import GivenNameForms
from backchannel.gate.model import (
    K_ANONYMITY,
    Participant,
)
from backchannel.gate.normalise import Steps, fold_name
from backchannel.gate.plain import (
    _phone_key,
    normalise,
)
from backchannel.gate.spelled import NUMBER_WORDS
from backchannel.gate.variants import gender_forms, halves, one_edit_keys
from backchannel.gate.words import (
    CASE_ENDINGS,
    COMMON_WORDS,
    DESCRIPTION_STOPWORDS,
    DESCRIPTION_SYNONYMS,
    GENDER_WORDS,
    HONORIFICS,
    PARTICLES,
    PERSONAL_HONORIFICS,
    UNIQUE_WORDS,
)

_NAME = "name"
_ALIAS = "alias"
# pattern classes
_FULL = "full name"
_INITIALS = "initials and surname"
_SURNAME = "surname"
_SINGLE = "single-word alias"
_FUZZY = "near spelling of a surname"
_SUFFIXED = "surname with a case ending"
# half of a double surname, the other gender's form, a spelling variant:
# a person only after an honorific or the person's own given name
_VARIANT = "variant of a surname"

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
    acronym: bool = False  # initials ("mwr"): count only in capitals, with company
    # the affiliation without its place or the rest of its name ("development
    # bank" of Ostrel Development Bank): not when another place is said
    generic: bool = False
    whole: set[int] = field(default_factory=set)  # a whole one-word title: "imam"

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


# French and Italian elision before a vowel: "l'ambassadeur d'Ostrel"
_ELISION = re.compile(r"^(?:l|d|qu|j|n|s|c|m|t|dell|all|nell|sull)'(?=\w)")


def _desc_stems(phrase: str) -> list[str]:
    out = []
    for word in normalise(phrase.replace("-", " ")).split():
        word = _ELISION.sub("", word.removesuffix("'s"))
        for w in _expand(word):
            if w not in DESCRIPTION_STOPWORDS and len(w) > 1:
                out.append(_desc_stem(w))
    return out


def _expand(word: str) -> list[str]:
    """A description word as the words it stands for, synonyms followed
    ("assemblée" → assembly → parliament; "MP" → member parliament)."""
    out = [word]
    for _ in range(3):
        nxt = [x for w in out for x in DESCRIPTION_SYNONYMS.get(w, w).split()]
        if nxt == out:
            break
        out = nxt
    return out


# the words said another way: {"ambassador": ["envoy", "emissary", …]}
_OTHER_WORDS: dict[str, list[str]] = {}
for _short, _long in DESCRIPTION_SYNONYMS.items():
    if " " not in _long and " " not in _short and "-" not in _short:
        _OTHER_WORDS.setdefault(_long, []).append(_short)

_DESC_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_DESC_BARRIER = re.compile(r"[.!?;:()\[\]]\s|\n\s*\n")


class Patterns:
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
        self._domain_given: dict[str, set[int]] = {}  # zofia@kba.example
        self._skeletons: dict[str, list[tuple[str, _Entry]]] = {}
        # long surnames by their one-deletion keys (one edit away, anywhere)
        self._one_edit: dict[str, list[tuple[str, _Entry]]] = {}
        # every surname's plain forms run together, for spelling variants
        self._variant_forms: dict[str, list[_Entry]] = {}
        self._variant_cache: dict[str, tuple[tuple[str, int], ...]] = {}
        self._halves: dict[int, set[str]] = {}  # of double surnames
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
        keys: dict[str, tuple[tuple[_Entry, ...], int]] = {}
        for pattern, entries in self._keys.items():
            keys[pattern] = (tuple(_dedupe_entries(entries)), -1)
        for aidx, attr in enumerate(self._attrs):
            entries_, _ = keys.get(attr.phrase, ((), -1))
            keys[attr.phrase] = (entries_, aidx)
        self._empty = not keys
        # given names, for "is the word before a surname this person's given name"
        self._given_index: dict[str, set[int]] = {}
        for pidx, given in enumerate(self._given):
            for g in given:
                self._given_index.setdefault(g, set()).add(pidx)
        # other forms of them ("Kate" for Yekaterina, "Layla" for Leila)
        self._given_forms = GivenNameForms(self._given)
        # distinctive surnames (not ordinary words), for a case ending
        self._suffix_stems: dict[str, tuple[_Entry, ...]] = {}
        for pattern, entries in self._keys.items():
            if len(pattern) >= 5 and pattern.isalpha():
                found = tuple(
                    _Entry(e.pidx, e.source, _SUFFIXED, False, pattern)
                    for e in entries
                    if e.cls == _SURNAME and not e.cautious
                )
                if found:
                    self._suffix_stems[pattern] = found
        # One automaton, one pass over a text, for every key: roster patterns,
        # number words (a phone number in words), anchors (where a spelling
        # variant of a surname may stand) and rare description words. A value:
        # (key length, pattern, entries, attribute index, needs a capital,
        # needs company, extra); extra is None, or (anchor word or None, who
        # a rare description word fits or None), read by the scan.
        values: dict[str, list[Any]] = {}
        for pattern, (entries_, aidx) in keys.items():
            # hits that need a capital letter (or "Mr", "Dr"…) to mean anything
            need_capital = all(
                e.cautious or e.cls in (_INITIALS, _VARIANT) for e in entries_
            )
            # a phrase that alone fits 3 or more: only a qualifier can make it count
            needs_company: int = aidx >= 0 and not any(
                0 < len(m) < K_ANONYMITY
                for m in (self._attrs[aidx].title, self._attrs[aidx].affiliation)
            )
            if aidx >= 0 and self._attrs[aidx].acronym:
                needs_company = 2  # initials: in capitals and with company
            for key in (f" {pattern} ", f" {pattern}'"):
                values[key] = [
                    len(key),
                    pattern,
                    entries_,
                    aidx,
                    need_capital,
                    needs_company,
                    None,
                ]
        if not self._empty:
            # number words, counted in the same pass (a phone number in words)
            for word in NUMBER_WORDS:
                key = f" {word} "
                if key not in values:
                    values[key] = [len(key), word, (), -1, False, 0, None]
        for word in self._anchor_words():
            self._extra(values, f" {word} ")[0] = word
        for key, fits in self._rare_keys().items():
            self._extra(values, key)[1] = fits
        self._automaton = ahocorasick.Automaton()
        for key, value in values.items():
            if value[6] is not None:
                value[6] = tuple(value[6])
            self._automaton.add_word(key, tuple(value))
        if values:
            self._automaton.make_automaton()
        self._derived_automaton: ahocorasick.Automaton | None = None
        long_derived = {k: v for k, v in self._derived_owner.items() if len(k) >= 6}
        if long_derived:
            self._derived_automaton = ahocorasick.Automaton()
            for token, who in long_derived.items():
                self._derived_automaton.add_word(token, frozenset(who))
            self._derived_automaton.make_automaton()
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
        self._variant_list = sorted(self._variant_forms)
        # a capitalised word's normalised tokens (near spellings look at them)
        self._word_tokens: dict[str, list[str]] = {}
        self._fold_steps: Steps | None = None
        self._fold_steps_lean: Steps | None = None  # without phones in words

    def _suffixed(self, token: str) -> tuple[_Entry, ...] | None:
        """A distinctive roster surname with a case ending of another
        language ("Sokolovs", "Sokolovem", "Yılmazowi", "Lindqvistin",
        "Vorontsovának"): its entries, or None (surnames of five letters or
        more that are not ordinary words)."""
        for ending in CASE_ENDINGS:
            if token.endswith(ending):
                stem = token[: -len(ending)]
                found = self._suffix_stems.get(stem)
                if found:
                    return found
        return None

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
                if len(form) >= 8 and form.isalpha():
                    for key in one_edit_keys(form):
                        self._one_edit.setdefault(key, []).append((form, entry))
        # next to an honorific or the given name: one half of a double
        # surname, the other gender's form, a spelling variant
        variant = _Entry(pidx, source, _VARIANT, False, surname_key)
        flats = {
            f.replace(" ", "").replace("'", "") for f in surname_forms | bare_forms
        }
        parts = halves(bare)
        self._halves.setdefault(pidx, set()).update(parts)
        for form in parts | {g for f in flats for g in gender_forms(f)}:
            self._add(form, variant)
        for flat in flats | parts | {f.rsplit("'", 1)[-1] for f in surname_forms}:
            if len(flat) >= 5 and flat.isalpha():
                self._variant_forms.setdefault(flat, []).append(variant)
        # what an email local part or a handle built from the name looks like
        for s in surname_forms | bare_forms:
            flat = s.replace(" ", "")
            self._add_derived(flat, pidx, _is_cautious(s))
            for g in first:
                self._add_derived(g.replace(" ", "") + flat, pidx, False)
                self._add_derived(flat + g.replace(" ", ""), pidx, False)
            self._add_derived(first_initial + flat, pidx, False)
            self._add_derived(flat + first_initial, pidx, False)
            self._add_derived("".join(initials) + flat, pidx, False)
            # the given name and the surname's initial ("zofiad", "yekaterina.v")
            for g in first:
                for piece in {g.replace(" ", ""), *g.split()}:
                    if len(piece) >= 3:
                        self._add_derived(piece + flat[0], pidx, False)
        # a half of a double surname with the given name or the initials
        # ("kmensah", "k.boateng", "kwame.boateng", "almeyer")
        for half in parts:
            if len(half) >= 4 and not _is_cautious(half):
                for g in first:
                    self._add_derived(g.replace(" ", "") + half, pidx, False)
                self._add_derived(first_initial + half, pidx, False)
                self._add_derived("".join(initials) + half, pidx, False)

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
                # the given name at the participant's own domain ("zofia@kba…")
                domain = email.strip().casefold().rpartition("@")[2]
                for g in self._given[pidx]:
                    if len(g) >= 3 and g.isalpha():
                        key = f"{g}@{domain}"
                        self._domain_given.setdefault(key, set()).add(pidx)
        for phone in p.phones:
            key = _phone_key(phone)
            if len(key) >= 6:
                self._phone_owner.setdefault(key, set()).add(pidx)
        for handle in p.handles:
            h = handle.strip().lstrip("@").casefold()
            if h:
                self._handle_owner.setdefault(h, set()).add(pidx)
                # without its separators ("@zofkahydro" for "@zofka_hydro"):
                # platforms' search ignores them, a reader reads them as one
                flat = re.sub(r"[._\-]+", "", h)
                if len(flat) >= 5 and flat != h:
                    self._handle_owner.setdefault(flat, set()).add(pidx)
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
                if full and " " not in full and full in self._attr_index:
                    self._attrs[self._attr_index[full]].whole.add(pidx)
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
                generic: list[str] = []
                if words and words[0] in _INSTITUTION_HEADS:
                    for k in range(3, len(words)):
                        if words[k - 1] not in _STOPWORDS:
                            generic.append(" ".join(words[:k]))
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
                    # "university of ostrel" without its place is "university"
                    rests = [re.sub(r"( (of|for|the|de))+$", "", r) for r in rests]
                    # "University of Ostrel" is not "the university"
                    generic += [r for r in rests if len(r.split()) >= 2]
                else:
                    rests = []
                for phrase in generic:
                    self._attr(phrase, "affiliation", pidx)
                    self._attrs[self._attr_index[phrase]].generic = True
                # the initials of its words ("MWR" for Ministry of Water
                # Resources [of Varnia]), three letters or more
                for phrase in (full, *rests):
                    initials = "".join(
                        w[0] for w in phrase.split() if w not in _STOPWORDS
                    )
                    if (
                        len(initials) >= 3
                        and initials.isalpha()
                        and initials not in self._attr_index
                    ):
                        self._attr(initials, "affiliation", pidx)
                        self._attrs[self._attr_index[initials]].acronym = True
        self._synonym_attrs()

    def _synonym_attrs(self) -> None:
        """Titles with a word said another way ("envoy" for ambassador, "vice
        minister"), after :data:`DESCRIPTION_SYNONYMS`: the same people."""
        for attr in list(self._attrs):
            if attr.acronym:
                continue
            words = attr.phrase.split()
            for i, w in enumerate(words):
                for other in _OTHER_WORDS.get(w, ()):
                    phrase = " ".join([*words[:i], other, *words[i + 1 :]])
                    for kind in ("title", "head", "affiliation"):
                        for pidx in getattr(attr, kind):
                            self._attr(phrase, kind, pidx)
        # titles and affiliations that are also plain surnames/words keep both

    def _compile_descriptions(self) -> None:
        """Stems of each participant's titles and affiliations, for reworded
        descriptions ("Belmark's fisheries policy director")."""
        self._desc_index: dict[str, set[int]] = {}
        self._desc_heads: dict[str, set[int]] = {}
        self._title_stems: dict[int, list[frozenset[str]]] = {}
        forms: set[str] = set()
        head_words: set[str] = set()
        for pidx, p in enumerate(self.participants):
            stems: set[str] = set()
            for phrase in (*p.titles, *p.affiliations):
                stems |= set(_desc_stems(phrase))
            for stem in stems:
                self._desc_index.setdefault(stem, set()).add(pidx)
            # every word of a title of two words or more, in any order
            # ("Tolvar's mayor", "the Tolvar mayor" for "Mayor of Tolvar")
            self._title_stems[pidx] = [
                t for t in (frozenset(_desc_stems(x)) for x in p.titles) if len(t) >= 2
            ]
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
        for short in DESCRIPTION_SYNONYMS:
            if any(_desc_stem(w) in self._desc_heads for w in _expand(short)):
                forms.add(short)
        self._desc_automaton: ahocorasick.Automaton | None = None
        self._desc_key_max = 0
        # "l'ambassadeur", "d'ambassadeur": a head after an elided article
        forms |= {f"{e}'{f}" for f in forms if f[:1] in "aeiouh" for e in "ld"}
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

    def _rare_keys(self) -> dict[str, frozenset[int]]:
        """Where a rare description word may be (keys of the one automaton):
        the stem of a description word that fits fewer than 3, after a space
        (or an elided article), and the short forms that stand for one."""
        if self._desc_automaton is None:
            return {}  # no title head word: no description to look for
        rare_keys: dict[str, set[int]] = {
            f"{lead}{stem}": set(self._desc_index[stem])
            for stem in self._desc_distinctive
            for lead in ((" ", " d'", " l'") if stem[:1] in "aeiouh" else (" ",))
        }
        for short in DESCRIPTION_SYNONYMS:
            for w in _expand(short):
                if _desc_stem(w) in self._desc_distinctive:
                    who = self._desc_index[_desc_stem(w)]
                    rare_keys.setdefault(f" {short} ", set()).update(who)
        return {key: frozenset(who) for key, who in rare_keys.items()}

    def _anchor_words(self) -> set[str]:
        """Honorifics and roster given names (keys of the one automaton, each
        between spaces): where a spelling variant of a surname may stand."""
        if not self._variant_forms:
            return set()
        # titles that are frequent words ("general", "chair") are left
        # out: they stand before ordinary words all the time
        words = (
            (set(HONORIFICS) - COMMON_WORDS)
            | set(PERSONAL_HONORIFICS)
            | set(self._given_index)
        )
        return {w for w in words if len(w) >= 2 and w not in PARTICLES}

    @staticmethod
    def _extra(values: dict[str, list[Any]], key: str) -> list[Any]:
        """The (anchor, rare) pair of a key of the one automaton, made when
        the key is new (a key that is no roster pattern has pattern "")."""
        value = values.setdefault(key, [len(key), "", (), -1, False, 0, None])
        if value[6] is None:
            value[6] = [None, None]
        extra: list[Any] = value[6]
        return extra

    def _desc_token_stems(self, token: str) -> tuple[str, ...]:
        cached = self._desc_stem_cache.get(token)
        if cached is None:
            cached = tuple(_desc_stems(token))
            if len(self._desc_stem_cache) < 200_000:
                self._desc_stem_cache[token] = cached
        return cached

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


def _dedupe_entries(entries: list[_Entry]) -> list[_Entry]:
    best: dict[int, _Entry] = {}
    rank = {_FULL: 0, _SINGLE: 1, _INITIALS: 2, _SURNAME: 3, _VARIANT: 4}
    for e in entries:
        cur = best.get(e.pidx)
        if cur is None or (
            (cur.source, rank[cur.cls]) > (e.source, rank[e.cls])
            and not (cur.source == _NAME and e.source == _ALIAS)
        ):
            best[e.pidx] = e
    return list(best.values())
