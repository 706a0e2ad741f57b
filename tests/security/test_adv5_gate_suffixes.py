"""Adversary (round 5): a participant's surname with a case ending or a
possessive suffix glued to it, as other languages write it.

Attack: the surname (or the whole name) of a roster participant followed by
the suffix its language requires. Turkish writes every case ending of a proper
noun after an apostrophe (``Vorontsova'nın önerisi``: "Vorontsova's
proposal"; ``Mehmet Yılmaz'ın``: the Mayor of Tolvar's own name in his own
language); German, Dutch and Swedish write the genitive with a bare "s"
(``Sokolovs Vorschlag``); Polish and Czech decline a man's surname
(``z Sokolovem``, ``Núñezem``, ``Yılmazowi``); Finnish and Hungarian glue
the case on (``Lindqvistin``, ``Vorontsovának``). Every reader of the
language reads the participant's name; ``backchannel gate`` reports it clean,
even the full name with a Turkish suffix.

Promise broken: README, "Identification gate": names "in any case, ...
possessive"; the gate "must NOT" let a name through because of "a possessive"
(the English ``Sokolov's`` is caught); the statement, translation and output
languages include Turkish, German, Polish (an output's language is any
language of the process). Severity: high for Turkish (the full name, in an
output or a translation written in Turkish), medium for the other languages
(the surname alone).

Controls: the English possessive, the Turkish case ending without an
apostrophe after the given name, the Swedish genitive of the same name and
the declined forms of a woman's Slavic surname are caught.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

LEAKS = {
    # Turkish: apostrophe, then the case ending (genitive, dative, ablative,
    # instrumental).
    "turkish_genitive_full_name": (
        "Mehmet Yılmaz'ın önerisi kabul edildi.",
        "Mehmet Yılmaz",
    ),
    "turkish_genitive_full_name_2": (
        "Ahmed Hassan'ın önerisi kabul edildi.",
        "Ahmed Hassan",
    ),
    "turkish_genitive_surname": (
        "Vorontsova'nın önerisi kabul edildi.",
        "Yekaterina Vorontsova",
    ),
    "turkish_dative": ("Dvořáková'ya teşekkür ettik.", "Žofia Dvořáková"),
    "turkish_ablative": ("Dvořáková'dan bir mektup aldık.", "Žofia Dvořáková"),
    "turkish_instrumental": ("Núñez'le görüştük.", "José Núñez"),
    "turkish_after_title": (
        "Büyükelçi Sokolov'un önerisi kabul edildi.",
        "Dmitri Sokolov",
    ),
    # Germanic genitive without an apostrophe.
    "german_genitive": ("Sokolovs Vorschlag wurde angenommen.", "Dmitri Sokolov"),
    "german_genitive_2": ("Lindqvists Vorschlag wurde angenommen.", "Ines Lindqvist"),
    "english_genitive_without_apostrophe": ("Sokolovs proposal", "Dmitri Sokolov"),
    # Slavic declension of a man's surname.
    "polish_genitive": ("Propozycja Sokolova została przyjęta.", "Dmitri Sokolov"),
    "polish_instrumental": ("Rozmawialiśmy z Sokolovem.", "Dmitri Sokolov"),
    "polish_instrumental_2": ("Rozmawialiśmy z Núñezem.", "José Núñez"),
    "polish_dative_full_name": (
        "Podziękowaliśmy Mehmetowi Yılmazowi.",
        "Mehmet Yılmaz",
    ),
    # Finnish and Hungarian case endings.
    "finnish_genitive": ("Lindqvistin ehdotus hyväksyttiin.", "Ines Lindqvist"),
    "hungarian_dative": (
        "Vorontsovának javaslata elfogadták.",
        "Yekaterina Vorontsova",
    ),
}

CONTROLS = {
    "english_possessive": ("Sokolov's proposal", "Dmitri Sokolov"),
    "turkish_without_apostrophe": ("Mehmet Yılmaz ile görüştük.", "Mehmet Yılmaz"),
    "turkish_dative_full_name": (
        "Belediye Başkanı Mehmet Yılmaz'a teşekkür ettik.",
        "Mehmet Yılmaz",
    ),
    "swedish_genitive": ("Lindqvists förslag antogs.", "Ines Lindqvist"),
    "czech_feminine_instrumental": ("Mluvili jsme s Dvořákovou.", "Žofia Dvořáková"),
    "finnish_genitive_feminine": (
        "Vorontsovan ehdotus hyväksyttiin.",
        "Yekaterina Vorontsova",
    ),
}


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_suffixed_surname_is_caught(tmp_path: Path, case: str) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_the_plain_forms_are_caught(tmp_path: Path, case: str) -> None:
    text, who = CONTROLS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert who in out
