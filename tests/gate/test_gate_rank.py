"""Findings list the process's own people first (rank 0), then the rest of
the organisation's registry (rank 1); within a rank, by position."""

from __future__ import annotations

from backchannel.gate import Participant, build_gate

OWN = Participant(name="Sabina Orlet", key="seat-1", rank=0)
OTHER = Participant(name="Teodor Vashkel", key="person-9", rank=1)
OWN_LATER = Participant(name="Mirela Dunstan", key="seat-2", rank=0)


def test_own_people_rank_first_even_when_named_later() -> None:
    gate = build_gate([OTHER, OWN, OWN_LATER])
    text = (
        "Teodor Vashkel opened. Later Mirela Dunstan replied, and Sabina Orlet agreed."
    )
    findings = gate.check(text).findings
    assert [(f.participant, f.rank) for f in findings] == [
        ("Mirela Dunstan", 0),
        ("Sabina Orlet", 0),
        ("Teodor Vashkel", 1),
    ]
    # within a rank, by position
    assert findings[0].start < findings[1].start


def test_disguised_finding_carries_the_rank() -> None:
    gate = build_gate([OTHER, OWN])
    text = "T\u200beodor Vashkel spoke before S4bina 0rlet."
    findings = gate.check(text).findings
    assert [(f.participant, f.rank) for f in findings] == [
        ("Sabina Orlet", 0),
        ("Teodor Vashkel", 1),
    ]
    assert all("disguised" in f.rule for f in findings)


def test_cli_json_shape_unchanged() -> None:
    gate = build_gate([OWN])
    (finding,) = gate.check("Sabina Orlet spoke.").findings
    assert set(finding.as_dict()) == {"participant", "kind", "start", "end", "text"}
    assert finding.as_dict()["participant"] == "Sabina Orlet"
