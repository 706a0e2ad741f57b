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

from rapidfuzz import fuzz

from backchannel.gate.patterns import (
    _ALIAS,
    _FULL,
    _FUZZY,
    _INITIALS,
    _ROMAN,
    _SENTENCE_OPENERS,
    _SINGLE,
    _SURNAME,
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
from backchannel.gate.words import (
    COMMON_WORDS,
    DETERMINERS,
    HONORIFIC_GENDER,
    HONORIFICS,
    PERSONAL_HONORIFICS,
    SPEECH_VERBS,
)

_WHO = re.compile(r",?\s*(?:who|whose|whom)\b")
# candidates for capitalised words (Latin, Greek, Cyrillic; then .isupper()):
# a leading character class lets the regex engine skip ahead
_CAPITALISED = re.compile(
    r"[A-Z\u00c0-\u024f\u0386-\u03ab\u0400-\u042f\u1e00-\u1eff][^\W_]{4,}"
)


class _NameRules(_Scan):
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
