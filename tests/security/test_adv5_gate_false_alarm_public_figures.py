"""Adversary (round 5), false alarms: other people who share a surname or an
office with a participant, where the text itself says who they are.

Clean texts: a public figure with an honorific and a roster surname, followed
by an apposition that names another role or institution ("Dr Stone, the UN
water expert", "Ambassador Long, the US envoy", "Professor Field of
Harvard", "Mr Sokolov, the Russian chess grandmaster", "Ms Price, the IMF
economist"); "Herr Müller aus Bern" (Germany's most common surname); a
public figure whose full name *contains* a participant's ("Ahmed Hassan
Zewail", the chemist), or is a Spanish compound surname led by a roster
surname ("Núñez de Balboa"); an earlier holder of a participant's office,
named ("The former mayor of Tolvar, Ali Demir, died in 2001"); and a
sentence about a surname as a word ("Yılmaz is the most common surname in
Turkey"). ``backchannel gate`` stops each one, though it lets through "Ivan
Sokolov won the tournament", "Thomas Müller scored twice", "Vasco Núñez de
Balboa" and "Carlos Núñez".

Promise broken: the brief of issue 14: the gate must not alarm on "public
figures" and "generic titles"; README, "Someone else, not the participant"
(a roster surname before or after another capitalised name is that other
person) is applied only when the other name comes *right after the given
name*, not when an apposition or a following surname says who is meant.
Severity: low to medium (a clean text held back; the honorific rule is
deliberate, the apposition is the text's own disambiguation).

Suggested fix direction: an honorific + surname followed by an apposition
that names a title or organisation that is not the participant's (or a
place "of Harvard", "aus Bern") is someone else; a roster full name followed
by another capitalised surname is a longer name; a title with another named
holder in apposition is that holder; "X is a (common) surname/name" is
about the word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

FALSE_ALARMS = {
    "doctor_apposition": "Dr Stone, the UN water expert, spoke at the opening.",
    "ambassador_apposition": "Ambassador Long, the US envoy to the region, spoke.",
    "professor_of_elsewhere": "Professor Field of Harvard wrote the background paper.",
    "mister_apposition": "Mr Sokolov, the Russian chess grandmaster, opened the fair.",
    "ms_apposition": "Ms Price, the IMF economist, presented the figures.",
    "herr_from_elsewhere": "Herr Müller aus Bern sagte nichts dazu.",
    "longer_full_name": "Ahmed Hassan Zewail won the Nobel prize in chemistry.",
    "spanish_compound_surname": "Núñez de Balboa reached the Pacific in 1513.",
    "earlier_office_holder": "The former mayor of Tolvar, Ali Demir, died in 2001.",
    "earlier_office_holder_2": "The mayor of Tolvar in 1990 was Ali Demir.",
    "surname_as_a_word": "Yılmaz is the most common surname in Turkey.",
    "surname_as_a_word_2": "Müller is the most common surname in Germany.",
}

CLEAN_CONTROLS = [
    "Ivan Sokolov won the tournament.",
    "Thomas Müller scored twice.",
    "Vasco Núñez de Balboa reached the Pacific in 1513.",
    "Carlos Núñez plays the gaita.",
    "Mesut Yılmaz was prime minister of Turkey.",
    "Neil Young sang. Grace Kelly acted.",
]


@pytest.mark.xfail(
    strict=True,
    reason="adversary finding (false alarm): a public figure or an earlier "
    "office holder the text itself names stops a clean text",
)
@pytest.mark.parametrize("case", sorted(FALSE_ALARMS))
def test_someone_else_named_by_the_text_is_clean(tmp_path: Path, case: str) -> None:
    code, out = gate_cli(tmp_path, FALSE_ALARMS[case])
    assert code == 0, f"{case}: {FALSE_ALARMS[case]!r} flagged: {out}"


@pytest.mark.parametrize("text", CLEAN_CONTROLS)
def test_public_figures_by_full_name_pass(tmp_path: Path, text: str) -> None:
    code, out = gate_cli(tmp_path, text)
    assert code == 0, out
