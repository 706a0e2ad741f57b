"""Names, aliases, surnames and initials: one rule per test."""

from __future__ import annotations

import pytest

from backchannel.gate import Gate, Participant, build_gate, gate_check
from tests.transfer.helpers import found, who

pytestmark = pytest.mark.no_db_difference

ZD = "Žofia Dvořáková"
JN = "José Núñez"
AL = "Anna-Lena Meyer-Holt"
AH = "Abdulrahman al-Hashimi"
YV = "Yekaterina Vorontsova"
TP = "Tom Price"
MR = "Mariam Price"
GY = "Grace Young"


@pytest.mark.parametrize(
    "text",
    [
        "We met Žofia Dvořáková.",
        "we met žofia dvořáková.",
        "WE MET ŽOFIA DVOŘÁKOVÁ.",
        "We met Zofia Dvorakova.",
        "We met zofia DVORAKOVA.",
    ],
)
def test_a_full_name_is_found_in_any_case_with_or_without_diacritics(
    gate: Gate, text: str
) -> None:
    assert who(gate, text) == {(ZD, "name")}


def test_the_span_points_at_the_name_as_written(gate: Gate) -> None:
    text = "Notes: ŽOFIA DVOŘÁKOVÁ spoke."
    [finding] = gate.check(text).findings
    assert text[finding.start : finding.end] == "ŽOFIA DVOŘÁKOVÁ"
    assert finding.text == "ŽOFIA DVOŘÁKOVÁ"
    assert finding.term == "zofia dvorakova"


def test_decomposed_diacritics_are_matched_and_the_span_takes_the_marks_along(
    gate: Gate,
) -> None:
    text = "We met Nu\u0301n\u0303ez today."  # combining acute and tilde
    [finding] = gate.check(text).findings
    assert finding.participant == JN
    assert finding.text == "Nu\u0301n\u0303ez"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Anna-Lena Meyer-Holt chaired.", "Anna-Lena Meyer-Holt"),
        ("Anna Lena Meyer Holt chaired.", "Anna Lena Meyer Holt"),
        ("Meyerholt chaired.", "Meyerholt"),
        ("Anna‑Lena Meyer‑Holt chaired.", "Anna‑Lena Meyer‑Holt"),  # U+2011
    ],
)
def test_hyphenated_names_match_hyphenated_spaced_or_joined(
    gate: Gate, text: str, span: str
) -> None:
    assert found(gate, text) == {(AL, "name", span)}


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("a note from Žofia\nDvořáková about gauges", "Žofia\nDvořáková"),
        ("presented by Dvořá-\nková, who warned", "Dvořá-\nková"),
        ("closing words from Mey-\ner-Holt, who thanked", "Mey-\ner-Holt"),
        ("thanks to Meyer-\n   Holt for the notes", "Meyer-\n   Holt"),
        ("presented by Dvořá\u00adková", "Dvořá\u00adková"),  # soft hyphen
    ],
)
def test_names_split_across_a_line_break_are_found(
    gate: Gate, text: str, span: str
) -> None:
    findings = gate.check(text).findings
    assert [f.text for f in findings] == [span]


def test_a_hyphen_before_a_line_break_between_words_does_not_glue_them(
    gate: Gate,
) -> None:
    # "price-\nless" is joined, "Price -\nless" (a dash) is not
    assert gate.check("The data are price-\nless.").clean


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Núñez's proposal", "Núñez"),
        ("Núñez’s proposal", "Núñez"),
        ("Dvořáková' notes", "Dvořáková"),
        ("Lindqvist’ clinic", "Lindqvist"),
    ],
)
def test_possessives_are_found_and_the_span_stops_before_the_s(
    gate: Gate, text: str, span: str
) -> None:
    assert [f.text for f in gate.check(text).findings] == [span]


@pytest.mark.parametrize(
    ("text", "participant", "span"),
    [
        ("J. Núñez circulated a draft.", JN, "J. Núñez"),
        ("J Nunez circulated a draft.", JN, "J Nunez"),
        ("A.-L. Meyer-Holt proposed a break.", AL, "A.-L. Meyer-Holt"),
        ("A. L. Meyer-Holt proposed a break.", AL, "A. L. Meyer-Holt"),
        ("Y. Vorontsova was noted.", YV, "Y. Vorontsova"),
        ("Prepared by T. Price.", TP, "T. Price"),
    ],
)
def test_initials_with_a_surname_are_found(
    gate: Gate, text: str, participant: str, span: str
) -> None:
    assert found(gate, text) == {(participant, "name", span)}


