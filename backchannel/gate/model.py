"""What the gate takes and gives: :class:`Participant` (one roster entry),
:class:`Finding` (one identifying span) and :class:`GateReport` (a text's
findings, its digest for overrides, the text redacted). No Django here."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from backchannel.gate.engine import Gate


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
    spans: list[tuple[int, int, str]] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if spans and f.start < spans[-1][1]:
            start, end, repl = spans[-1]
            spans[-1] = (start, max(end, f.end), repl)
            continue
        spans.append((f.start, f.end, str(marker or f.suggestion)))
    out = text
    for start, end, repl in reversed(spans):
        out = out[:start] + repl + out[end:]
    return out


def _finding_order(f: Finding) -> tuple[int, int, int, int, str]:
    """The process's own people first (rank 0), then by position."""
    return (f.rank, f.start, f.end, KINDS.index(f.kind), f.participant)
