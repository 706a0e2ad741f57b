"""Adversary (round 4): disguises the identification gate still lets through,
and clean texts in other languages it stops.

README, "What the gate reads": the gate checks a text "as a reader reads it":
"a Markdown link glued to a word reads as its text"; "combining marks stacked
on Latin letters" are removed and look-alike letters read "from Unicode TR39's
confusables table"; "link URLs, slugs and attributes stay text and are
checked"; "any honorific before a roster surname marks a person"; near
spellings of a surname (transliteration variants) are caught; and "a title's
words in any order ... are a description when they fit fewer than three
people". Issue 14 asks for "common abbreviations and synonyms" and for "at
most one clean text flagged" on near-misses in several scripts and languages.

Rounds 1-3 covered the classes they name (see test_adv*_gate_disguise.py and
tests/gate/): about 150 further variants of those classes were tried in this
round and caught (see the report). Each text in ``LEAKS`` below is read by any
reader as one person of the gate's fixture roster
(``tests/data/gate/roster.csv``), is not in the README's "out of reach" list,
and ``backchannel gate`` reports it clean. Severity: high (a named participant
leaves the workspace in a released output) for the markup, letter and contact
classes; medium for the name-variant and description classes (a reader who
knows the dialogue recognises the person at once).

Each text in ``FALSE_ALARMS`` is a clean sentence (German, Turkish, English
about public figures) that names nobody of the roster, and the gate stops it.
Severity: low (an output is held back; a facilitator learns to override the
gate, which is how real leaks get through).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli, seat_zofia
from tests.transfer.test_exits import api_export, cli_export, cli_translation_export
from tests.world import World

# Each: the text, and who a reader recognises in it.
LEAKS = {
    # Markup (README step 1): the inline link glued to a word is read as its
    # text (`Voron[tsova](https://x.org)` is caught); a *reference* link,
    # full, collapsed or shortcut, renders just the same "Vorontsova".
    "reference_link_full": (
        "[Voron][1]tsova proposed it.\n\n[1]: https://x.org",
        "Yekaterina Vorontsova",
    ),
    "reference_link_collapsed": (
        "[Voron][]tsova proposed it.\n\n[Voron]: https://x.org",
        "Yekaterina Vorontsova",
    ),
    "reference_link_shortcut": (
        "[Dvo]řáková proposed it.\n\n[Dvo]: https://x.org",
        "Žofia Dvořáková",
    ),
    # Markup whose content no renderer shows (README step 1: "Markdown and
    # HTML that splits a word is dropped", `Sa<b></b>bina`, `Sa<!-- -->bina`
    # are caught): a script, a style sheet, a template, a processing
    # instruction (a bogus comment in HTML), an empty image or link.
    "script_inside_name": (
        "Voron<script>x</script>tsova proposed it.",
        "Yekaterina Vorontsova",
    ),
    "style_inside_name": (
        "Voron<style>p{}</style>tsova proposed it.",
        "Yekaterina Vorontsova",
    ),
    "template_inside_name": (
        "Voron<template>x</template>tsova proposed it.",
        "Yekaterina Vorontsova",
    ),
    "processing_instruction_inside_name": (
        "Voron<?x?>tsova proposed it.",
        "Yekaterina Vorontsova",
    ),
    "empty_markdown_image_inside_name": (
        "Voron![](x.png)tsova proposed it.",
        "Yekaterina Vorontsova",
    ),
    "empty_markdown_link_inside_name": (
        "Voron[](https://x.org)tsova proposed it.",
        "Yekaterina Vorontsova",
    ),
    # Latin letters with a stroke or a hook: they have no decomposition (so
    # NFKD and the combining-mark step miss them) and no confusables entry,
    # yet a reader sees "Vorontsova" (`Vørøntsøva` with o-slash is caught).
    "r_with_stroke": ("Vo\u024dontsova proposed it.", "Yekaterina Vorontsova"),
    "t_with_diagonal_stroke": ("\u023eorontsova proposed it.", "Yekaterina Vorontsova"),
    "t_with_stroke": ("Voront\u0167ova proposed it.", "Yekaterina Vorontsova"),
    "k_with_hook": ("Dvo\u0159\u00e1\u0199ov\u00e1 proposed it.", "Žofia Dvořáková"),
    "s_with_hook": ("Voront\u0282ova proposed it.", "Yekaterina Vorontsova"),
    # A roster phone inside a messaging link (README: "link URLs ... stay
    # text and are checked"; the same number in running text, with or
    # without "+", is caught).
    "phone_in_whatsapp_link": (
        "Message wa.me/79123456789 tonight.",
        "Yekaterina Vorontsova",
    ),
    "phone_in_https_whatsapp_link": (
        "Message https://wa.me/41227301120 tonight.",
        "Anna-Lena Meyer-Holt",
    ),
    "phone_in_telegram_link": (
        "Message https://t.me/+79123456789 tonight.",
        "Yekaterina Vorontsova",
    ),
    "phone_in_signal_link": (
        "Message signal.me/#p/+79123456789 tonight.",
        "Yekaterina Vorontsova",
    ),
    # One half of a double-barrelled surname, after an honorific or the
    # person's own given name ("Ms Meyer-Holt" is caught).
    "honorific_first_half_of_double_surname": (
        "Mr Mensah said so.",
        "Kwame Mensah-Boateng",
    ),
    "given_name_and_first_half_of_double_surname": (
        "Kwame Mensah said so.",
        "Kwame Mensah-Boateng",
    ),
    "honorific_second_half_of_double_surname": (
        "Ms Holt said so.",
        "Anna-Lena Meyer-Holt",
    ),
    # The other grammatical gender of a Slavic surname, the form an English
    # text often uses ("Vorontsova", "Dvořáková" are caught).
    "masculine_form_with_given_name": (
        "Yekaterina Vorontsov said so.",
        "Yekaterina Vorontsova",
    ),
    "masculine_form_with_honorific": ("Ms Dvořák said so.", "Žofia Dvořáková"),
    # Near spellings (transliteration variants) after an honorific or the
    # person's given name: "Ms Lindkvist" is caught, these are not.
    "given_name_and_swedish_variant": ("Ines Lindquist said so.", "Ines Lindqvist"),
    "honorific_and_off_transliteration": (
        "Ambassador Sokoloff said so.",
        "Dmitri Sokolov",
    ),
    "given_name_and_off_transliteration": (
        "Dmitri Sokoloff said so.",
        "Dmitri Sokolov",
    ),
    "given_name_and_one_l": ("Siobhan O'Connel said so.", "Siobhán O'Connell"),
    "french_transliteration": (
        "Abdulrahman el-Hachimi said so.",
        "Abdulrahman al-Hashimi",
    ),
    # A roster handle built from a name is caught as a handle (`@zdvorakova`)
    # and a name slug in a URL is caught (`linkedin.com/in/zofia-dvorakova`);
    # the handle form as a profile URL's slug is not.
    "initial_surname_profile_slug": (
        "See linkedin.com/in/zdvorakova today.",
        "Žofia Dvořáková",
    ),
    # A one-word title that fits one person of the roster, with the definite
    # article (README: a title is a description "when [it fits] fewer than
    # three people"; "the sole imam" is caught). The engine's docstring
    # decides that a one-word title identifies nobody on its own: for a
    # profession held by one person in the room, every reader knows who.
    "the_imam": ("The imam said so.", "Ahmed Hassan"),
    "the_colonel": ("The colonel said so.", "Marcus Hunter"),
    "the_agronomist": ("The agronomist said so.", "Kwame Mensah-Boateng"),
    # Descriptions (issue 14: "common abbreviations and synonyms"): "MP",
    # "parliament" for "Member of the National Assembly of Ostrel" (2 people;
    # with "female", 1). "A woman member of the National Assembly of Ostrel"
    # is caught.
    "mp_abbreviation": ("The Ostrel MP said so.", "Yekaterina Vorontsova"),
    "female_mp": ("Ostrel's female MP said so.", "Yekaterina Vorontsova"),
    "parliament_synonym": (
        "The female member of Ostrel's parliament said so.",
        "Yekaterina Vorontsova",
    ),
    "parliamentarian_synonym": (
        "The female Ostrel parliamentarian said so.",
        "Yekaterina Vorontsova",
    ),
}

# The plain form of each class above, caught today: the leak tests fail only
# on the disguise.
CONTROLS = [
    "Voron[tsova](https://x.org) proposed it.",
    "Voron<b></b>tsova proposed it.",
    "Voron<!-- x -->tsova proposed it.",
    'Voron<img src="x.png">tsova proposed it.',
    "Vørøntsøva proposed it.",
    "Vorontsova proposed it.",
    "Dvořáková proposed it.",
    "Message +79123456789 tonight.",
    "Message 79123456789 tonight.",
    "Message +41 22 730 11 20 tonight.",
    "Mr Mensah-Boateng said so.",
    "Ms Meyer-Holt said so.",
    "Ms Lindkvist said so.",
    "Dmitri Sokolov said so.",
    "Siobhan O'Connell said so.",
    "Mr. Elhashimi said so.",
    "A woman member of the National Assembly of Ostrel said so.",
    "Follow @zdvorakova today.",
    "See linkedin.com/in/zofia-dvorakova-123 today.",
    "The sole imam said so.",
]

FALSE_ALARMS = {
    # German capitalises every noun: "Park" mid-sentence is the park.
    "german_noun_park": "Wir trafen uns im Park am Fluss.",
    "german_noun_park_2": "Im Stadtpark und im Park am See wurde gefeiert.",
    "german_noun_park_3": (
        "Die Delegation besuchte den Nationalpark und sprach mit Förstern über "
        "den Park."
    ),
    "german_compound_mills": "Er sagte, das Mills-Verfahren sei alt.",
    # Turkish: "yılmaz" is an adjective ("undaunted"), lower case.
    "turkish_adjective_yilmaz": "O, yılmaz bir savaşçıdır.",
    "turkish_adjective_yilmaz_2": "Su yönetimi konusunda yılmaz bir irade gösterdiler.",
    # Public figures whose *given* name is a roster surname.
    "given_name_yilmaz": "The films of Yılmaz Güney were banned.",
    "given_name_hassan": "Hassan Rouhani spoke at the UN.",
    # A Korean name, surname first, after a title.
    "korean_surname_first": "President Park Chung-hee ruled until 1979.",
}

# Near-misses of the same kinds the gate lets through today (the false-alarm
# tests above fail only on their own texts).
CLEAN_CONTROLS = [
    "Der Park war geschlossen.",
    "Park Geun-hye was impeached in 2017.",
    "Mesut Yılmaz was prime minister of Turkey.",
    "Ahmed Zewail won the Nobel prize.",
    "Студенты из Остреля обсуждали воду.",
    "التقى الوفد في الحديقة قرب النهر وناقشوا حصص المياه.",
    "会议在河边的公园举行，双方讨论了水资源分配。",
    "Le long du fleuve, les villages sont pauvres.",
]


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_backchannel_gate_stops_a_disguised_participant(
    tmp_path: Path, case: str
) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


@pytest.mark.parametrize("text", CONTROLS)
def test_the_undisguised_forms_are_caught(tmp_path: Path, text: str) -> None:
    assert gate_cli(tmp_path, text)[0] == 1, text


@pytest.mark.parametrize("case", sorted(FALSE_ALARMS))
def test_backchannel_gate_lets_a_clean_near_miss_through(
    tmp_path: Path, case: str
) -> None:
    code, out = gate_cli(tmp_path, FALSE_ALARMS[case])
    assert code == 0, f"{case}: {FALSE_ALARMS[case]!r} flagged: {out}"


@pytest.mark.parametrize("text", CLEAN_CONTROLS)
def test_clean_near_misses_of_the_same_kinds_pass(tmp_path: Path, text: str) -> None:
    code, out = gate_cli(tmp_path, text)
    assert code == 0, out


# The same classes through the workspace's exits, against the organisation's
# registry: an output's DOCX export on the API, its PDF export on the CLI, and
# a translation's export on the CLI.
EXIT_LEAKS = {
    "reference_link": (
        "[Dvo][z]řáková proposed the gauge station.\n\n[z]: https://x.org"
    ),
    "k_with_hook": "Dvo\u0159\u00e1\u0199ov\u00e1 proposed the gauge station.",
    "phone_in_whatsapp_link": "Message wa.me/420601234567 about the gauge station.",
    "masculine_form_with_honorific": "Ms Dvořák proposed the gauge station.",
}
EXIT_CONTROLS = {
    "reference_link": "Dvořáková proposed the gauge station.",
    "k_with_hook": "Dvořáková proposed the gauge station.",
    "phone_in_whatsapp_link": "Message +420 601 234 567 about the gauge station.",
    "masculine_form_with_honorific": "Ms Dvořáková proposed the gauge station.",
}
EXITS = {
    "api export": api_export,
    "cli export": cli_export,
    "cli translation export": cli_translation_export,
}


@pytest.mark.parametrize("exit_", sorted(EXITS))
@pytest.mark.parametrize("case", sorted(EXIT_LEAKS))
def test_an_exit_stops_a_disguised_participant(
    world: World, tmp_path: Path, case: str, exit_: str
) -> None:
    seat_zofia(world)
    outcome = EXITS[exit_](world, EXIT_LEAKS[case], tmp_path)
    assert not outcome.passed, f"{case} left through the {exit_}"


@pytest.mark.parametrize("exit_", sorted(EXITS))
@pytest.mark.parametrize("case", sorted(EXIT_CONTROLS))
def test_an_exit_stops_the_plain_form(
    world: World, tmp_path: Path, case: str, exit_: str
) -> None:
    seat_zofia(world)
    outcome = EXITS[exit_](world, EXIT_CONTROLS[case], tmp_path)
    assert not outcome.passed, f"{case} (plain) left through the {exit_}"
