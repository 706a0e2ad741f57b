"""Adversary (round 5): the classes of this round leave through the
workspace's exits, not only past ``backchannel gate``.

Attack: a participant seated in the process (Žofia Dvořáková, with her phone
in the registry) named in an output's Markdown with this round's disguises: her
phone typeset with no-break spaces (``test_adv5_gate_phone_separators``), her
surname with a Turkish case ending (``test_adv5_gate_suffixes``),
percent-encoded in a link (``test_adv5_gate_percent_encoding``) and after
another form of her given name (``test_adv5_gate_given_name_variants``). The
output's DOCX export on the API (and its PDF export on the CLI) let each out;
a rapporteur records each in a Chatham House note.

Promise broken: README, "Outputs, the gate on every exit": "Every path by
which text leaves the workspace passes the identification gate"; "In a
Chatham House segment no speaker can be stored"; the note check calls "the
same gate". Severity: high (the released artefact names the participant).

Controls: the plain forms are stopped on the same exits and refused in the
note.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.core.errors import ValidationFailed
from backchannel.records.services import note_record
from tests.records.factories import chatham
from tests.security.gate_cli import seat_zofia
from tests.transfer.test_exits import api_export
from tests.world import World

LEAKS = {
    "phone_no_break_spaces": (
        "Message +420\u00a0601\u00a0234\u00a0567 about the gauge station."
    ),
    "turkish_suffix": "Dvořáková'nın önerisi kabul edildi.",
    "percent_encoded_link": (
        "See https://news.example/?q=Dvo%C5%99%C3%A1kov%C3%A1 about the gauge station."
    ),
    "given_name_variant": "Sophia Dvořáková proposed the gauge station.",
}
CONTROLS = {
    "phone_no_break_spaces": "Message +420 601 234 567 about the gauge station.",
    "turkish_suffix": "Dvořáková ile görüştük.",
    "percent_encoded_link": (
        "See https://news.example/?q=Dvořáková about the gauge station."
    ),
    "given_name_variant": "Žofia Dvořáková proposed the gauge station.",
}
# the CLI's PDF export (tests.transfer.test_exits.cli_export) lets the same
# texts out; left out here, as a PDF takes about a second to render
EXITS = {"api export": api_export}


@pytest.mark.parametrize("exit_", sorted(EXITS))
@pytest.mark.parametrize("case", sorted(LEAKS))
def test_an_exit_stops_this_rounds_disguises(
    world: World, tmp_path: Path, case: str, exit_: str
) -> None:
    seat_zofia(world)
    outcome = EXITS[exit_](world, LEAKS[case], tmp_path)
    assert not outcome.passed, f"{case} left through the {exit_}"


@pytest.mark.parametrize("exit_", sorted(EXITS))
@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_an_exit_stops_the_plain_forms(
    world: World, tmp_path: Path, case: str, exit_: str
) -> None:
    seat_zofia(world)
    outcome = EXITS[exit_](world, CONTROLS[case], tmp_path)
    assert not outcome.passed, f"{case} (plain) left through the {exit_}"


def _note_refused(world: World, text: str) -> bool:
    try:
        note_record(
            access=world.access("rapporteur"), segment=chatham(world), text=text
        )
    except ValidationFailed as refused:
        return "text" in refused.errors
    return False


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_chatham_house_note_refuses_this_rounds_disguises(
    world: World, case: str
) -> None:
    seat_zofia(world)
    assert _note_refused(world, LEAKS[case]), f"{case} recorded"


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_a_chatham_house_note_refuses_the_plain_forms(world: World, case: str) -> None:
    seat_zofia(world)
    assert _note_refused(world, CONTROLS[case]), f"{case} (plain) recorded"
