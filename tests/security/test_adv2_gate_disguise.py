"""Adversary (round 2): disguises the identification gate still lets through.

README, "Identification gate": it "finds participants' names (..., possessive,
initials), aliases, emails, phones, handles, titles and affiliations, and
descriptions that fit fewer than three people (also reworded: "Belmark's
fisheries policy director" for "Director, Fisheries Policy" ...)", and checks
"the text as a reader sees it": invisible characters removed, names run
together split, spaced letters joined, digits for letters.

Each text below is read by any reader as one roster person (the gate's own
fixture roster, ``tests/data/gate/roster.csv``), none of them is in the
README's "out of reach" list, and ``backchannel gate`` reports it clean
(exit 0). The output-export exit (the workspace's registry) is shown for the
same classes with a person of the test world.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.participants.services import person_create, seat_create
from tests.security.gate_cli import gate_cli
from tests.transfer.test_exits import api_export
from tests.world import World

# Each: the text, and who a reader recognises in it.
LEAKS = {
    # Unicode Default_Ignorable_Code_Point letters (category Lo, not Cf): a
    # renderer draws nothing for them, so the reader sees "Vorontsova".
    "hangul_filler_in_name": (
        "Yekaterina Voron\u3164tsova proposed the gauge station.",
        "Yekaterina Vorontsova",
    ),
    "halfwidth_hangul_filler_in_name": (
        "Dr Voron\uffa0tsova proposed the gauge station.",
        "Yekaterina Vorontsova",
    ),
    "hangul_choseong_filler_in_name": (
        "Dr Voron\u115ftsova proposed the gauge station.",
        "Yekaterina Vorontsova",
    ),
    # Names run together (README: "SabinaOrlet" is split) behind a hashtag.
    "camel_case_hashtag": (
        "Thanks to #YekaterinaVorontsova for the gauge station.",
        "Yekaterina Vorontsova",
    ),
    "camel_case_hashtag_alone": ("#ZofiaDvorakova", "Žofia Dvořáková"),
    # A phone number of the roster written in Arabic-Indic / Persian digits:
    # an Arabic or Persian reader reads the very number.
    "phone_arabic_indic_digits": (
        "For the cooperative call +\u0662\u0663\u0663 \u0662\u0664 "
        "\u0665\u0665\u0665 \u0660\u0661\u0669\u0669 any evening.",
        "Kwame Mensah-Boateng",
    ),
    "phone_persian_digits": (
        "Her line: +\u06f4\u06f2\u06f0 \u06f6\u06f0\u06f1 \u06f2\u06f3\u06f4 "
        "\u06f5\u06f6\u06f7.",
        "Žofia Dvořáková",
    ),
    # A phone with letter O for zero (digits for letters, the other way).
    "phone_letter_o_for_zero": (
        "For the cooperative call +233 24 555 O199.",
        "Kwame Mensah-Boateng",
    ),
    # Spaced letters: "S a b i n a", "S.a.b.i.n.a", "V-o-r…", "V/o/r…" are
    # joined; an en dash, an em dash or a colon between the letters is not.
    "spaced_letters_en_dash": (
        "V\u2013o\u2013r\u2013o\u2013n\u2013t\u2013s\u2013o\u2013v\u2013a proposed it.",
        "Yekaterina Vorontsova",
    ),
    "spaced_letters_colon": (
        "V:o:r:o:n:t:s:o:v:a proposed it.",
        "Yekaterina Vorontsova",
    ),
    # Symbols for letters ("$" and "!" are read; "@" for "a" is not).
    "at_sign_for_a": ("Dvor@kov@ proposed it.", "Žofia Dvořáková"),
    # An honorific of the other gender hides a distinctive surname.
    "wrong_honorific_surname": ("Mr Haddad said so.", "Nadia Haddad"),
    "wrong_honorific_surname_2": (
        "Mrs Hashimi said so.",
        "Abdulrahman al-Hashimi",
    ),
    # A reworded title in the possessive: the README's own example class
    # ("Belmark's fisheries policy director"). "The mayor of Tolvar" is caught.
    "possessive_reworded_title": ("Tolvar's mayor said so.", "Mehmet Yılmaz"),
    "attributive_reworded_title": ("The Tolvar mayor said so.", "Mehmet Yılmaz"),
}


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_backchannel_gate_stops_a_disguised_participant(
    tmp_path: Path, case: str
) -> None:
    text, who = LEAKS[case]
    code, _out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"


# The same classes through a workspace exit: the DOCX export of an output
# (GET /api/outputs/<id>/export), against the organisation's registry.
EXPORT_LEAKS = {
    "hangul_filler": "Zofia Dvo\u3164\u0159\u00e1kov\u00e1 proposed the gauge station.",
    "wrong_honorific": "Mr Dvo\u0159\u00e1kov\u00e1 proposed the gauge station.",
    "camel_case_hashtag": "Thanks #ZofiaDvorakova for the gauge station.",
    "phone_arabic_indic": (
        "Ring +\u0664\u0662\u0660 \u0666\u0660\u0661 \u0662\u0663\u0664 "
        "\u0665\u0666\u0667 for the gauge station."
    ),
}


@pytest.mark.parametrize("case", sorted(EXPORT_LEAKS))
def test_output_export_stops_a_disguised_participant(
    world: World, tmp_path: Path, case: str
) -> None:
    north = world.process.sides.order_by("position")[0]
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Zofia Dvořáková",
        gender="woman",
        capacity="expert",
        level="broader",
        contact={"phones": ["+420 601 234 567"]},
    )
    seat_create(access=world.access(), person=person, role="participant", side=north)
    outcome = api_export(world, EXPORT_LEAKS[case], tmp_path)
    assert not outcome.passed, f"{case} left through the export"


def test_the_plain_spellings_are_caught(world: World, tmp_path: Path) -> None:
    """Control: the same texts undisguised are stopped (the tests above can fail
    only on the disguise)."""
    code, _ = gate_cli(tmp_path, "Ms Vorontsova and the mayor of Tolvar said so.")
    assert code == 1
    code, _ = gate_cli(tmp_path, "Call +233 24 555 0199, ask for Nadia Haddad.")
    assert code == 1
