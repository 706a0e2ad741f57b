"""A one-word title with "the" ("the journalist"): under the Chatham House
Rule a title that one person in the room holds names that person, so the
gate flags it; the job as a group or a field, the plural, "a", "any" or
someone else's ("of the year") are not a person and stay clean."""

from __future__ import annotations

import pytest

from backchannel.gate import Participant, build_gate

ROSTER = [
    Participant(
        name="Lena Okafor",
        titles=("Journalist",),
        affiliations=("Daily Star",),
        side="Varnia",
        key="1",
    ),
    Participant(name="Tom Price", titles=("Engineer",), side="Ostrel", key="2"),
    Participant(name="Ana Pérez", titles=("Engineer",), side="Ostrel", key="3"),
]


@pytest.mark.parametrize(
    "text",
    [
        "The journalist said the dam was unsafe.",
        "As the journalist noted, costs rose.",
        "The journalist's question was fair.",
        "Ask the journalist.",
        "The journalist, who spoke first, said so.",
    ],
)
def test_the_title_one_person_holds_is_that_person(text: str) -> None:
    findings = build_gate(ROSTER).check(text).findings
    assert [(f.kind, f.participant) for f in findings] == [("title", "Lena Okafor")]
    assert findings[0].text.lower() == "the journalist"


@pytest.mark.parametrize(
    "text",
    [
        "Journalists said the dam was unsafe.",
        "The journalists said so.",
        "A journalist asked about the data.",
        "Any journalist would say so.",
        "The journalist profession is under pressure.",
        "The journalist community was not invited.",
        "The journalist association met on Monday.",
        "The journalist of the year award went to a stranger.",
        # two people hold it: "the engineer" says neither
        "The engineer said so.",
    ],
)
def test_the_job_as_a_group_or_a_shared_title_is_clean(text: str) -> None:
    assert build_gate(ROSTER).check(text).clean, text
