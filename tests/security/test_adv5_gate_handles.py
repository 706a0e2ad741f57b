"""Adversary (round 5): a roster handle with its separator left out.

Attack: the roster's handle of a participant (``@zofka_hydro``,
``@katya_vor``) written without its underscore (``@zofkahydro``,
``@ZofkaHydro`` in camel case, ``@katyavor``). A reader who searches for it
finds the account (search on the platforms ignores the underscore), and any
reader who knows the handle reads it as hers; ``backchannel gate`` reports
it clean, though it catches the handle with the underscore doubled, replaced
by a dot or a hyphen, escaped for Markdown, or with a digit for a letter.

Promise broken: README, "Identification gate": it finds "handles"; "What
the gate reads": "names run together (``SabinaOrlet``) split". Severity:
medium (a deliberate disguise, one keystroke; the handle is the participant's
public identity).

Suggested fix direction: compare handles with every separator (``_ . -``)
removed, casefolded, on both sides, as the dotted and hyphenated forms are
already compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

LEAKS = {
    "underscore_dropped": ("Follow @zofkahydro for the gauges.", "Žofia Dvořáková"),
    "camel_case": ("Follow @ZofkaHydro for the gauges.", "Žofia Dvořáková"),
    "underscore_dropped_2": (
        "Follow @katyavor for the assembly.",
        "Yekaterina Vorontsova",
    ),
}

CONTROLS = {
    "roster_handle": ("Follow @zofka_hydro for the gauges.", "Žofia Dvořáková"),
    "dot": ("Follow @zofka.hydro for the gauges.", "Žofia Dvořáková"),
    "hyphen": ("Follow @zofka-hydro for the gauges.", "Žofia Dvořáková"),
    "double_underscore": ("Follow @zofka__hydro for the gauges.", "Žofia Dvořáková"),
    "digit_for_letter": ("Follow @zofka_hydr0 for the gauges.", "Žofia Dvořáková"),
    "profile_link": ("See t.me/katya_vor for the assembly.", "Yekaterina Vorontsova"),
}


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_handle_without_its_separator_is_caught(tmp_path: Path, case: str) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_the_handle_variants_are_caught(tmp_path: Path, case: str) -> None:
    text, who = CONTROLS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert who in out
