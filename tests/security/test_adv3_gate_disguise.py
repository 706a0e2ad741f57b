"""Adversary (round 3): disguises the identification gate still lets through.

README, "Identification gate" and "What the gate reads": the gate checks the
text "as a reader sees it" (markup dropped, a Markdown link glued to a word
read as its text, images shown as their description; look-alike letters;
digits for letters and "letters for digits inside a phone number"; contacts
written out), and matches "reworded" titles; issue 14 asks for "common
abbreviations and synonyms".

Round 2's fixes hold for the exact classes they named (Hangul fillers and
other default-ignorables, #CamelCase, O/I/l in a phone, en dash / colon
spacing, @ for a, honorifics of either gender, possessive titles: a few
dozen variants of each were tried and caught, see the report). Each text
below is a *variant of the same classes*, read by any reader as one person of
the gate's fixture roster (``tests/data/gate/roster.csv``), not in the
README's "out of reach" list, and ``backchannel gate`` reports it clean.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.participants.services import person_create, seat_create
from tests.security.gate_cli import gate_cli
from tests.transfer.test_exits import api_export
from tests.world import World

LEAKS = {
    # Markup (README step 1): "images shown as their description", so the
    # reader of the rendered output sees "Vorontsova" (the glued link form
    # `Voron[tsova](https://x.org)` is caught; the image form is not).
    "markdown_image_glued": (
        "Voron![tsova](x.png) proposed it.",
        "Yekaterina Vorontsova",
    ),
    # Letter symbols NFKC does not fold (circled Ⓥⓞⓡ… is caught; the
    # negative circled and negative squared letters read just the same).
    "negative_circled_letters": (
        "\U0001f165\U0001f15e\U0001f161\U0001f15e\U0001f15d\U0001f163"
        "\U0001f162\U0001f15e\U0001f165\U0001f150 proposed it.",
        "Yekaterina Vorontsova",
    ),
    "negative_squared_letters": (
        "\U0001f185\U0001f17e\U0001f181\U0001f17e\U0001f17d\U0001f183"
        "\U0001f182\U0001f17e\U0001f185\U0001f170 proposed it.",
        "Yekaterina Vorontsova",
    ),
    # Look-alike letter *sequences* (TR39 lists "rn" for "m"): in most fonts
    # "Mehrnet Yilrnaz" is read as "Mehmet Yilmaz".
    "rn_for_m": ("Mehrnet Yilrnaz said so.", "Mehmet Yılmaz"),
    # Leetspeak with two symbols for one letter ("\/" for V).
    "backslash_slash_for_v": ("\\/0r0nts0va proposed it.", "Yekaterina Vorontsova"),
    # Letters for digits inside a phone: O/I/l are read, S for 5 and B for 8
    # are not (the same class).
    "phone_S_for_5": (
        "For the cooperative call +233 24 SSS 0199 any evening.",
        "Kwame Mensah-Boateng",
    ),
    "phone_B_for_8": ("Her line: +7 912 345 67 B9.", "Yekaterina Vorontsova"),
    # A contact spelled out (emails "at … dot" are read; a phone in words is
    # not).
    "phone_in_words": (
        "Call plus two three three, two four, five five five, zero one nine nine.",
        "Kwame Mensah-Boateng",
    ),
    # Reworded titles (issue 14: "common abbreviations and synonyms"):
    # "Ostrel's ambassador" and "the Ministry of Water Resources deputy
    # minister" are caught; an envoy and the ministry's initials are not.
    "title_synonym_envoy": ("Ostrel's envoy to Varnia said so.", "Dmitri Sokolov"),
    "affiliation_initials": (
        "The MWR deputy minister said so.",
        "Abdulrahman al-Hashimi",
    ),
    # A title translated (outputs and translations exist in French and
    # German; "the mayor of Tolvar" is caught in English only).
    "title_in_french": ("Le maire de Tolvar a dit.", "Mehmet Yılmaz"),
    "title_in_german": ("Der Bürgermeister von Tolvar sagte es.", "Mehmet Yılmaz"),
}


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_backchannel_gate_stops_a_disguised_participant(
    tmp_path: Path, case: str
) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


CONTROLS = [
    "Voron[tsova](https://x.org) proposed it.",
    "\u24cb\u24de\u24e1\u24de\u24dd\u24e3\u24e2\u24de\u24e5\u24d0 proposed it.",
    "Mehmet Yilmaz said so.",
    "V0r0nts0va proposed it.",
    "For the cooperative call +233 24 555 O199 any evening.",
    "Her line: +7 912 345 67 89.",
    "Ostrel's ambassador to Varnia said so.",
    "The Ministry of Water Resources deputy minister said so.",
    "The mayor of Tolvar said so.",
]


@pytest.mark.parametrize("text", CONTROLS)
def test_the_undisguised_forms_are_caught(tmp_path: Path, text: str) -> None:
    """Control: the plainer form of each class is stopped, so the tests
    above fail only on the disguise."""
    assert gate_cli(tmp_path, text)[0] == 1


EXPORT_LEAKS = {
    "markdown_image_glued": "Dvo![řáková](x.png) proposed the gauge station.",
    "negative_squared_letters": (
        "\U0001f173\U0001f185\U0001f17e\U0001f181\U0001f170\U0001f17a"
        "\U0001f17e\U0001f185\U0001f170 proposed the gauge station."
    ),
    "phone_S_for_5": "Ring +420 60l 234 S67 for the gauge station.",
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
