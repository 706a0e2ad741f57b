"""Titles, affiliations and descriptions: a phrase of the roster that fits
fewer than three people, qualifiers that narrow a phrase down ("the only
woman from the Ministry of Water"), and descriptions reworded from a title
and an affiliation ("Belmark's fisheries policy director"). No Django here."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import pairwise

import ahocorasick

from backchannel.gate.model import (
    K_ANONYMITY,
)
from backchannel.gate.patterns import (
    _CONNECTORS,
    _DESC_BARRIER,
    _DESC_WORD,
    _STOPWORDS,
    _UNIQUE_MAX,
    _Attr,
    _desc_stems,
)
from backchannel.gate.plain import (
    normalise,
)
from backchannel.gate.scan import (
    _Raw,
    _Scan,
)
from backchannel.gate.words import (
    ELSEWHERE_WORDS,
    GENDER_WORDS,
    INSTITUTION_ACTS,
    INSTITUTION_AUXILIARIES,
    MEETING_ROLES,
    TITLE_ADJECTIVES,
    TITLE_COMPLEMENTS,
    TITLE_GROUP_NOUNS,
    UNIQUE_WORDS,
)

_SENTENCE_BREAK = re.compile(r"[.!?;:()\[\]]|\n\s*\n")


def _participants(count: int) -> str:
    """A finding's rule (English, like every rule): "1 participant", "2 participants"."""
    return f"{count} participant" if count == 1 else f"{count} participants"


