"""What the generated disguise tests of the adversary's rounds share: their
hypothesis settings, the sentences a disguised name is put in, the strategy
that draws a roster entry with a phone, and the check that the gate caught a
disguise where it stands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backchannel.gate import Gate, Participant

# The short sentences a disguise is tried in (more in test_gate_disguise).
TEMPLATES = [
    "In the second round {x} argued for a joint gauge station.",
    "The proposal came from {x}, who asked that it stay unattributed.",
    "Notes: {x} disagreed with the timetable.",
]


def examples(n: int) -> settings:
    """``n`` generated examples a test, with no deadline (the gate is timed in
    bench/, not here) and the roster fixture shared across examples."""
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
        ],
    )


def drawing(n: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The decorator of a test that draws its examples from ``data``
    (``st.data()``), ``n`` of them (:func:`examples`)."""

    def decorate(test: Callable[..., Any]) -> Callable[..., Any]:
        return examples(n)(given(data=st.data())(test))

    return decorate


def with_phone(roster: list[Participant]) -> st.SearchStrategy[Participant]:
    """A roster entry that has a phone number."""
    return st.sampled_from([p for p in roster if p.phones])


def caught(gate: Gate, text: str, who: Participant, disguised: str) -> bool:
    """The gate names ``who`` in a finding that overlaps ``disguised`` in
    ``text``."""
    at = text.index(disguised)
    return any(
        f.participant == who.name and f.start < at + len(disguised) and at < f.end
        for f in gate.check(text).findings
    )
