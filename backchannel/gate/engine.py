"""The gate: a roster compiled once (:func:`build_gate`), then
:meth:`Gate.check` per text, on the text as written and on the text as a
reader reads it (:mod:`backchannel.gate.normalise`), findings mapped back to
source spans. No Django here.

Called on every path by which text leaves the workspace. It takes a roster of
plain :class:`~backchannel.gate.model.Participant` dataclasses (no Django here: the workspace builds
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
- A one-word title ("Engineer", "Rapporteur"), like the head of a longer
  title ("minister"), counts with a qualifier ("an engineer from Ostrel",
  "the sole imam") that narrows it below 3; with "the" alone ("the imam")
  when it is the whole title of one person and nobody else's title holds it
  (not a meeting's own role: "the chair"). "The only …" flags a
  description that fits at most 5.
- Name variants (half of a double surname, the other gender's form of a
  Slavic surname, a spelling variant a small edit away) count only after an
  honorific or the person's own given name (:mod:`backchannel.gate.variants`);
  a roster surname before someone else's name ("Hassan Rouhani"), in a German
  sentence, or in lower case in another language is not the participant
  (:mod:`backchannel.gate.others`).
- Suggestions name a side only when it has 3 or more participants.

Spans are Python string indices (code points) into the text as given.
"""

from __future__ import annotations

import gc
import hashlib
from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise

from backchannel.gate.contacts import (
    _ContactRules,
)
from backchannel.gate.describe import (
    _DescriptionRules,
)
from backchannel.gate.judge import (
    _NameRules,
)
from backchannel.gate.model import (
    Finding,
    GateReport,
    Participant,
    _finding_order,
)
from backchannel.gate.normalise import fold, fold_steps
from backchannel.gate.patterns import (
    Patterns,
)
from backchannel.gate.plain import (
    normalise,
)
from backchannel.gate.scan import (
    _Candidate,
    _Raw,
)
from backchannel.gate.spelled import NUMBER_WORDS
from backchannel.gate.words import (
    PERSONAL_HONORIFICS,
)


class Gate(Patterns):
    # ------------------------------------------------------------ checking
    def check(self, text: str) -> GateReport:
        """Findings in the text as written and in the text as a reader reads
        it (:func:`backchannel.gate.normalise.fold`), all with source spans.

        The cyclic garbage collector waits while a text is checked: a check
        allocates many short-lived lists and tuples (freed as they go, by
        reference counting, and with no cycles), enough to set off the
        collector's full pass, which walks every object of the compiled roster
        (half a million for 10,000 people) and cost more than the check of a
        long text itself. It runs again, as before, when the check returns."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            ctx = _Context(self, text)
            findings = ctx.run()
            if not self._empty or self._email_owner or self._derived_owner:
                findings = self._disguised(text, findings, ctx.number_run)
        finally:
            if enabled:
                gc.enable()
        return GateReport(text=text, findings=tuple(findings), gate=self)

    def _disguised(
        self, text: str, findings: list[Finding], number_words: bool = True
    ) -> list[Finding]:
        """Add what only the folded text shows, mapped back to the source.

        Only windows around the folded spots are checked again (a clean text
        with nothing to fold costs a few regular-expression scans); a finding
        there counts when it covers a folded spot and the source check did not
        already report that participant there."""
        if self._fold_steps is None or self._fold_steps_lean is None:
            self._fold_steps, self._fold_steps_lean = (
                fold_steps(
                    known=self._known_word, names=self._name_parts, phone_words=words
                )
                for words in (True, False)
            )
        # a phone number in words only where the text has a run of six
        # number words (counted in the automaton pass)
        steps = self._fold_steps if number_words else self._fold_steps_lean
        folded = fold(text, steps=steps)
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
                    folds = sorted(
                        {n for a, b, n in changes[max(0, k - 50) : k] if b >= fa}
                    )
                    if not folds:
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
                        rule=f"{x.rule}, disguised ({', '.join(folds)})",
                        suggestion=x.suggestion,
                        rank=x.rank,
                    )
                    found.setdefault(key, []).append(new)
                    out.append(new)
        return sorted(out, key=_finding_order)


def _has_run(ends: list[int], length: int, gap: int) -> bool:
    """Whether ``length`` of the sorted positions follow each other at most
    ``gap`` apart."""
    run = 1
    for a, b in pairwise(ends):
        run = run + 1 if b - a <= gap else 1
        if run >= length:
            return True
    return False


def build_gate(roster: Sequence[Participant]) -> Gate:
    """Compile a roster once; reuse the gate for every text."""
    return Gate(roster)


def gate_check(text: str, roster: Gate | Sequence[Participant]) -> GateReport:
    """Check one text against a roster (or an already built gate)."""
    gate = roster if isinstance(roster, Gate) else build_gate(roster)
    return gate.check(text)


class _Context(_NameRules, _DescriptionRules, _ContactRules):
    # ---------------------------------------------------------- main
    def run(self) -> list[Finding]:
        gate = self.gate
        raws: list[_Raw] = []
        candidates: list[_Candidate] = []
        attr_hits: list[tuple[int, int, int]] = []
        number_ends: list[int] = []
        anchors = self._anchor_ends
        rare = self._rare_hits
        if not gate._empty:
            norm = self.norm
            text = self.text
            orig = self.n.orig
            for end, value in gate._automaton.iter(norm):
                klen, pattern, entries, aidx, need_capital, needs_company, extra = value
                if extra is not None:
                    # an anchor of a spelling variant, a rare description word
                    if extra[0] is not None:
                        anchors.append(end)
                    if extra[1] is not None:
                        rare.append((end, extra[1]))
                    if not pattern:
                        continue
                if pattern in NUMBER_WORDS:
                    number_ends.append(end)
                ns = end - klen + 2
                possessive = norm[end] == "'"
                if possessive and not norm.startswith("'s ", end):
                    # a case ending after an apostrophe (Turkish "Yılmaz'ın",
                    # "Núñez'le"): one to five letters, then the word ends
                    k = end + 1
                    while k < len(norm) and norm[k].isalpha() and k - end < 7:
                        k += 1
                    if not (2 <= k - end <= 6 and norm[k : k + 1] in (" ", "")):
                        continue
                if entries and need_capital and not text[orig(ns)].isupper():
                    # the hot path: "prices rose", "young people"
                    before = norm[norm.rfind(" ", 0, ns - 1) + 1 : ns - 1]
                    if before not in PERSONAL_HONORIFICS:
                        entries = ()
                if entries:
                    candidates.append(_Candidate(ns, end, entries, possessive))
                if aidx >= 0 and (
                    not needs_company
                    or self._has_company(ns, end)
                    # "the imam": a one-word title with the definite article
                    or (needs_company == 1 and self._after_the(ns))
                ):
                    if needs_company == 2 and not text[orig(ns) : orig(end)].isupper():
                        continue  # initials ("MWR") in capitals only
                    attr_hits.append((ns, end, aidx))
        # three number words or more, each within a word of the next: a phone
        # number in words ("two three three, two four, …"), or a group of one
        # spelt out ("601 two three four 567"), may be there
        self.number_run = (
            _has_run(number_ends, 3, 10) if len(number_ends) >= 3 else False
        )
        candidates.extend(self._fuzzy_candidates())
        candidates.extend(self._variant_candidates())
        attr_spans = self._attributes(attr_hits, raws)
        self._names(candidates, attr_spans, raws)
        self._contacts(raws)
        self._descriptions(raws)
        return self._findings(raws)

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
