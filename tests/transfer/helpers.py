from __future__ import annotations

from backchannel.gate import Gate


def found(gate: Gate, text: str) -> set[tuple[str, str, str]]:
    """(participant, kind, text) of every finding."""
    return {(f.participant, f.kind, f.text) for f in gate.check(text).findings}


def who(gate: Gate, text: str) -> set[tuple[str, str]]:
    return {(f.participant, f.kind) for f in gate.check(text).findings}
