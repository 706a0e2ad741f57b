"""Properties on arbitrary text: no crash, spans in bounds and true to their
term, redaction leaves nothing behind."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backchannel.gate import Gate
from backchannel.gate import plain as gate_module
from backchannel.gate.normalise import fold
from backchannel.gate.plain import normalise

pytestmark = pytest.mark.no_db_difference

SMALL = gate_module._SMALL

# Text built from roster material and hostile characters, so that findings
# actually occur: names with diacritics, hyphens, apostrophes, line breaks,
# combining marks, expanding letters (ß, æ), emails and phone fragments.
PIECES = [
    "Žofia",
    "Dvořáková",
    "Dvořá-\nková",
    "José",
    "Núñez",
    "Nu\u0301n\u0303ez",
    "Anna-Lena",
    "Meyer-Holt",
    "Mey-\ner-Holt",
    "al-Hashimi",
    "Price",
    "Young",
    "Park",
    "Ms",
    "Mr.",
    "Dr",
    "J.",
    "'s",
    "’s",
    "the only woman from the",
    "Ministry of Water Resources",
    "Kessa Basin Authority",
    "Varnian",
    "deputy minister",
    "engineer from Ostrel",
    "@zofka_hydro",
    "@jnunez",
    "zofia.dvorakova@kba.example",
    "[at]",
    "+420 601 234 567",
    "(0)",
    "ß",
    "Æ",
    "ﬁ",
    "İ",
    "\u00ad",
    "\u0301",
    "\t",
    "\r\n",
    "\n\n",
    "  ",
    "-",
    "—",
    "'",
    ",",
    ".",
    ";",
    "(",
    ")",
    "\u2028",
    "\U0001f600",
    "Воронцова",
    "Yılmaz",
]
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=30).map(
        lambda parts: " ".join(parts)
    ),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
)
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(text=texts)
def test_the_gate_never_crashes_and_spans_are_true_to_their_terms(
    gate: Gate, text: str
) -> None:
    report = gate.check(text)
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.text == text[f.start : f.end]
        if ", disguised (" in f.rule:
            # found in the folded text: the term is what the reader reads
            assert normalise(fold(f.text).text) or f.term, f
        else:
            assert normalise(f.text) == f.term
        assert f.term, f
    assert [f.start for f in report.findings] == sorted(
        f.start for f in report.findings
    )


@SETTINGS
@given(text=texts)
def test_redacted_text_passes_the_gate_clean(gate: Gate, text: str) -> None:
    assert gate.check(gate.check(text).redacted()).clean


@SETTINGS
@given(text=texts)
def test_normalising_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@SETTINGS
@given(text=texts)
def test_the_numpy_and_the_small_text_collapse_agree(text: str) -> None:
    t, _ = gate_module._translate(text * 3)
    small = gate_module._collapse(t)
    try:
        gate_module._SMALL = 0
        large = gate_module._collapse(t)
    finally:
        gate_module._SMALL = SMALL
    assert small[0] == large[0]
    assert (small[1] or []) == (large[1] or [])


def test_spans_are_right_in_a_long_text(gate: Gate) -> None:
    text = ("Prices rose.  Ms Young said so -\n twice; Dvořá-\nková agreed. " * 200) + (
        "Finally Žofia Dvořáková’s note."
    )
    assert len(text) > SMALL
    report = gate.check(text)
    assert report.findings[-1].text == "Žofia Dvořáková"
    for f in report.findings:
        assert normalise(text[f.start : f.end]) == f.term
    assert {f.text for f in report.findings} == {
        "Young",
        "Dvořá-\nková",
        "Žofia Dvořáková",
    }