class _DescriptionRules(_Scan):
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
        # the cheap test first: most mentions of "director" have no rare
        # description word near them (found in the automaton pass)
        rare_hits = self._rare_hits
        if automaton is None or not rare_hits:
            return
        covered = [
            (r.start, r.end, r.pidx)
            for r in raws
            if r.kind in ("title", "affiliation", "descriptor")
        ]
        rare_at = [end for end, _ in rare_hits]
        done = -1
        for end_n, (klen, form) in self._head_hits(automaton, rare_at):
            ns, ne = end_n - klen + 2, end_n
            k = bisect_left(rare_at, ns - 100)
            k_end = bisect_right(rare_at, ne + 105)
            if k == k_end or not self._held_near(form, rare_hits[k:k_end]):
                continue
            m_start, m_end = self.n.span(ns, ne)
            if m_start < done:
                continue
            word = self.text[m_start:m_end].lower()
            if word.endswith("s") and word[:-1] in gate._desc_head_words:
                continue  # "directors", "ministers": a group, not one person
            heads = [h for h in gate._desc_token_stems(form) if h in gate._desc_heads]
            if heads:
                done = self._description_at(m_start, m_end, heads, covered, raws, done)

    def _held_near(self, form: str, near: list[tuple[int, frozenset[int]]]) -> bool:
        """A rare description word of someone who holds this title, nearby."""
        gate = self.gate
        holders = gate._desc_head_who.get(form)
        if holders is None:
            holders = frozenset().union(
                *(
                    gate._desc_heads[h]
                    for h in gate._desc_token_stems(form)
                    if h in gate._desc_heads
                )
            )
            gate._desc_head_who[form] = holders
        return not all(holders.isdisjoint(who) for _, who in near)

    def _sentence_window(self, m_start: int, m_end: int) -> tuple[int, int]:
        """90 characters either side of a head word, cut at a sentence end."""
        text = self.text
        lo = max(0, m_start - 90)
        hi = min(len(text), m_end + 90)
        for b in _DESC_BARRIER.finditer(text, lo, m_start):
            lo = b.end()
        stop = _DESC_BARRIER.search(text, m_end, hi)
        if stop is not None:
            hi = stop.start() + 1
        return lo, hi

    def _description_at(
        self,
        m_start: int,
        m_end: int,
        heads: list[str],
        covered: list[tuple[int, int, int]],
        raws: list[_Raw],
        done: int,
    ) -> int:
        """The description around one head word, if it fits fewer than 3;
        returns where the last finding ends (``done`` when there is none)."""
        gate = self.gate
        index = gate._desc_index
        lo, hi = self._sentence_window(m_start, m_end)
        tokens = normalise(self.text[lo:hi]).split()
        stems = {
            st
            for i, token in enumerate(tokens)
            # "a town near Tolvar": another place than the title's
            if ELSEWHERE_WORDS.isdisjoint(tokens[max(0, i - 2) : i])
            for st in gate._desc_token_stems(token)
        }
        rare = stems & gate._desc_distinctive
        if not rare:
            return done
        stems &= index.keys()
        for h in heads:
            best = self._best_description(h, rare, stems)
            if best is None:
                continue
            who, used = best
            who, gender_at = self._by_gender(who, tokens)
            if not 0 < len(who) < K_ANONYMITY:
                continue
            if len(used) < 3 and not any(
                t <= used for pidx in who for t in gate._title_stems[pidx]
            ):
                continue  # two words are a description only as a whole title
            spans = [
                (w.start(), w.end())
                for w in _DESC_WORD.finditer(self.text, lo, hi)
                if used.intersection(_desc_stems(w.group()))
            ]
            if gender_at is not None:
                # "Ostrel's female MP": the gender word is part of it
                for w in _DESC_WORD.finditer(self.text, lo, hi):
                    if normalise(w.group()).removesuffix("'s") == gender_at:
                        spans.append(w.span())
            start = min(a for a, _ in spans)
            end = max(e for _, e in spans)
            for pidx in sorted(who):
                if any(a < end and start < e and p == pidx for a, e, p in covered):
                    continue
                raws.append(
                    _Raw(
                        "descriptor",
                        pidx,
                        start,
                        end,
                        "reworded title and affiliation that fit "
                        + _participants(len(who)),
                    )
                )
            return end
        return done

    def _by_gender(
        self, who: set[int], tokens: list[str]
    ) -> tuple[set[int], str | None]:
        """A gender word in the sentence ("female", "woman") narrows a
        reworded description to the people of that gender."""
        genders = self.gate._genders
        if not genders or len(who) < 2:
            return who, None
        for token in tokens:
            gender = GENDER_WORDS.get(token.removesuffix("'s"))
            if gender is None:
                continue
            narrowed = who & genders.get(gender, set())
            if narrowed:
                return narrowed, token.removesuffix("'s")
        return who, None

    def _best_description(
        self, head: str, rare: set[str], stems: set[str]
    ) -> tuple[set[int], set[str]] | None:
        """Starting from each rare word, narrow the holders of ``head`` by the
        other words (rarest first): whom the most words fit, and the words."""
        index = self.gate._desc_index
        best: tuple[set[int], set[str]] | None = None
        for first in rare:
            who = index[first] & self.gate._desc_heads[head]
            if not who:
                continue
            used = {head, first}
            for stem in sorted(stems - used, key=lambda s: len(index[s])):
                narrowed = who & index[stem]
                if narrowed:
                    who = narrowed
                    used.add(stem)
            if best is None or len(used) > len(best[1]):
                best = (who, used)
        return best

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
        # on a slice: Automaton.iter(text, start, end) costs the whole text
        norm = self.norm
        for lo, hi in windows:
            for end, value in automaton.iter(norm[lo:hi]):
                yield lo + end, value

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
            if not taken.isdisjoint(range(ns, ne)):
                continue
            attr = gate._attrs[aidx]
            if (
                attr.affiliation
                and not attr.title
                and not attr.head
                and self._institution_acts(ns, ne)
            ):
                # "The National Assembly of Ostrel passed the law" (and not
                # "National Assembly" inside it either)
                taken.update(range(ns, ne))
                continue
            if attr.generic and not attr.title and self._elsewhere(ns, ne):
                continue  # "the Kenya Defence Academy", "… Bank of Southern Africa"
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
        """A group of title/affiliation hits joined by connectors, with the
        qualifiers around it: a finding when it fits fewer than 3."""
        attrs = [self.gate._attrs[aidx] for _, _, aidx in group]
        members: set[int] | None = None
        for attr in attrs:
            members = set(attr.members) if members is None else members & attr.members
        if not members:
            # unrelated attributes side by side: judge each alone
            if len(group) > 1:
                for hit in group:
                    self._phrase([hit], raws)
            return
        ns, ne = group[0][0], group[-1][1]
        qualifiers = self._phrase_qualifiers(group)
        verdict = self._phrase_verdict(attrs, members, qualifiers)
        if verdict is None and not qualifiers and len(group) == 1:
            verdict = self._definite_title(ns, ne, attrs[0])
        if verdict is None:
            return
        kind, who, rule = verdict
        lo = min([ns] + [q[0] for q in qualifiers])
        hi = max([ne] + [q[1] for q in qualifiers])
        prev, prev_ns = self._prev_token(lo)
        if prev in ("the", "a", "an") and prev_ns >= 0:
            lo = prev_ns
        start, end = self.n.span(lo, hi)
        for pidx in sorted(who):
            raws.append(_Raw(kind, pidx, start, end, rule, (lo, hi)))

    def _institution_acts(self, ns: int, ne: int) -> bool:
        """The affiliation as the subject of what an institution does (or
        what is done to a building), at the start of a sentence, alone or
        after "the": "The Ostrel Development Bank financed the dam", "The
        Kessa Grand Mosque was restored"."""
        prev, prev_ns = self._prev_token(ns)
        start = ns
        if prev == "the":
            start = prev_ns
        if not self._sentence_start(self.n.orig(start)):
            return False
        nxt, nxt_ns = self._next_token(ne)
        for _ in range(2):
            if nxt in INSTITUTION_ACTS:
                return True
            if nxt not in INSTITUTION_AUXILIARIES or nxt_ns < 0:
                return False
            nxt, nxt_ns = self._next_token(nxt_ns + len(nxt))
        return nxt in INSTITUTION_ACTS

    def _elsewhere(self, ns: int, ne: int) -> bool:
        """An affiliation's generic part with another place or name said
        next to it: a capitalised word before it ("the Kenya Defence
        Academy") or "of"/"from"/"in" and a capitalised word after it ("the
        National Assembly of Kenya", "a development bank from Asia") that is
        not a side of the roster."""
        sides = self.gate._side_of
        prev, prev_ns = self._prev_token(ns)
        if (
            prev_ns >= 0
            and prev not in sides
            and prev.removesuffix("'s") not in sides
            and prev not in _STOPWORDS
            and self._capitalised(prev_ns)
            and self._adjacent(
                self.n.span(prev_ns, prev_ns + len(prev))[1], self.n.orig(ns)
            )
        ):
            return True
        nxt, nxt_ns = self._next_token(ne)
        if nxt in ("of", "from", "in"):
            place, place_ns = self._next_token(nxt_ns + len(nxt))
            if place == "the":
                place, place_ns = self._next_token(place_ns + len(place))
            if place_ns >= 0 and place not in sides and self._capitalised(place_ns):
                return True
        return False

    def _after_the(self, ns: int) -> bool:
        """ "the imam", "the retired colonel": "the" before the title word,
        with at most two words of time or rank between."""
        for _ in range(3):
            prev, prev_ns = self._prev_token(ns)
            if prev == "the":
                return True
            if prev not in TITLE_ADJECTIVES or prev_ns < 0:
                return False
            ns = prev_ns
        return False

    def _definite_title(
        self, ns: int, ne: int, attr: _Attr
    ) -> tuple[str, set[int], str] | None:
        """ "The imam said so": a one-word title with the definite article
        points at the one person of the roster who holds it (with two
        holders, "the engineer" says neither; not a meeting's own role,
        "the chair"; not "the director of the film")."""
        if attr.title or attr.affiliation or " " in attr.phrase:
            return None
        if (
            attr.phrase in MEETING_ROLES
            or len(attr.head) != 1
            or attr.whole != attr.head
        ):
            return None
        if not self._after_the(ns):
            return None
        nxt, nxt_ns = self._next_token(ne)
        if (
            nxt in TITLE_COMPLEMENTS
            or nxt in TITLE_GROUP_NOUNS
            or (
                nxt_ns >= 0
                and self._capitalised(nxt_ns)
                and self._adjacent(self.n.span(ns, ne)[1], self.n.orig(nxt_ns))
            )
        ):
            return None  # "the imam of Tolvar", "the Colonel Hunter…"
        who = set(attr.head)
        return "title", who, "one-word title with 'the' that fits 1 participant"

    def _phrase_tokens(
        self, group: list[tuple[int, int, int]]
    ) -> list[tuple[int, int, str]]:
        """The connector and qualifier words before, after and between the
        hits of a group."""
        ns, ne = group[0][0], group[-1][1]
        tokens = [
            *reversed(self._extend(ns, -1)),
            *self._extend(ne, +1),
        ]
        for (_, a_end, _), (b_start, _, _) in pairwise(group):
            pos = a_end
            for token in self.norm[a_end:b_start].split():
                s = self.norm.find(token, pos)
                tokens.append((s, s + len(token), token))
                pos = s + len(token)
        return tokens

    def _phrase_qualifiers(
        self, group: list[tuple[int, int, int]]
    ) -> list[tuple[int, int, str, str]]:
        """(ns, ne, kind, value) of the gender words, side names and claims of
        uniqueness that qualify the group, in the same sentence."""
        ns, ne = group[0][0], group[-1][1]
        o_ns, o_ne = self.n.span(ns, ne)
        qualifiers: list[tuple[int, int, str, str]] = []
        for s, e, token in self._phrase_tokens(group):
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
            if q[0] == "side" and self._side_in_proper_noun(e, o_e):
                continue
            qualifiers.append((s, e, q[0], q[1]))
        return qualifiers

    def _side_in_proper_noun(self, e: int, o_e: int) -> bool:
        """ "Ostrel Development Bank": a side name inside a proper noun."""
        nxt, nxt_ns = self._next_token(e)
        return (
            nxt_ns >= 0
            and nxt not in _CONNECTORS
            and self._capitalised(nxt_ns)
            and self._adjacent(o_e, self.n.orig(nxt_ns))
        )

    def _phrase_verdict(
        self,
        attrs: list[_Attr],
        members: set[int],
        qualifiers: list[tuple[int, int, str, str]],
    ) -> tuple[str, set[int], str] | None:
        """(kind, whom, rule) when the phrase and its qualifiers fit fewer than
        3 (a title, else an affiliation, else a description), else None."""
        members, narrowing, unique = self._narrow(attrs, members, qualifiers)
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
            return kind, who, f"roster {kind} that fits {_participants(len(who))}"
        if (narrowing and len(members) < K_ANONYMITY) or (
            unique and len(members) <= _UNIQUE_MAX
        ):
            return (
                "descriptor",
                members,
                f"description that fits {_participants(len(members))}",
            )
        return None

    def _narrow(
        self,
        attrs: list[_Attr],
        members: set[int],
        qualifiers: list[tuple[int, int, str, str]],
    ) -> tuple[set[int], int, bool]:
        """Whom the qualifiers leave of ``members``, how many narrowed it
        (each phrase past the first counts one), and whether "the only" was
        claimed."""
        gate = self.gate
        narrowing = len(attrs) - 1
        unique = False
        for _, _, qkind, value in qualifiers:
            if qkind == "unique":
                unique = True
                continue
            pool: set[int] | frozenset[int]
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
        return members, narrowing, unique
