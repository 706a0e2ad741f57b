"""Outputs leaving the workspace: the identification gate (``gate``), rosters
(``roster``), outputs and their exports (``export``), the transfer ledger and
the one door every outgoing text passes (``services.gate_outgoing``).

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
