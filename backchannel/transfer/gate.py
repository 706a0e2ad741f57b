"""Moved: the identification gate is the framework-free package
:mod:`backchannel.gate`. This module only re-exports its public names for
code written against the old path; import from ``backchannel.gate``."""

from backchannel.gate import (
    K_ANONYMITY,
    KINDS,
    Blocked,
    Finding,
    Gate,
    GateReport,
    Kind,
    Participant,
    build_gate,
    egress,
    gate_check,
)
from backchannel.gate.plain import normalise

__all__ = [
    "KINDS",
    "K_ANONYMITY",
    "Blocked",
    "Finding",
    "Gate",
    "GateReport",
    "Kind",
    "Participant",
    "build_gate",
    "egress",
    "gate_check",
    "normalise",
]
