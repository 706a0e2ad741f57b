"""Adversary (round 5): a one-person job word with a determiner or an
adjective other than "the", or narrowed by gender alone.

Attack: "the imam", "the colonel", "the agronomist", "the teacher" and "the
lawyer" are caught (each is the whole title of one person on the roster);
the same with a possessive determiner or an empty adjective is not: "our
imam", "the local imam", "their agronomist", "the cooperative's
agronomist", "the ex-colonel" (while "the former colonel" is caught), and
neither are the plain synonyms "the schoolteacher" and "the attorney". The
roster has two Members of the National Assembly, one a woman: "the woman MP",
"the female MP", "the only female MP", "the female legislator" fit one
person and pass, though "the Ostrel MP, a woman" and "the female member of
the National Assembly" are caught.

Promise broken: README, "Identification gate": "A one-word title with 'the'
... is a finding when it is the whole title of one person"; "a gender word
(``female``) narrows a reworded description"; "descriptions that fit fewer
than three people". Severity: medium (every participant knows there is one
imam and one woman MP in the room; a sentence like "our imam said ..." in a
released briefing names him to them).

Suggested fix direction: accept any determiner (possessives, "this", "that")
and adjectives that do not name another place or time ("local", "ex-") between
the article and the job word; add "schoolteacher", "attorney" to the synonyms;
let a gender word narrow "MP"/"legislator" without the side.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

LEAKS = {
    "our_imam": ("Our imam said so.", "Ahmed Hassan"),
    "local_imam": ("The local imam said so.", "Ahmed Hassan"),
    "their_agronomist": ("Their agronomist said so.", "Kwame Mensah-Boateng"),
    "cooperative_agronomist": (
        "The cooperative's agronomist said so.",
        "Kwame Mensah-Boateng",
    ),
    "co_op_agronomist": ("The farm co-op agronomist said so.", "Kwame Mensah-Boateng"),
    "ex_colonel": ("The ex-colonel said so.", "Marcus Hunter"),
    "schoolteacher": ("The schoolteacher said so.", "Faith Hill"),
    "attorney": ("The attorney said so.", "Ines Lindqvist"),
    "woman_mp": ("The woman MP said so.", "Yekaterina Vorontsova"),
    "female_mp": ("The female MP said so.", "Yekaterina Vorontsova"),
    "only_female_mp": ("The only female MP said so.", "Yekaterina Vorontsova"),
    "female_legislator": ("The female legislator said so.", "Yekaterina Vorontsova"),
    "woman_deputy": (
        "The woman deputy from Ostrel said so.",
        "Yekaterina Vorontsova",
    ),
}

CONTROLS = {
    "the_imam": ("The imam said so.", "Ahmed Hassan"),
    "varnian_imam": ("The Varnian imam said so.", "Ahmed Hassan"),
    "the_agronomist": ("The agronomist said so.", "Kwame Mensah-Boateng"),
    "former_colonel": ("The former colonel said so.", "Marcus Hunter"),
    "the_teacher": ("The teacher said so.", "Faith Hill"),
    "the_lawyer": ("The lawyer said so.", "Ines Lindqvist"),
    "mp_a_woman": ("The Ostrel MP, a woman, said so.", "Yekaterina Vorontsova"),
    "female_member": (
        "The female member of the National Assembly said so.",
        "Yekaterina Vorontsova",
    ),
}


@pytest.mark.xfail(
    strict=True,
    reason="adversary finding: a one-person job word after another determiner, "
    "a synonym, or narrowed by gender alone passes the gate",
)
@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_one_person_role_word_is_caught(tmp_path: Path, case: str) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_the_listed_role_words_are_caught(tmp_path: Path, case: str) -> None:
    text, who = CONTROLS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert who in out