def test_an_initial_before_an_ordinary_word_surname_needs_a_capital_and_a_stop(
    gate: Gate,
) -> None:
    assert gate.check("Water has a price, and a price was set.").clean
    assert gate.check("T price was discussed").clean


def test_surname_comma_given_name_is_found(gate: Gate) -> None:
    assert found(gate, "Participants: Núñez, José; Lindqvist, Ines.") == {
        (JN, "name", "Núñez, José"),
        ("Ines Lindqvist", "name", "Lindqvist, Ines"),
    }


@pytest.mark.parametrize(
    ("text", "participant", "span"),
    [
        ("Pepe made the joke again.", JN, "Pepe"),
        ("Katya reminded everyone.", YV, "Katya"),
        ("Abu Faisal spoke first.", AH, "Abu Faisal"),
        ("Abdul Rahman Hashemi welcomed it.", AH, "Abdul Rahman Hashemi"),
        ("Pepe Núñez was late.", JN, "Pepe Núñez"),
        ("Ms Hadad described the clinic.", "Nadia Haddad", "Hadad"),
    ],
)
def test_aliases_and_nicknames_are_found_as_aliases(
    gate: Gate, text: str, participant: str, span: str
) -> None:
    assert found(gate, text) == {(participant, "alias", span)}


def test_a_kunya_alias_counts_only_whole(gate: Gate) -> None:
    # "Abu Faisal" is an alias; "Faisal" alone is anyone's given name
    assert gate.check("Faisal Rahman, a public figure, spoke on television.").clean


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Ambassador Dmitrii Sokolow joined later.", "Dmitrii Sokolow"),
        ("The minutes record that Dvorakowa left.", "Dvorakowa"),
    ],
)
def test_near_spellings_of_a_capitalised_surname_are_found(
    gate: Gate, text: str, span: str
) -> None:
    assert [f.text for f in gate.check(text).findings] == [span]


def test_a_near_spelling_in_lower_case_is_not_enough(gate: Gate) -> None:
    assert gate.check("the minutes say dvorakowa left").clean


def test_a_gendered_form_of_a_surname_is_another_person(gate: Gate) -> None:
    assert gate.check("The composer Pavel Vorontsov wrote a symphony.").clean


