"""The fixture corpus: recall 100%, false alarms at most 5% (see corpus.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from backchannel.gate import KINDS, Gate
from tests.transfer.corpus import load_corpus, score

pytestmark = pytest.mark.no_db_difference


def test_the_corpus_has_150_documents_with_every_kind_of_leak_and_clean_ones() -> None:
    roster, documents = load_corpus()
    assert len(documents) >= 150
    kinds = Counter(e["kind"] for d in documents for e in d.expected)
    assert set(kinds) == set(KINDS)
    clean = [d for d in documents if not d.expected]
    assert len(clean) >= 75
    names = {p.name for p in roster}
    assert all(e["participant"] in names for d in documents for e in d.expected)
    # every expected text is in its document
    assert all(e["text"] in d.text for d in documents for e in d.expected)


def test_recall_is_100_percent_and_false_alarms_at_most_5_percent(gate: Gate) -> None:
    _, documents = load_corpus()
    result = score(gate, documents)
    assert result.missed == [], result.missed
    assert result.recall == 1.0
    assert result.false_alarm_rate <= 0.05, [
        (name, f.kind, f.participant, f.text) for name, f in result.unexpected
    ]
    assert result.clean_false_alarm_rate <= 0.05
