"""Emails, phones, handles, titles, affiliations, descriptions; the report."""

from __future__ import annotations

import pytest

from backchannel.gate import Gate, Participant, build_gate
from tests.transfer.helpers import found, who

pytestmark = pytest.mark.no_db_difference

ZD = "Žofia Dvořáková"
JN = "José Núñez"


@pytest.mark.parametrize(
    ("text", "participant", "span"),
    [
        (
            "Write to zofia.dvorakova@kba.example now.",
            ZD,
            "zofia.dvorakova@kba.example",
        ),
        (
            "Contact: Jose.Nunez@Uni-Ostrel.example.",
            JN,
            "Jose.Nunez@Uni-Ostrel.example",
        ),
        (
            "ruth.field [at] crd [dot] example",
            "Ruth Field",
            "ruth.field [at] crd [dot] example",
        ),
        (
            "ruth.field(at)crd(dot)example",
            "Ruth Field",
            "ruth.field(at)crd(dot)example",
        ),
        ("private: zdvorakova77@mailbox.example", ZD, "zdvorakova77@mailbox.example"),
        ("send to jose.nunez.home@post.example", JN, "jose.nunez.home@post.example"),
    ],
)
def test_emails_of_the_roster_or_built_from_a_name_are_found(
    gate: Gate, text: str, participant: str, span: str
) -> None:
    assert found(gate, text) == {(participant, "email", span)}


def test_other_emails_are_not_findings(gate: Gate) -> None:
    assert gate.check("Write to secretariat@kessa-dialogue.example.").clean
    assert gate.check("Write to press@youngleaders.example.").clean


@pytest.mark.parametrize(
    "phone",
    [
        "+420 601 234 567",
        "+420601234567",
        "00420-601-234-567",
        "(+420) 601 234 567",
        "+420.601.234.567",
        "601 234 567",
    ],
)
def test_a_roster_phone_is_found_in_several_formats(gate: Gate, phone: str) -> None:
    assert found(gate, f"Call {phone} if the gauges fail.") == {(ZD, "phone", phone)}


def test_a_phone_number_next_to_a_name_is_that_persons(gate: Gate) -> None:
    text = "Marcus Hunter can be reached on +44 7700 900 456 after six."
    assert who(gate, text) == {("Marcus Hunter", "name"), ("Marcus Hunter", "phone")}


@pytest.mark.parametrize(
    "text",
    [
        "The flood hotline is +41 22 555 01 01.",
        "Between 1990-2005 the river moved.",
        "Next rounds: 2025-03-14 and 14.06.2025.",
        "Dial 112 in an emergency.",
        "Budget: 1 200 000 dinars in 2021/22.",
        "Lindqvist noted the flow: 1 250 m3/s in 2019.",
    ],
)
def test_numbers_that_are_not_a_participants_phone_are_not_phones(
    gate: Gate, text: str
) -> None:
    assert not any(f.kind == "phone" for f in gate.check(text).findings)


@pytest.mark.parametrize(
    ("text", "participant", "span"),
    [
        ("Follow @zofka_hydro for levels.", ZD, "@zofka_hydro"),
        ("@katya_vor posted a photo.", "Yekaterina Vorontsova", "@katya_vor"),
        ("As @MinaPark wrote.", "Mina Park", "@MinaPark"),
        ("@jnunez_ostrel shared slides.", JN, "@jnunez_ostrel"),
        ("A thread by @TomPrice_Varnia.", "Tom Price", "@TomPrice_Varnia"),
    ],
)
def test_handles_of_the_roster_or_built_from_a_name_are_found(
    gate: Gate, text: str, participant: str, span: str
) -> None:
    assert found(gate, text) == {(participant, "handle", span)}


def test_other_handles_are_not_findings(gate: Gate) -> None:
    assert gate.check("Follow @kessa_dialogue for updates.").clean


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Deputy Minister for Water Resources opened.",
            {("Abdulrahman al-Hashimi", "title")},
        ),
        (
            "the deputy minister for water resources did not attend",
            {("Abdulrahman al-Hashimi", "title")},
        ),
        ("The Ambassador of Ostrel to Varnia hosted.", {("Dmitri Sokolov", "title")}),
        (
            "The ministry's legal adviser asked for the text.",
            {("Grace Young", "title")},
        ),
        (
            "A member of the National Assembly warned.",
            {("Yekaterina Vorontsova", "title"), ("Samuel Rose", "title")},
        ),
    ],
)
def test_a_roster_title_that_fits_fewer_than_three_is_a_title_finding(
    gate: Gate, text: str, expected: set[tuple[str, str]]
) -> None:
    assert who(gate, text) == expected


def test_the_title_finding_suggests_an_official(gate: Gate) -> None:
    report = gate.check("The Mayor of Tolvar offered to host.")
    assert report.redacted() == "[an official] offered to host."


def test_an_affiliation_shared_by_two_is_a_finding_and_by_three_is_not(
    gate: Gate,
) -> None:
    assert who(gate, "Someone from the Centre for River Diplomacy spoke.") == {
        ("Anna-Lena Meyer-Holt", "affiliation"),
        ("Ruth Field", "affiliation"),
    }
    assert gate.check("Officials from the Kessa Basin Authority spoke.").clean
    assert gate.check(
        "Officials from the Ministry of Water Resources of Varnia spoke."
    ).clean


