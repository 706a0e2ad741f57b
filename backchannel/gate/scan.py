"""One check of one text: the normalised text and the helpers every rule
uses (the token before or after a spot, capital letters, sentence starts,
title-case and all-caps lines). No Django here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz import process as rf_process

from backchannel.gate.patterns import (
    _STOPWORDS,
    Patterns,
    _Entry,
)
from backchannel.gate.plain import (
    _normalise_full,
)

_NOT_LETTERS = re.compile(r"[\W\d_]+")


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


class _Scan:
    """One check of one text."""

    def __init__(self, gate: Patterns, text: str) -> None:
        self.gate = gate
        self.text = text
        self.n = _normalise_full(text)
        self.norm = self.n.norm
        self._line_cache: dict[int, tuple[bool, bool]] = {}
        self._cap_tokens: set[str] | None = None
        self._sentences: dict[int, tuple[int, str, list[str]]] = {}
        # filled by the automaton pass: where an honorific or a given name
        # ends (the space after it), and rare description words (end, who)
        self._anchor_ends: list[int] = []
        self._rare_hits: list[tuple[int, frozenset[int]]] = []

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
            who |= gate._given_forms.owners(token)
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
        if token in given or pidx in self.gate._given_forms.owners(token):
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
