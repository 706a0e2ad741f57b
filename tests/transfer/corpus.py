"""The gate's fixture corpus (tests/data/gate) and how it is scored.

Used by tests/transfer/test_corpus.py and bench/bench_gate.py.

- An expected leak is found when a finding has its participant and kind and
  overlaps an occurrence of its text.
- A document is a false alarm when it is clean (no expected leak) and has any
  finding, or when any of its findings matches no expected leak.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backchannel.gate import Finding, Gate
from backchannel.transfer.roster import read_roster_csv

CORPUS = Path(__file__).resolve().parents[1] / "data" / "gate"


@dataclass
class Document:
    file: str
    category: str
    text: str
    expected: list[dict[str, str]]


@dataclass
class Score:
    documents: int = 0
    clean_documents: int = 0
    expected: int = 0
    found: int = 0
    false_alarm_documents: list[str] = field(default_factory=list)
    missed: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    unexpected: list[tuple[str, Finding]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarm_documents) / self.documents

    @property
    def clean_false_alarm_rate(self) -> float:
        clean = [f for f in self.false_alarm_documents if f in self._clean_files]
        return len(clean) / self.clean_documents if self.clean_documents else 0.0

    _clean_files: set[str] = field(default_factory=set)

    def summary(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "clean_documents": self.clean_documents,
            "expected_findings": self.expected,
            "recall": round(self.recall, 4),
            "false_alarm_rate": round(self.false_alarm_rate, 4),
            "false_alarm_rate_on_clean_documents": round(
                self.clean_false_alarm_rate, 4
            ),
            "false_alarm_documents": self.false_alarm_documents,
        }


def load_corpus() -> tuple[list[Any], list[Document]]:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    roster = read_roster_csv(CORPUS / manifest["roster"])
    documents = [
        Document(
            file=d["file"],
            category=d["category"],
            text=(CORPUS / "docs" / d["file"]).read_text(encoding="utf-8"),
            expected=d["expected"],
        )
        for d in manifest["documents"]
    ]
    return roster, documents


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out = []
    i = text.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def _matches(finding: Finding, expected: dict[str, str], text: str) -> bool:
    if (finding.participant, finding.kind) != (
        expected["participant"],
        expected["kind"],
    ):
        return False
    return any(
        finding.start < e and s < finding.end
        for s, e in _occurrences(text, expected["text"])
    )


def score(gate: Gate, documents: list[Document]) -> Score:
    result = Score()
    for doc in documents:
        findings = gate.check(doc.text).findings
        result.documents += 1
        if not doc.expected:
            result.clean_documents += 1
            result._clean_files.add(doc.file)
        for expected in doc.expected:
            result.expected += 1
            if any(_matches(f, expected, doc.text) for f in findings):
                result.found += 1
            else:
                result.missed.append((doc.file, expected))
        stray = [
            f
            for f in findings
            if not any(_matches(f, e, doc.text) for e in doc.expected)
        ]
        result.unexpected.extend((doc.file, f) for f in stray)
        if stray:
            result.false_alarm_documents.append(doc.file)
    return result
