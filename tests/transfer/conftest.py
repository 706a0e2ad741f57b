from __future__ import annotations

import pytest

from backchannel.gate import Gate, Participant, build_gate
from tests.transfer.corpus import load_corpus


@pytest.fixture(scope="session")
def roster() -> list[Participant]:
    """The fictional roster of the fixture corpus (tests/data/gate/roster.csv)."""
    return load_corpus()[0]


@pytest.fixture(scope="session")
def gate(roster: list[Participant]) -> Gate:
    return build_gate(roster)
