"""The source map of :mod:`backchannel.gate.normalise`: each fold step's
replacements, a position mapped either way through them, and the folded text
with the way back to the source. No Django here."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field


# ------------------------------------------------------------------ the maps
class _StepMap:
    """One step's replacements: source [a, b) became output [c, d).

    Maps a position either way. A position inside a replacement maps to the
    start of its counterpart (or, for an exclusive end, to its end), unless the
    replacement kept the length, where it maps one to one."""

    __slots__ = ("_new_a", "_old_a", "edits")

    def __init__(self, edits: list[tuple[int, int, int, int]]) -> None:
        self.edits = edits
        self._old_a = [e[0] for e in edits]
        self._new_a = [e[2] for e in edits]

    def back(self, p: int, *, end: bool = False) -> int:
        return self._map(p, end, self._new_a, 2, 0)

    def forward(self, p: int, *, end: bool = False) -> int:
        return self._map(p, end, self._old_a, 0, 2)

    def _map(self, p: int, end: bool, keys: list[int], src: int, dst: int) -> int:
        q = p - 1 if end else p
        k = bisect_right(keys, q) - 1
        if k < 0:
            return p
        e = self.edits[k]
        sa, sb, da, db = e[src], e[src + 1], e[dst], e[dst + 1]
        if q < sb:
            if sb - sa == db - da:
                return da + (p - sa)
            return db if end else da
        return db + (p - sb)


@dataclass(slots=True)
class Folded:
    """The folded text, the source, and the way back."""

    source: str
    text: str
    maps: list[_StepMap] = field(default_factory=list)
    # (step name, start, end) of every change, in the folded text
    changes: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source that the folded span [start, end) came from."""
        for m in reversed(self.maps):
            start, end = m.back(start), m.back(end, end=True)
        return start, max(end, start)

    def windows(self, margin: int = 300) -> list[tuple[int, int]]:
        """Spans of the folded text around the changes (merged, cut at a space):
        only there can the folded text hold a finding the source does not."""
        out: list[tuple[int, int]] = []
        text = self.text
        for _, a, b in sorted(self.changes, key=lambda c: c[1]):
            lo = max(0, a - margin)
            hi = min(len(text), b + margin)
            while lo > 0 and not text[lo - 1].isspace():
                lo -= 1
            while hi < len(text) and not text[hi].isspace():
                hi += 1
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        return out


Replace = Callable[[re.Match[str]], str | None]
Spot = tuple[int, int, str]  # source [a, b) becomes the string


def _apply(text: str, spots: list[Spot]) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Replace sorted, non-overlapping spots; the edits for the map."""
    pieces: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    pos = 0
    out_len = 0
    for a, b, new in spots:
        if a < pos or a == b or text[a:b] == new:
            continue
        pieces.append(text[pos:a])
        out_len += a - pos
        pieces.append(new)
        edits.append((a, b, out_len, out_len + len(new)))
        out_len += len(new)
        pos = b
    if not edits:
        return text, edits
    pieces.append(text[pos:])
    return "".join(pieces), edits


def _by_regex(pattern: re.Pattern[str], repl: Replace) -> Callable[[str], list[Spot]]:
    def find(text: str) -> list[Spot]:
        out = []
        for m in pattern.finditer(text):
            new = repl(m)
            if new is not None:
                out.append((m.start(), m.end(), new))
        return out

    return find
