"""Outputs leaving the workspace: the identification gate (``gate``), rosters
(``roster``); the transfer log comes later.

``backchannel.transfer.gate`` does not import Django.
"""

from backchannel.transfer.gate import (
    KINDS,
    Finding,
    Gate,
    GateReport,
    Participant,
    build_gate,
    gate_check,
    normalise,
)

__all__ = [
    "KINDS",
    "Finding",
    "Gate",
    "GateReport",
    "Participant",
    "build_gate",
    "gate_check",
    "normalise",
]
