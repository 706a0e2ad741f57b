"""Adversary (round 5), false alarms: another country's institution whose
generic name is the head of a roster affiliation.

Clean texts: "The University of Oxford hosted a seminar", "The National
Assembly of Kenya passed a law", "The Ministry of Foreign Affairs of Ghana
issued a statement", "The Kenya Defence Academy trains officers", "The
Development Bank of Southern Africa financed it", "The Youth Council of
Kenya met", "A development bank from Asia financed the study". The gate
matches the generic head of the roster's "University of Ostrel", "National
Assembly of Ostrel", "Ostrel Ministry of Foreign Affairs", "Ostrel Defence
Academy", "Ostrel Development Bank", "Varnian Youth Council" and reports an
affiliation that points to a participant (José Núñez for Oxford), though the
text names another place. ``backchannel gate`` stops every one; the same
kind of sentence passes for other roster organisations ("The Ministry of
Water of Kenya", "The Grand Mosque of Paris", "The Kenya Red Cross") and
for titles ("The ambassador of France", "the mayor of a town near Tolvar").

Promise broken: the brief of issue 14: no alarm on clean policy prose or
"generic titles"; README: "a title word whose place is said to be elsewhere
is not that title" (applied to titles, not to affiliations); "at most one
clean text flagged". Severity: high for a false alarm (universities,
parliaments, foreign ministries and development banks of other countries are
in every policy text; the held-out clean corpus will hold such sentences).

Suggested fix direction: an affiliation matches only with its distinguishing
words (the place or proper name: "Ostrel", "Varnian"), never by its generic
head alone; a different place right after "of" or before the head ("Kenya
Defence Academy") makes it another institution, as for titles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

FALSE_ALARMS = {
    "university_of_oxford": "The University of Oxford hosted a seminar.",
    "university_of_geneva": "A professor at the University of Geneva spoke.",
    "national_assembly_of_kenya": "The National Assembly of Kenya passed a law.",
    "members_of_french_assembly": (
        "Members of the National Assembly of France visited the basin."
    ),
    "foreign_ministry_of_ghana": (
        "The Ministry of Foreign Affairs of Ghana issued a statement."
    ),
    "kenya_defence_academy": "The Kenya Defence Academy trains officers.",
    "development_bank_of_southern_africa": (
        "The Development Bank of Southern Africa financed it."
    ),
    "a_development_bank_from_asia": "A development bank from Asia financed the study.",
    "youth_council_of_kenya": "The Youth Council of Kenya met.",
}

CLEAN_CONTROLS = [
    "The ambassador of France attended as an observer.",
    "The deputy minister of agriculture of Ghana sent a message.",
    "The mayor of a town near Tolvar welcomed the agreement.",
    "The Ministry of Water of Kenya published a report.",
    "The Grand Mosque of Paris hosted a debate.",
    "The Kenya Red Cross distributed water.",
    "The Farmers' Union of Wales met.",
    "Harvard University hosted a seminar.",
]


@pytest.mark.parametrize("case", sorted(FALSE_ALARMS))
def test_another_countrys_institution_is_clean(tmp_path: Path, case: str) -> None:
    code, out = gate_cli(tmp_path, FALSE_ALARMS[case])
    assert code == 0, f"{case}: {FALSE_ALARMS[case]!r} flagged: {out}"


@pytest.mark.parametrize("text", CLEAN_CONTROLS)
def test_other_places_institutions_and_titles_pass(tmp_path: Path, text: str) -> None:
    code, out = gate_cli(tmp_path, text)
    assert code == 0, out
