"""Adversary (round 5): a participant as the author of a reference, in the
"Surname, I." and "Surname I" forms of a bibliography.

Attack: a non-paper or a briefing with a reference list citing participants
whose surname is also an English word (Young, Stone, Park, Long, Price,
Brook, Hunter, Mills), in the APA form ("Young, G. (2025). Water law in
the Kessa basin.") or the Vancouver form ("Park D, Long W. Financing dams.
2022."). Any reader of a bibliography reads an author there; the gate's
rule that an ordinary-word surname needs context that points at a person
(an honorific, the given name, an initial *before* it, a capital mid-
sentence) misses the initial *after* it: ``backchannel gate`` reports these
clean, though "G. Young and T. Price, ..." and "Núñez J, Vorontsova Y." are
caught.

Promise broken: README, "Identification gate": names "(…, initials)";
"leaving ordinary words ... alone" is no licence to skip a surname followed
by its initial in a reference. Severity: medium (reference lists are common
in the outputs the workspace composes: non-papers, briefings; the name with
its initial identifies the author exactly).

Suggested fix direction: read "Surname, I." and "Surname I" (one or two
capital initials, with or without dots, before a comma, a year in brackets or
"et al.") as "I. Surname" when the initial is the participant's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

LEAKS = {
    "apa_young": (
        "Young, G. (2025). Water law in the Kessa basin. Varnia Law Review.",
        "Grace Young",
    ),
    "apa_stone": (
        "Stone, L. (2022). Sediment at the Kessa weirs. Journal of Hydrology.",
        "Leila Stone",
    ),
    "apa_hunter": (
        "Hunter, M. (2018). Border security on the Kessa.",
        "Marcus Hunter",
    ),
    "apa_brook": (
        "Brook, O. (2021). Gauging the Kessa. Journal of Hydrology.",
        "Oliver Brook",
    ),
    "vancouver_two_authors": ("Park D, Long W. Financing dams. 2022.", "Daniel Park"),
    "vancouver_two_authors_2": (
        "Young G, Price T. Allocating the Kessa. 2024.",
        "Tom Price",
    ),
    "vancouver_et_al": ("Price T et al. (2024) Allocating the Kessa.", "Tom Price"),
    "harvard_no_dots": ("Mills H (2021) Farmers and the river.", "Helen Mills"),
    "vancouver_dot": ("Hunter M. Border security. 2018.", "Marcus Hunter"),
}

CONTROLS = {
    "initial_before": (
        "G. Young and T. Price, Allocating the Kessa, 2024.",
        "Grace Young",
    ),
    "numbered_initial_before": ('[1] G. Young, "Water law," 2025.', "Grace Young"),
    "distinctive_surnames": (
        "Núñez J, Vorontsova Y. Water law. 2021.",
        "Yekaterina Vorontsova",
    ),
    "apa_distinctive": (
        "Dvořáková, Ž. (2024). Floods in the upper Kessa.",
        "Žofia Dvořáková",
    ),
    "surname_comma_initial_distinctive": (
        "Vorontsova, Y. said so.",
        "Yekaterina Vorontsova",
    ),
}


@pytest.mark.xfail(
    strict=True,
    reason="adversary finding: an ordinary-word surname followed by its "
    "initial in a reference passes the gate",
)
@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_cited_participant_is_caught(tmp_path: Path, case: str) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_the_initial_first_citations_are_caught(tmp_path: Path, case: str) -> None:
    text, who = CONTROLS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert who in out
