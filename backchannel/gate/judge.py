"""Names: does the context make a roster word a person?

A full name or a distinctive alias is a person wherever it stands; a surname
that is also an ordinary word ("Price", "Young") needs context that points at
a person (a title before it, a capital in mid-sentence, a possessive, a
speech verb, other names in a list); someone else's given name right before
a surname is another person; near spellings of a surname count when
capitalised. No Django here."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz import process as rf_process
from rapidfuzz.distance import Levenshtein

from backchannel.gate.givennames import is_given_name
from backchannel.gate.others import _OtherWordRules
from backchannel.gate.patterns import (
    _ALIAS,
    _FULL,
    _FUZZY,
    _INITIALS,
    _ROMAN,
    _SENTENCE_OPENERS,
    _SINGLE,
    _SUFFIXED,
    _SURNAME,
    _VARIANT,
    _Entry,
    _skeleton,
)
from backchannel.gate.plain import (
    normalise,
)
from backchannel.gate.scan import (
    _Candidate,
    _Raw,
    _Scan,
)
from backchannel.gate.variants import allowed_edits, gender_forms, one_edit_keys
from backchannel.gate.words import (
    COMMON_WORDS,
    DETERMINERS,
    HONORIFIC_GENDER,
    HONORIFICS,
    PARTICLES,
    PERSONAL_HONORIFICS,
    SPEECH_VERBS,
)

_WHO = re.compile(r",?\s*(?:who|whose|whom)\b")
# candidates for capitalised words (Latin, Greek, Cyrillic; then .isupper()):
# a leading character class lets the regex engine skip ahead
_CAPITALISED = re.compile(
    r"[A-Z\u00c0-\u024f\u0386-\u03ab\u0400-\u042f\u1e00-\u1eff][^\W_]{4,}"
)


@dataclass(slots=True)
class _Surroundings:
    """What is around a name candidate (spans in the source text)."""

    entries: tuple[_Entry, ...]
    start: int
    end: int
    capitalised: bool
    prev: str  # the normalised token before, and where it starts
    prev_ns: int
    prev_start: int
    prev_adjacent: bool  # only spaces between, on one line
    prev_capitalised: bool
    honorific: bool  # "Ms", "Dr", "Minister" right before
    wanted_gender: str | None  # the honorific's gender ("Ms": woman)
    nxt: str
    nxt_ns: int
    foreign_for: set[int] = field(default_factory=set)
    cautious_verdict: str | None = None
    cautious_done: bool = False


class _NameRules(_OtherWordRules, _Scan):
    # ---------------------------------------------------------- names
    def _judge(self, c: _Candidate) -> None:
        """Decide, for each entry of a candidate, whether the context makes it
        a person: fills ``c.accepted`` (with ``c.rule``) and ``c.pending``
        (capitalised ordinary words that need a neighbouring finding)."""
        if all(not e.cautious and e.cls in (_FULL, _SINGLE) for e in c.entries):
            # a full name or a distinctive alias is a person whatever surrounds it
            c.accepted.extend(c.entries)
            c.rule = c.entries[0].cls
            return
        s = self._surroundings(c)
        if s is None:
            return
        participants = self.gate.participants
        # an honorific of the other gender ("Mr Haddad" for Ms Haddad) is still
        # a title before a roster surname (a slip or a disguise: the reader
        # knows whom it means); it only picks among people of one surname
        # ("Mrs Price": Mariam Price, not Tom Price)
        wanted = s.wanted_gender
        if wanted and not any(participants[e.pidx].gender == wanted for e in s.entries):
            wanted = None
        other_after = (
            not c.possessive
            and any(e.cls in (_SURNAME, _FUZZY, _VARIANT) for e in s.entries)
            and self._other_name_after(s.end, s.nxt, s.nxt_ns)
        )
        for entry in s.entries:
            gender = participants[entry.pidx].gender
            if wanted and gender and gender != wanted:
                continue
            if other_after and entry.cls in (_SURNAME, _FUZZY, _VARIANT):
                continue  # "Hassan Rouhani", "Park Chung-hee": someone else
            if entry.cls == _INITIALS:
                self._judge_initials(c, entry, s)
            elif entry.pidx in s.foreign_for and entry.cls in (_SURNAME, _FUZZY):
                continue
            elif entry.cls == _VARIANT:
                rule = self._variant_anchor(c, s, entry)
                if rule is not None:
                    self._accept(c, entry, rule)
            elif entry.cls == _SUFFIXED:
                # "Sokolovs Vorschlag", "Propozycja Sokolova": the ending is
                # on the last word of a name, so a capitalised word after it
                # is not its surname; one before is someone else's given name
                # only when it is a known given name ("Natalia Sokolova")
                title_gender = HONORIFIC_GENDER.get(s.prev) if s.honorific else None
                gender = participants[entry.pidx].gender
                if title_gender and gender and title_gender != gender:
                    continue  # "Ms Sokolova": his wife or daughter
                if s.capitalised and not (
                    s.prev_adjacent
                    and s.prev_capitalised
                    and not s.honorific
                    and is_given_name(s.prev)
                    and not self._own_given(s.prev, entry.pidx)
                ):
                    self._accept(c, entry, _SUFFIXED)
            elif entry.cls == _FUZZY:
                if s.capitalised:
                    rule = f"{_FUZZY} after a title" if s.honorific else _FUZZY
                    self._accept(c, entry, rule)
            elif not entry.cautious:
                if (
                    entry.cls == _SURNAME
                    and not s.honorific
                    and self._word_of_another_language(s.start, s.end, (s.prev, s.nxt))
                ):
                    continue  # "yılmaz bir savaşçıdır": a Turkish adjective
                self._accept(c, entry, entry.cls)
            else:
                self._judge_cautious(c, entry, s)

    def _surroundings(self, c: _Candidate) -> _Surroundings | None:
        """The words around a candidate, as the rules read them; None when
        nothing can be a person here (a lower-case ordinary word, "Price Jr")."""
        entries = c.entries
        capitalised = self._capitalised(c.ns)
        prev, prev_ns = self._prev_token(c.ns)
        if prev == "e" and prev_ns > 2 and self.norm[prev_ns - 3 : prev_ns] == " h ":
            # "H.E. Price", "HE Price": His or Her Excellency
            prev, prev_ns = "h e", prev_ns - 2
        if not capitalised and prev not in PERSONAL_HONORIFICS:
            # the common case in prose: "prices rose", "young people"
            # "el-Hachimi": a variant led by a small particle, capital after it
            capital_inside = any(
                ch.isupper() for ch in self.text[slice(*self.n.span(c.ns, c.ne))]
            )
            entries = tuple(
                e
                for e in entries
                if (not e.cautious and e.cls in (_FULL, _SURNAME, _SINGLE))
                or (e.cls == _VARIANT and capital_inside)
            )
            if not entries:
                return None
        start, end = self.n.span(c.ns, c.ne)
        nxt, nxt_ns = self._next_token(c.ne)
        if prev_ns >= 0:
            prev_start, prev_end = self.n.span(prev_ns, prev_ns + len(prev))
        else:
            prev_start = prev_end = 0
        gap = self.text[prev_end:start]
        honorific = (
            prev_ns >= 0
            and (prev in PERSONAL_HONORIFICS or (prev in HONORIFICS and capitalised))
            and gap.strip() in ("", ".")
            and "\n\n" not in gap
        )
        if nxt in _ROMAN and self._capitalised(nxt_ns):
            return None  # a regnal or family number: Hassan II, Price Jr
        s = _Surroundings(
            entries=entries,
            start=start,
            end=end,
            capitalised=capitalised,
            prev=prev,
            prev_ns=prev_ns,
            prev_start=prev_start,
            prev_adjacent=prev_ns >= 0 and "\n" not in gap and gap.strip() == "",
            prev_capitalised=(
                prev_ns >= 0 and self.text[prev_start : prev_start + 1].isupper()
            ),
            honorific=honorific,
            wanted_gender=HONORIFIC_GENDER.get(prev) if honorific else None,
            nxt=nxt,
            nxt_ns=nxt_ns,
        )
        s.foreign_for = self._foreign_for(s)
        return s

    def _foreign_for(self, s: _Surroundings) -> set[int]:
        """Those whose surname this is but whose given name is not the
        capitalised word right before: someone else ("Carlos Núñez" when the
        roster has José Núñez), a public figure outside the roster."""
        prev = s.prev
        foreign_given = (
            s.prev_adjacent
            and not s.honorific
            and s.prev_capitalised
            and len(prev) > 1
            and prev not in COMMON_WORDS
            and prev not in self.gate._side_of
            and not prev.endswith("'s")
            and not prev.endswith("ly")
            and not self._line_flags(s.start)[1]
        )
        if not foreign_given:
            return set()
        pidxs = {e.pidx for e in s.entries if e.cls in (_SURNAME, _FUZZY)}
        return pidxs - self._own_given_set(prev, pidxs)

    def _variant_anchor(
        self, c: _Candidate, s: _Surroundings, entry: _Entry
    ) -> str | None:
        """A variant of this person's surname is the person after an honorific
        (of their gender, for the other gender's form) or right after their
        own given name."""
        pidx = entry.pidx
        if s.honorific:
            gender = self.gate.participants[pidx].gender
            wanted = HONORIFIC_GENDER.get(s.prev)
            word = self.norm[c.ns : c.ne]
            if (
                wanted
                and gender
                and gender != wanted
                and word.removesuffix("'s") in gender_forms(entry.surname)
            ):
                return None  # "Mr Vorontsov" is her husband or father
            return f"{_VARIANT} after a title"
        if s.prev_adjacent and s.prev and self._own_given(s.prev, pidx):
            return f"{_VARIANT} after the given name"
        # "Mayer-Holt": one half exact, the other hyphened to it near-spelt
        text = self.text
        halves = self.gate._halves.get(pidx, ())
        for token, joined in (
            (s.prev, text[s.start - 1 : s.start] == "-"),
            (s.nxt, text[s.end : s.end + 1] == "-"),
        ):
            if (
                joined
                and token
                and any(
                    Levenshtein.distance(token, h, score_cutoff=1) <= 1
                    for h in halves
                    if h[:1] == token[:1]
                )
            ):
                return f"{_VARIANT}, with the other half"
        return None

    def _judge_initials(self, c: _Candidate, entry: _Entry, s: _Surroundings) -> None:
        """ "J. Núñez": the initial must be a capital; with an ordinary-word
        surname ("a price") it must also be followed by a full stop."""
        if not s.capitalised:
            return
        if entry.cautious:
            last_ns = self.norm.rfind(" ", c.ns, c.ne) + 1
            if self.text[s.start + 1 : s.start + 2] != "." or not self._capitalised(
                last_ns
            ):
                return
        self._accept(c, entry, _INITIALS)

    def _judge_cautious(self, c: _Candidate, entry: _Entry, s: _Surroundings) -> None:
        """An ordinary-word name: accepted, pending (needs other names near
        it) or not a person, by :meth:`_cautious` (read once per candidate)."""
        if not s.cautious_done:
            s.cautious_verdict = self._cautious(c, s)
            s.cautious_done = True
        verdict = s.cautious_verdict
        if verdict is None:
            return
        if verdict.endswith("#prev") and not (
            s.prev in self.gate._given[entry.pidx]
            or entry.pidx in self.gate._given_forms.owners(s.prev)
        ):
            return  # another form of the given name: "Thomas Price", "Dan Park"
        verdict = verdict.removesuffix("#prev")
        if verdict:
            self._accept(c, entry, f"{entry.cls}{verdict}")
        else:
            c.pending.append(entry)

    @staticmethod
    def _accept(c: _Candidate, entry: _Entry, rule: str) -> None:
        c.accepted.append(entry)
        c.rule = c.rule or rule

    def _cautious(self, c: _Candidate, s: _Surroundings) -> str | None:
        """An ordinary word ("Price", "Young"): does the context point at a
        person? A rule suffix, "" for pending, None for no. A trailing "#prev"
        means "unless the word before is this participant's given name"."""
        if s.honorific:
            return " after a title"
        if self._german_sentence(s.start):
            return None  # German capitalises every noun: "im Park"
        if s.prev_adjacent and s.prev in DETERMINERS:
            return None
        if not all(
            self._capitalised(c.ns + m.start())
            for m in re.finditer(r"\S+", self.norm[c.ns : c.ne])
        ):
            return None
        title_line, caps_line = self._line_flags(s.start)
        if caps_line or self._inside_proper_noun(c, s):
            return None
        suffix = ""
        if (
            s.prev_adjacent
            and s.prev
            and s.prev_capitalised
            and not (s.prev in _SENTENCE_OPENERS and self._sentence_start(s.prev_start))
        ):
            suffix = "#prev"  # "Hyde Park", "Emily Price": not unless own given name
        if c.possessive:
            return " with a possessive" + suffix
        if _WHO.match(self.text, s.end):
            return " before a relative clause" + suffix
        if title_line:
            return "" + suffix
        if not self._sentence_start(s.start):
            return ", capitalised" + suffix
        if s.nxt in SPEECH_VERBS:
            return " before a verb" + suffix
        return "" + suffix

    def _inside_proper_noun(self, c: _Candidate, s: _Surroundings) -> bool:
        """Part of a longer proper noun: "Consumer Price Index", "Baker Street"."""
        return (
            s.nxt_ns >= 0
            and not c.possessive
            and s.nxt not in SPEECH_VERBS
            and self._capitalised(s.nxt_ns)
            and self._adjacent(s.end, self.n.orig(s.nxt_ns), same_line=True)
        )

    def _names(
        self,
        candidates: list[_Candidate],
        attr_spans: list[tuple[int, int]],
        raws: list[_Raw],
    ) -> None:
        """Judge every candidate, then settle who each accepted span names."""
        self._judge_all(candidates, attr_spans)
        self._accept_listed(candidates)
        accepted = [c for c in candidates if c.accepted]
        self._take_given_names(accepted)
        chosen = self._longest_first(accepted)
        self._settle_shared_surnames(chosen)
        for c in chosen:
            start, end = self.n.span(c.ns, c.ne)
            seen: set[int] = set()
            for entry in c.accepted:
                if entry.pidx in seen:
                    continue
                seen.add(entry.pidx)
                kind = "alias" if entry.source == _ALIAS else "name"
                raws.append(_Raw(kind, entry.pidx, start, end, c.rule, (c.ns, c.ne)))

    def _judge_all(
        self, candidates: list[_Candidate], attr_spans: list[tuple[int, int]]
    ) -> None:
        """Longest first: a surname inside an accepted full name is not judged;
        inside a title or an affiliation only distinctive names count
        ("Kessa Farmers' Union" is no Mr Union)."""
        attr_starts = [a for a, _ in attr_spans]
        candidates.sort(key=lambda c: (c.ns - c.ne, c.ns))
        covered: set[int] = set()
        for c in candidates:
            if c.ns in covered and c.ne - 1 in covered:
                continue
            k = bisect_right(attr_starts, c.ns) - 1
            if k >= 0 and attr_spans[k][1] >= c.ne:
                c.entries = tuple(e for e in c.entries if not e.cautious)
                if not c.entries:
                    continue
            self._judge(c)
            if c.accepted:
                covered.update(range(c.ns, c.ne))

    def _accept_listed(self, candidates: list[_Candidate]) -> None:
        """Ordinary-word surnames in a list with other names: "Price, Young
        and Park" (two rounds: one accepted name can carry the next)."""
        for _ in range(2):
            starts = sorted(c.ns for c in candidates if c.accepted)
            changed = False
            for c in candidates:
                if c.pending and self._listed(c, starts):
                    c.accepted.extend(c.pending)
                    c.rule = f"{c.pending[0].cls} listed with other names"
                    c.pending = []
                    changed = True
            if not changed:
                break

    def _listed(self, c: _Candidate, starts: list[int]) -> bool:
        """Followed by "and", a comma…, with another accepted name within 80."""
        nxt, _ = self._next_token(c.ne)
        _, end = self.n.span(c.ns, c.ne)
        follow = self.text[end : end + 2].lstrip(" ")[:1]
        listy = nxt in ("and", "or", "with") or follow in (",", ";", ")", ".")
        lo = bisect_right(starts, c.ns - 80)
        near = any(s != c.ns and abs(s - c.ns) < 80 for s in starts[lo : lo + 6])
        return listy and near

    def _take_given_names(self, accepted: list[_Candidate]) -> None:
        """ "Ekaterina Vorontsowa": a surname takes its own given name (or a
        variant of it) right before along into the span."""
        for c in accepted:
            if c.accepted[0].cls not in (_SURNAME, _FUZZY, _VARIANT, _SUFFIXED):
                continue
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

    @staticmethod
    def _longest_first(accepted: list[_Candidate]) -> list[_Candidate]:
        """Overlapping spans: the longest wins."""
        chosen: list[_Candidate] = []
        taken: set[int] = set()
        for c in sorted(accepted, key=lambda c: (c.ns - c.ne, c.ns)):
            if not taken.isdisjoint(range(c.ns, c.ne)):
                continue
            taken.update(range(c.ns, c.ne))
            chosen.append(c)
        return chosen

    def _settle_shared_surnames(self, chosen: list[_Candidate]) -> None:
        """A surname shared by several participants goes to the one named in
        full elsewhere in the text; else to the process's own people (rank 0:
        "Price" is the Price seated here)."""
        named = {
            e.pidx for c in chosen for e in c.accepted if e.cls in (_FULL, _SINGLE)
        }
        participants = self.gate.participants
        for c in chosen:
            if any(e.cls != _VARIANT for e in c.accepted):
                # an exact name wins over someone else's variant of it
                c.accepted = [e for e in c.accepted if e.cls != _VARIANT]
            who = {e.pidx for e in c.accepted}
            if len(who) > 1 and who & named:
                c.accepted = [e for e in c.accepted if e.pidx in named]
                who = {e.pidx for e in c.accepted}
            if len(who) > 1:
                best = min(participants[i].rank for i in who)
                c.accepted = [
                    e for e in c.accepted if participants[e.pidx].rank == best
                ]

    def _capitalised_tokens(self) -> set[str]:
        """The normalised tokens of the text's capitalised words (five
        letters or more): where near spellings and variants may be."""
        if self._cap_tokens is not None:
            return self._cap_tokens
        words = {w for w in _CAPITALISED.findall(self.text) if w[0].isupper()}
        cache = self.gate._word_tokens
        tokens: set[str] = set()
        for w in words:
            split = cache.get(w)
            if split is None:
                split = normalise(w).split()
                if len(cache) < 100_000:
                    cache[w] = split
            tokens.update(split)
        self._cap_tokens = tokens
        return tokens

    def _one_edit(self, token: str) -> dict[int, tuple[float, _Entry]]:
        """Long surnames one edit from the token (not the other gender's
        form: that needs an honorific or the given name)."""
        best: dict[int, tuple[float, _Entry]] = {}
        for key in one_edit_keys(token):
            for surname, entry in self.gate._one_edit.get(key, ()):
                if token + "a" == surname or surname + "a" == token:
                    continue
                if Levenshtein.distance(token, surname, score_cutoff=1) <= 1:
                    fuzzy = _Entry(entry.pidx, entry.source, _FUZZY, False, surname)
                    best[entry.pidx] = (90.0, fuzzy)
        return best

    def _variant_candidates(self) -> list[_Candidate]:
        """Words a small edit distance from a surname right after an
        honorific or a roster given name ("Ambassador Sokoloff", "Siobhan
        O'Connel", "Abdulrahman el-Hachimi"), found from the anchor (one
        automaton pass; names are rare in prose); :meth:`_judge` then checks
        the anchor for each person."""
        gate = self.gate
        norm = self.norm
        out: list[_Candidate] = []
        for end in self._anchor_ends:
            start = end  # the space after the anchor
            ns = start + 1
            ne = norm.find(" ", ns)
            token = norm[ns:ne]
            while token in PARTICLES and ne > 0:
                ns = ne + 1  # "el-Hachimi": the particle is part of the name
                ne = norm.find(" ", ns)
                token = norm[ns:ne]
            if ne < 0:
                continue
            possessive = token.endswith("'s")
            if possessive:
                token, ne = token[:-2], ne - 2
            word = token.replace("'", "")
            if (
                len(word) < 5
                or token in COMMON_WORDS
                or token in gate._name_tokens
                or not word.isalpha()
            ):
                continue
            entries = self._variants_of(word)
            if entries:
                out.append(_Candidate(start + 1, ne, entries, possessive))
        return out

    def _variants_of(self, word: str) -> tuple[_Entry, ...]:
        """The surnames a word is a spelling variant of (cached per gate)."""
        gate = self.gate
        matches = gate._variant_cache.get(word)
        if matches is None:
            limit = allowed_edits(len(word))
            matches = (
                tuple(
                    (form, int(dist))
                    for form, dist, _ in rf_process.extract(
                        word,
                        gate._variant_list,
                        scorer=Levenshtein.distance,
                        score_cutoff=limit,
                        limit=None,
                    )
                    if 0 < dist <= allowed_edits(len(form)) and form[0] == word[0]
                )
                if limit
                else ()
            )
            if len(gate._variant_cache) < 100_000:
                gate._variant_cache[word] = matches
        return tuple(e for form, _ in matches for e in gate._variant_forms[form])

    def _fuzzy_candidates(self) -> list[_Candidate]:
        gate = self.gate
        if not gate._skeletons:
            return []
        hits: dict[str, tuple[_Entry, ...]] = {}
        # near spellings count only when capitalised: look at capitalised words
        tokens = self._capitalised_tokens()
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
                entries = gate._suffixed(token)
                if entries:
                    gate._fuzzy_cache[token] = entries
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
                if not best and len(token) >= 8:
                    best = self._one_edit(token)
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