def test_an_affiliation_without_its_country_is_still_that_affiliation(
    gate: Gate,
) -> None:
    assert gate.check("The Ministry of Water Resources published a draft.").clean
    assert who(gate, "A reporter from Kessa Voice asked.") == {
        ("Mina Park", "affiliation"),
        ("Mariam Price", "affiliation"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The only woman from the Ministry of Water Resources spoke.", {"Grace Young"}),
        ("A woman from the Ministry of Water spoke first.", {"Grace Young"}),
        ("The man from the Kessa Basin Authority said little.", {"Oliver Brook"}),
        ("The Varnian deputy minister was flexible.", {"Abdulrahman al-Hashimi"}),
        ("An engineer from Ostrel presented.", {"Leila Stone", "Lucas Baker"}),
        ("The sole imam at the talks led a prayer.", {"Ahmed Hassan"}),
        ("The Ostreli ambassador left.", {"Dmitri Sokolov"}),
        ("The female hydrologist showed the maps.", {"Žofia Dvořáková"}),
    ],
)
def test_a_description_that_narrows_to_fewer_than_three_is_a_descriptor(
    gate: Gate, text: str, expected: set[str]
) -> None:
    findings = gate.check(text).findings
    assert {f.participant for f in findings} == expected
    assert {f.kind for f in findings} == {"descriptor"}


@pytest.mark.parametrize(
    "text",
    [
        "The rapporteur will circulate the summary.",
        "An economist argued that tariffs should rise.",
        "Deputy ministers from both countries will meet.",
        "The deputy minister of Tarvonia gave an interview.",
        "Ambassador Chen hosted a lunch.",
        "A Varnian engineer was not among them.",
        "Women from both sides spoke about water.",
        "Only three officials from the Kessa Basin Authority came.",
        "The Varnian delegation and the Ostrel side agreed.",
        "the engineer said only that the economist was late",
    ],
)
def test_descriptions_that_fit_three_or_more_or_nobody_are_not_findings(
    gate: Gate, text: str
) -> None:
    assert gate.check(text).clean, gate.check(text).findings


def test_gender_narrows_only_when_the_roster_records_genders() -> None:
    people = [
        Participant("Ann One", affiliations=("Tolvar Water Board",), side="V"),
        Participant("Ben Two", affiliations=("Tolvar Water Board",), side="V"),
        Participant("Cy Three", affiliations=("Tolvar Water Board",), side="V"),
    ]
    assert build_gate(people).check("A woman from the Tolvar Water Board.").clean


# ----------------------------------------------------------------- report
def test_findings_are_sorted_by_start_with_stable_ids(gate: Gate) -> None:
    text = "Lindqvist wrote to zofia.dvorakova@kba.example; Núñez replied."
    first = gate.check(text)
    again = gate.check(text)
    assert [f.start for f in first.findings] == sorted(f.start for f in first.findings)
    assert first.finding_ids == again.finding_ids
    assert len(set(first.finding_ids)) == len(first.findings)
    assert first.digest == again.digest
    assert gate.check(text + " ").digest != first.digest


def test_finding_ids_do_not_depend_on_the_participants_name() -> None:
    a = build_gate([Participant("Ines Lindqvist", key="seat-1")]).check("Lindqvist.")
    b = build_gate([Participant("Ines Lindqvist", key="seat-2")]).check("Lindqvist.")
    assert a.findings[0].id != b.findings[0].id
    assert "lindqvist" not in a.findings[0].id


def test_the_json_shape_of_a_finding(gate: Gate) -> None:
    [finding] = gate.check("Lindqvist disagreed.").findings
    assert finding.as_dict() == {
        "participant": "Ines Lindqvist",
        "kind": "name",
        "start": 0,
        "end": 9,
        "text": "Lindqvist",
    }


def test_redaction_replaces_right_to_left_with_suggestions(gate: Gate) -> None:
    text = (
        "Žofia Dvořáková (zofia.dvorakova@kba.example) and Ruth Field met "
        "the Deputy Minister for Water Resources."
    )
    report = gate.check(text)
    assert report.redacted() == (
        "[a participant from Varnia] ([email removed]) and [a participant] met "
        "[an official]."
    )
    assert gate.check(report.redacted()).clean


def test_a_side_is_named_in_a_suggestion_only_when_it_has_three_or_more(
    gate: Gate,
) -> None:
    suggestions = {
        f.participant: f.suggestion
        for f in gate.check("Lindqvist, Meyer-Holt and O'Connell.").findings
    }
    assert suggestions == {
        "Ines Lindqvist": "[a participant from Varnia]",
        "Anna-Lena Meyer-Holt": "[a participant]",  # the facilitation team has 2
        "Siobhán O'Connell": "[a participant]",  # no side
    }


def test_a_redaction_that_creates_a_new_finding_is_redacted_again() -> None:
    people = [
        Participant("Ann Kovar", titles=("Deputy Minister",), side="Varnia"),
        Participant("Ben Tesh", side="Varnia"),
        Participant("Cy Lorne", side="Varnia"),
    ]
    gate = build_gate(people)
    # "[a participant from Varnia]" next to "deputy minister" would describe Ann
    report = gate.check("The deputy minister met Tesh.")
    assert gate.check(report.redacted()).clean
