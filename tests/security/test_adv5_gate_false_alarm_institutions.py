"""Adversary (round 5), false alarms: an organisation of the roster named as
the institution that acts, not as anyone's employer.

Clean texts: policy prose about the Kessa basin in which a parliament, a
development bank, a university, a mosque (a building), a foreign ministry,
the Red Crescent, a municipality or the convening centre itself *does*
something ("The National Assembly of Ostrel passed the water law", "The Kessa
Grand Mosque was restored after the flood", "The Centre for River Diplomacy
convened the meeting"). No person is meant; ``backchannel gate`` stops each
one, because fewer than three roster people hold that affiliation. The same
sentence about an organisation of three roster people ("The Ministry of Water
Resources of Varnia published a report") and the same sentence in French or
Spanish pass, so the alarm depends only on how many roster people work
there and on the language.

Promise broken: the brief of issue 14: the gate "must NOT alarm on clean
texts (policy prose ...)"; "at most one clean text flagged" in the held-out
corpus. Every public output of a process (a joint statement, a consultation
report) names these institutions; each such alarm teaches a facilitator to
override the gate, which is how real leaks get out. Severity: medium (a clean
output held back; the README's "an affiliation that points to a person" is
read too widely: an institution as the grammatical subject of an
institutional verb, or a building, does not point to a person).

Suggested fix direction: an affiliation alone is a finding only next to a
person word (a title, "a participant from", "someone at", a pronoun, a speech
verb: "the Ostrel Development Bank's man said"), not as the subject of an
institutional act (passed, financed, hosted, published, convened, was
restored), and never for a place of worship or a building.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

FALSE_ALARMS = {
    "parliament_passes_law": "The National Assembly of Ostrel passed the water law in March.",
    "bank_finances_dam": "The Ostrel Development Bank financed the new dam.",
    "university_hosts": "The University of Ostrel hosted the seminar on shared rivers.",
    "mosque_restored": "The Kessa Grand Mosque was restored after the flood.",
    "ministry_statement": (
        "The Ostrel Ministry of Foreign Affairs issued a statement on the treaty."
    ),
    "red_crescent_distributes": (
        "The Varnian Red Crescent distributed drinking water in the delta."
    ),
    "newspaper_reports": "Kessa Voice reported on the flood.",
    "municipality_repairs": "Tolvar Municipality repaired the pumping station.",
    "convening_centre": "The Centre for River Diplomacy convened the meeting.",
    "youth_council_clean_up": "The Varnian Youth Council organised a river clean-up.",
}

CLEAN_CONTROLS = [
    "The Ministry of Water Resources of Varnia published a report.",
    "The Kessa Basin Authority publishes flow data daily.",
    "Les travaux de l'Assemblée nationale d'Ostrel sur la loi de l'eau ont duré un an.",
    "La Asamblea Nacional de Ostrel aprobó la ley del agua.",
    "Национальное собрание Остреля приняло закон о воде.",
    "Tolvar is a town on the Kessa.",
]


@pytest.mark.parametrize("case", sorted(FALSE_ALARMS))
def test_an_institution_acting_is_clean(tmp_path: Path, case: str) -> None:
    code, out = gate_cli(tmp_path, FALSE_ALARMS[case])
    assert code == 0, f"{case}: {FALSE_ALARMS[case]!r} flagged: {out}"


@pytest.mark.parametrize("text", CLEAN_CONTROLS)
def test_the_same_kind_of_sentence_passes(tmp_path: Path, text: str) -> None:
    code, out = gate_cli(tmp_path, text)
    assert code == 0, out