@pytest.mark.parametrize(
    ("text", "participant", "span"),
    [
        ("Lindqvist disagreed.", "Ines Lindqvist", "Lindqvist"),
        (
            "According to Mensah-Boateng, yields fell.",
            "Kwame Mensah-Boateng",
            "Mensah-Boateng",
        ),
        ("Al-Hashimi left early.", AH, "Al-Hashimi"),
        ("Minister Hashimi agreed.", AH, "Hashimi"),
        ("Herr Muller objected.", "Jürgen Müller", "Muller"),
        ("Juergen Mueller presented.", "Jürgen Müller", "Juergen Mueller"),
        ("Mayor Yilmaz hosted the dinner.", "Mehmet Yılmaz", "Yilmaz"),
        ("O'Connell proposed a recess.", "Siobhán O'Connell", "O'Connell"),
        ("Siobhan OConnell drafted it.", "Siobhán O'Connell", "Siobhan OConnell"),
        (
            "minutes: mensah-boateng to circulate",
            "Kwame Mensah-Boateng",
            "mensah-boateng",
        ),
    ],
)
def test_a_distinctive_surname_alone_is_found_in_any_case(
    gate: Gate, text: str, participant: str, span: str
) -> None:
    assert found(gate, text) == {(participant, "name", span)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ms Young raised the question.", {(GY, "name")}),
        ("Mr Price and Ms Young left.", {(TP, "name"), (GY, "name")}),
        ("Young's objection was minuted.", {(GY, "name")}),
        ("We heard from Price, who spoke.", {(TP, "name"), (MR, "name")}),
        (
            "Park said the bank would not lend.",
            {("Daniel Park", "name"), ("Mina Park", "name")},
        ),
        # "the editor": the one Editor of the roster, a title finding too
        (
            "Ms. Park, the editor, left.",
            {("Mina Park", "name"), ("Mina Park", "title")},
        ),
        ("Dr Stone presented the options.", {("Leila Stone", "name")}),
        (
            "The floor went to Mills, then to Brook.",
            {("Helen Mills", "name"), ("Oliver Brook", "name")},
        ),
        (
            "Rose, Field and Stone asked for time.",
            {("Samuel Rose", "name"), ("Ruth Field", "name"), ("Leila Stone", "name")},
        ),
        ("Hunter, who chaired the panel, disagreed.", {("Marcus Hunter", "name")}),
        ("mr price came late.", {(TP, "name")}),
    ],
)
def test_an_ordinary_word_surname_is_found_when_the_context_points_at_a_person(
    gate: Gate, text: str, expected: set[tuple[str, str]]
) -> None:
    assert who(gate, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose sharply after the drought.",
        "Young people from both banks joined the clean-up.",
        "The park along the river was flooded.",
        "A rose garden was planted near the dam.",
        "The textile mills downstream use most of the water.",
        "The brook dries up every August.",
        "Stone walls protect the old town.",
        "Hunter-gatherers lived along the river.",
        "The field trip was cancelled.",
        "It was a long meeting.",
        "The Consumer Price Index rose by 4 percent.",
        "Park rangers reported poaching.",
        "Stone Age tools were found.",
        "Prices Rise as Young Farmers Leave the Valley",
        "We walked to the Kessa Park after dinner.",
        "The consulate moved to Baker Street.",
        "They stayed in Rose Hill, a village.",
        "Young and old alike came to the river.",
        "Lobbyists on Capitol Hill followed the talks.",
        "PRICES ROSE AND YOUNG PEOPLE LEFT",
        "the minister best placed to answer was absent",
    ],
)
def test_ordinary_words_that_are_surnames_are_not_flagged(
    gate: Gate, text: str
) -> None:
    assert gate.check(text).clean, gate.check(text).findings


@pytest.mark.parametrize(
    "text",
    [
        "President Carlos Núñez of Tarvonia addressed the summit.",
        "The novelist Emily Price has written about the river.",
        "Kim Park won the regional chess title.",
        "Footballer Rui Nunes scored twice.",
        "UN Special Envoy Lars Eriksen met both delegations.",
        "A boulevard named after King Hassan II leads to the port.",
        "Ambassador Ruth Okafor of Tarvonia sent a message.",
    ],
)
def test_public_figures_outside_the_roster_are_not_flagged(
    gate: Gate, text: str
) -> None:
    assert gate.check(text).clean, gate.check(text).findings


def test_a_surname_shared_by_two_goes_to_the_one_named_in_full(gate: Gate) -> None:
    text = "Present: Tom Price. Price questioned the figures."
    assert who(gate, text) == {(TP, "name")}


def test_honorifics_pick_between_two_people_sharing_a_surname(gate: Gate) -> None:
    assert who(gate, "Mr Price spoke.") == {(TP, "name")}
    assert who(gate, "Ms Price spoke.") == {(MR, "name")}


def test_a_given_name_alone_is_not_a_finding(gate: Gate) -> None:
    assert gate.check("José and Grace arrived together.").clean


def test_a_name_inside_a_longer_word_is_not_a_finding(gate: Gate) -> None:
    assert gate.check("Parkinson's, Pricewaterhouse, Youngstown, Stonehenge.").clean


def test_gate_check_accepts_a_roster_or_a_built_gate(roster: list[Participant]) -> None:
    text = "Lindqvist disagreed."
    assert (
        gate_check(text, roster).findings
        == gate_check(text, build_gate(roster)).findings
    )


def test_an_empty_roster_finds_nothing() -> None:
    assert gate_check("Anything at all, Mr Price.", []).clean


def test_participants_without_a_usable_name_are_ignored() -> None:
    gate = build_gate([Participant(name="  "), Participant(name="Ines Lindqvist")])
    assert [p.name for p in gate.participants] == ["Ines Lindqvist"]
