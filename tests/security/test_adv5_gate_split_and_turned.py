"""Adversary (round 5): a surname cut into syllables by spaces, written
backwards, or turned upside down.

Attack: (1) a distinctive surname broken into two or more pieces by plain
spaces ("Voron tsova", "Dvořá ková", "Lind qvist", "Vo ron tso va"): the
README's "spaced letters" step joins single letters only, and the
line-break step needs a hyphen; (2) the surname written right to left in
logical order, said to be read backwards ("avostnoroV (read backwards)",
"ávokářovD"); (3) the surname turned upside down with the turned Latin
letters that "upside-down text" generators use (``ɐ ʌ ɹ ʇ ʞ ı Ꞁ``:
"ɐʌosʇuoɹoΛ", "ʌoloʞoS"). A reader of any of them reads the name;
``backchannel gate`` reports them clean, though it catches "S a b i n a"
spacing, a right-to-left override and small capitals.

Promise broken: README, "What the gate reads": step 7 "spaced letters
joined", step 3 "text after a right-to-left override reversed, as it is
displayed", step 6 letter look-alikes; issue 14's brief: "reversed text".
Severity: low to medium (each needs a writer who means to hide the name; the
syllable split and the upside-down generator are one click or one keystroke
away, and the target reader decodes them at once).

Suggested fix direction: join adjacent capitalised-then-lower-case pieces
when the join is a roster surname of seven letters or more; check each word
of eight letters or more also reversed against the roster's surnames; read
turned letters (U+0250 ɐ, U+028C ʌ, U+0279 ɹ, U+0287 ʇ, U+029E ʞ, U+0131 ı,
U+A780 Ꞁ …) as their upright letters and the word reversed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

LEAKS = {
    "two_pieces": ("Voron tsova said so.", "Yekaterina Vorontsova"),
    "two_pieces_diacritics": ("Dvořá ková said so.", "Žofia Dvořáková"),
    "two_pieces_2": ("Lind qvist said so.", "Ines Lindqvist"),
    "syllables": ("Vo ron tso va said so.", "Yekaterina Vorontsova"),
    "backwards_said": (
        "avostnoroV (read it backwards) said so.",
        "Yekaterina Vorontsova",
    ),
    "backwards_diacritics": ("ávokářovD said so.", "Žofia Dvořáková"),
    "upside_down": ("ɐʌosʇuoɹoΛ said so.", "Yekaterina Vorontsova"),
    "upside_down_2": ("ʌoloʞoS said so.", "Dmitri Sokolov"),
    "upside_down_3": ("ʇsıʌbpuıꞀ said so.", "Ines Lindqvist"),
}

CONTROLS = {
    "spaced_letters": ("V o r o n t s o v a said so.", "Yekaterina Vorontsova"),
    "hyphen_line_break": ("Voron-\ntsova said so.", "Yekaterina Vorontsova"),
    "right_to_left_override": (
        "\u202eavostnoroV\u202c said so.",
        "Yekaterina Vorontsova",
    ),
    "small_capitals": ("Vᴏʀᴏɴᴛsᴏᴠᴀ said so.", "Yekaterina Vorontsova"),
    "double_surname_space": ("Mensah Boateng said so.", "Kwame Mensah-Boateng"),
}


@pytest.mark.xfail(
    strict=True,
    reason="adversary finding: a surname split into syllables, written "
    "backwards or upside down passes the gate",
)
@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_split_or_turned_surname_is_caught(tmp_path: Path, case: str) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_the_listed_foldings_are_caught(tmp_path: Path, case: str) -> None:
    text, who = CONTROLS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert who in out
