"""Adversary (round 5): a participant named by initials, by a given name and
the surname's initial, or by a title and a given name.

Attack: the forms a rapporteur uses when they believe they anonymise:
"Yekaterina V.", "Leila S. from the KBA" (given name and initial), "Ambassador
D.S.", "Imam A. H.", "Colonel M. H." (a title that fits one person, with
matching initials), "Imam Ahmed", "Mayor Mehmet", "Deputy Minister
Abdulrahman" (a title and the given name: the usual form of address in much of
the Arab world, Turkey and elsewhere), "Dr Ngozi", "Mr Kwame" (an honorific
and a given name nobody else on the roster has), and the initials in an
attendance line of minutes ("Present: Y.V., D.S., Ž.D."). ``backchannel
gate`` reports each clean, though an alias with an initial ("Katya V.",
"Tommy P.") and a title with the surname ("Colonel Hunter") are caught.

Promise broken: README, "Identification gate": it finds "participants' names
(..., initials)" and "descriptions that fit fewer than three people"; "any
honorific before a roster surname marks a person". Severity: high for a title
or a given name with initials and for a title with a given name (every member
of the dialogue knows who "Imam A. H." or "Yekaterina V." is); medium for
bare initials in a list (two letters collide in a large registry, but not
among the people of one process).

Suggested fix direction: treat "Given I." and "Title I. I." as a name whose
candidates are the roster people with that given name (or that title) and
those initials, a finding when they are fewer than three; likewise a title or
an honorific before a roster given name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

LEAKS = {
    # Given name and the surname's initial.
    "given_name_initial": ("Yekaterina V. said so.", "Yekaterina Vorontsova"),
    "given_name_initial_no_dot": ("Yekaterina V said so.", "Yekaterina Vorontsova"),
    "given_name_initial_2": ("José N. said so.", "José Núñez"),
    "given_name_initial_3": ("Dmitri S. said so.", "Dmitri Sokolov"),
    "given_name_initial_affiliation": (
        "Leila S. from the KBA said so.",
        "Leila Stone",
    ),
    "given_name_initial_4": ("Ahmed H. said so.", "Ahmed Hassan"),
    "given_name_initial_from_line": ("From: Grace Y.", "Grace Young"),
    # A one-person title with matching initials.
    "ambassador_initials": ("Ambassador D.S. said so.", "Dmitri Sokolov"),
    "imam_initials": ("Imam A. H. said so.", "Ahmed Hassan"),
    "colonel_initials": ("Colonel M. H. said so.", "Marcus Hunter"),
    "colonel_surname_initial": ("Colonel H. said so.", "Marcus Hunter"),
    "mayor_initial": ("Mayor Y. said so.", "Mehmet Yılmaz"),
    "doctor_initials": ("Dr Ž. D. said so.", "Žofia Dvořáková"),
    # A title or an honorific and the given name.
    "imam_given_name": ("Imam Ahmed said so.", "Ahmed Hassan"),
    "mayor_given_name": ("Mayor Mehmet said so.", "Mehmet Yılmaz"),
    "deputy_minister_given_name": (
        "Deputy Minister Abdulrahman said so.",
        "Abdulrahman al-Hashimi",
    ),
    "professor_given_name": ("Professor José said so.", "José Núñez"),
    "doctor_given_name": ("Dr Ngozi said so.", "Ngozi Adeyemi"),
    "mister_given_name": ("Mr Kwame said so.", "Kwame Mensah-Boateng"),
    "madame_given_name": ("Madame Yekaterina said so.", "Yekaterina Vorontsova"),
    # Initials in minutes.
    "attendance_initials": (
        "Present: Y.V., D.S., Ž.D. (Varnia, Ostrel)",
        "Yekaterina Vorontsova",
    ),
}

CONTROLS = {
    "alias_initial": ("Katya V. said so.", "Yekaterina Vorontsova"),
    "alias_initial_2": ("Tommy P. said so.", "Tom Price"),
    "alias_initial_3": ("Pepe N. said so.", "José Núñez"),
    "initial_surname": ("Ž. Dvořáková said so.", "Žofia Dvořáková"),
    "title_surname": ("Colonel Hunter said so.", "Marcus Hunter"),
    "title_surname_2": ("Col. Hunter said so.", "Marcus Hunter"),
    "initial_given_affiliation": ("Mina P. of Kessa Voice said so.", "Mina Park"),
    "the_imam": ("The imam said so.", "Ahmed Hassan"),
}


@pytest.mark.xfail(
    strict=True,
    reason="adversary finding: initials, a given name with an initial, or a "
    "title with a given name pass the gate",
)
@pytest.mark.parametrize("case", sorted(LEAKS))
def test_initials_and_given_names_are_caught(tmp_path: Path, case: str) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_the_anchored_forms_are_caught(tmp_path: Path, case: str) -> None:
    text, who = CONTROLS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert who in out
