"""Adversary (round 5): a one-person title and affiliation said in other
words than the roster's and than the gate's synonym table.

Attack: the plain-English ways a briefing describes the Ambassador of Ostrel
to Varnia ("Ostrel's top diplomat in Varnia", "the head of Ostrel's
embassy", "the head of the Ostrel mission in Varnia"), the Mayor of Tolvar
("the Tolvar municipal leader", "Tolvar's city hall chief"), the Deputy
Minister for Water Resources of Varnia ("Varnia's number two at the water
ministry", "the Varnian under-secretary for water"), the Professor of Water
Law at the University of Ostrel ("a water law scholar at Ostrel University"),
the Chief Engineer of the Ostrel Hydropower Company ("the lead engineer at
Ostrel Hydropower") and the Teacher at Kessa Valley School ("a schoolteacher
from the Kessa valley"). Each fits one person of the roster; ``backchannel
gate`` reports each clean, though "Tolvar's mayor", "the Ostrelian envoy",
"the Varnian vice-minister", "the Ostrel hydro firm's chief engineer" and
"the teacher from Kessa Valley School" are caught.

Promise broken: README, "Identification gate": "descriptions that fit fewer
than three people (also reworded ...)"; issue 14, "Descriptions, not only
names": "common abbreviations and synonyms". Severity: medium (a reader who
follows the dialogue recognises the person at once; the text needs no
disguise, only ordinary journalistic variation).

Suggested fix direction: widen ``DESCRIPTION_SYNONYMS`` with the head-of-
organisation words (head, chief, leader, boss, number two, second in
command, top) attached to the organisation's own noun (embassy and mission
for an ambassador, city hall, municipality and town council for a mayor),
"under-secretary" for deputy minister, scholar/academic for professor,
lead for chief, schoolteacher for teacher; read "X University" as
"University of X".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

LEAKS = {
    "top_diplomat": ("Ostrel's top diplomat in Varnia said so.", "Dmitri Sokolov"),
    "head_of_embassy": ("The head of Ostrel's embassy said so.", "Dmitri Sokolov"),
    "embassy_chief": ("Ostrel's embassy chief said so.", "Dmitri Sokolov"),
    "head_of_mission": (
        "The head of the Ostrel mission in Varnia said so.",
        "Dmitri Sokolov",
    ),
    "municipal_leader": ("The Tolvar municipal leader said so.", "Mehmet Yılmaz"),
    "city_hall_chief": ("Tolvar's city hall chief said so.", "Mehmet Yılmaz"),
    "head_of_town_council": (
        "The head of Tolvar's town council said so.",
        "Mehmet Yılmaz",
    ),
    "number_two": (
        "Varnia's number two at the water ministry said so.",
        "Abdulrahman al-Hashimi",
    ),
    "second_in_command": (
        "The second in command at Varnia's water ministry said so.",
        "Abdulrahman al-Hashimi",
    ),
    "under_secretary": (
        "The Varnian under-secretary for water said so.",
        "Abdulrahman al-Hashimi",
    ),
    "scholar_reordered_university": (
        "A water law scholar at Ostrel University said so.",
        "José Núñez",
    ),
    "lead_engineer": ("The lead engineer at Ostrel Hydropower said so.", "Lucas Baker"),
    "schoolteacher_valley": (
        "A schoolteacher from the Kessa valley said so.",
        "Faith Hill",
    ),
}

CONTROLS = {
    "mayor_possessive": ("Tolvar's mayor said so.", "Mehmet Yılmaz"),
    "head_of_municipality": (
        "The head of Tolvar municipality said so.",
        "Mehmet Yılmaz",
    ),
    "envoy": ("The Ostrelian envoy said so.", "Dmitri Sokolov"),
    "ambassador": ("Ostrel's ambassador in Varnia said so.", "Dmitri Sokolov"),
    "vice_minister": ("The Varnian vice-minister said so.", "Abdulrahman al-Hashimi"),
    "university_reordered": (
        "An Ostrel University law professor said so.",
        "José Núñez",
    ),
    "hydro_firm": ("The Ostrel hydro firm's chief engineer said so.", "Lucas Baker"),
    "teacher": ("The teacher from Kessa Valley School said so.", "Faith Hill"),
}


@pytest.mark.xfail(
    strict=True,
    reason="adversary finding: a one-person title said in other words passes the gate",
)
@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_paraphrased_description_is_caught(tmp_path: Path, case: str) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_the_listed_rewordings_are_caught(tmp_path: Path, case: str) -> None:
    text, who = CONTROLS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert who in out
