"""Adversary (round 5): the participant's surname after another form of the
participant's own given name.

Attack: a roster surname after the full form, the short form, a pet form or
another transliteration of the participant's given name: "Thomas Price" for
Tom Price, "Kate Vorontsova" for Yekaterina, "Mitya Sokolov" for Dmitri,
"Maryam Price" for Mariam, "Layla Stone" for Leila, "Luke Baker" for Lucas.
The gate's "someone else" rule reads any capitalised given name that is not
the roster's as another person ("Carlos Núñez", "Hassan Rouhani"), so the
variant un-flags a name: "Vorontsova said so" is caught, "Kate Vorontsova
said so" is clean. Every reader reads the participant.

Promise broken: README, "Identification gate": it "finds participants' names
(any case, without diacritics, ...), aliases"; "Name variants": spelling
variants "within a small Levenshtein distance" of a *surname* are caught,
but the given name before an exact surname is compared exactly. Issue 14:
"every leak must be caught with the right participant". Severity: high (the
participant's exact surname, with a given name every reader takes for theirs;
the cheapest disguise there is, and one a careless writer produces by
accident).

Suggested fix direction: before reading "Given Surname" as someone else,
compare the given name with the participant's given names and aliases by a
hypocorism table (Tom/Thomas, Kate/Yekaterina, Dan/Daniel, Mitya/Dmitri) and
the same small edit distance the surname variants use.

Controls: the roster's own given name and the roster's listed aliases before
the same surnames are caught; a different given name (a public figure) stays
clean in ``test_adv5_gate_false_alarm_public_figures.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

LEAKS = {
    # Full form of a short roster given name.
    "thomas_for_tom": ("Thomas Price said so.", "Tom Price"),
    "daniel_short_dan": ("Dan Park said so.", "Daniel Park"),
    "danny_for_daniel": ("Danny Park said so.", "Daniel Park"),
    # English equivalents and pet forms.
    "kate_for_yekaterina": ("Kate Vorontsova said so.", "Yekaterina Vorontsova"),
    "katie_for_yekaterina": ("Katie Vorontsova said so.", "Yekaterina Vorontsova"),
    "mitya_for_dmitri": ("Mitya Sokolov said so.", "Dmitri Sokolov"),
    "joe_for_jose": ("Joe Núñez said so.", "José Núñez"),
    "pepito_for_pepe": ("Pepito Núñez said so.", "José Núñez"),
    "sammy_for_sam": ("Sammy Rose said so.", "Samuel Rose"),
    "ollie_for_olly": ("Ollie Brook said so.", "Oliver Brook"),
    "luke_for_lucas": ("Luke Baker said so.", "Lucas Baker"),
    "marc_for_marcus": ("Marc Hunter said so.", "Marcus Hunter"),
    # Other transliterations of the same given name.
    "maryam_for_mariam": ("Maryam Price said so.", "Mariam Price"),
    "layla_for_leila": ("Layla Stone said so.", "Leila Stone"),
    "leyla_for_leila": ("Leyla Stone said so.", "Leila Stone"),
    "hanna_for_hana": ("Hanna Marsh said so.", "Hana Marsh"),
    "sophia_for_zofia": ("Sophia Dvořáková said so.", "Žofia Dvořáková"),
}

CONTROLS = {
    "tom_price": ("Tom Price said so.", "Tom Price"),
    "alias_tommy": ("Tommy Price said so.", "Tom Price"),
    "yekaterina": ("Yekaterina Vorontsova said so.", "Yekaterina Vorontsova"),
    "surname_alone": ("Vorontsova said so.", "Yekaterina Vorontsova"),
    "surname_alone_2": ("Sokolov said so.", "Dmitri Sokolov"),
    "dmitri_variant": ("Dmitriy Sokolov said so.", "Dmitri Sokolov"),
    "alias_pepe": ("Pepe said so.", "José Núñez"),
    "alias_sam_rose": ("Sam Rose said so.", "Samuel Rose"),
    "alias_olly": ("Olly Brook said so.", "Oliver Brook"),
    "mariam": ("Mariam Price said so.", "Mariam Price"),
    "zofia_without_diacritics": ("Sofia Dvorakova said so.", "Žofia Dvořáková"),
}


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_given_name_variant_is_the_participant(tmp_path: Path, case: str) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_the_roster_forms_are_caught(tmp_path: Path, case: str) -> None:
    text, who = CONTROLS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert who in out
