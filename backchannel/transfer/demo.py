"""The demo's outputs, transfers and uptake for the Kessa Basin Dialogue.

Called by ``backchannel.demo`` through the services only. It shows a memo to
mediators composed from Chatham House notes and an idea version and released
through a clean gate; a non-paper for the home governments; an op-ed draft
that the gate blocks because it names a participant; transfers carried by
two Varnian participants (so the dashboard warns that transfers flow through
one side only), one idea version passed on in a meeting, and uptake linked to
the data-exchange objective.
"""

from __future__ import annotations

import datetime as dt

from backchannel.accounts.models import User
from backchannel.ideas.models import IdeaVersion
from backchannel.participants.models import Seat
from backchannel.processes.access import access_process_by_id
from backchannel.processes.models import Objective, Process
from backchannel.records.models import Note
from backchannel.transfer import services
from backchannel.transfer.models import Output

D = dt.date

MEMO_INTRO = (
    "This memo summarises, without attribution, what the exploratory and "
    "pre-negotiation rounds established about flow data, for the mediators of "
    "the formal talks."
)
NON_PAPER = (
    "## Options for a monthly flow-data exchange\n\n"
    "- A neutral host receives gauge readings from both water authorities.\n"
    "- Readings are published monthly, with the reservoir releases.\n"
    "- A joint technical group reviews the stations that disagree.\n\n"
    "These options are offered for discussion and commit no one."
)
OP_ED = (
    "Water, not politics\n\n"
    "When Ilse Marran told the room that the reservoir was a matter of energy "
    "security, the farmers of the Dolen Plain heard a threat. They need not have."
)


def _release(access: object, output: Output) -> Output:
    if not services.output_gate(access=access, output=output).clean:  # type: ignore[arg-type]
        services.output_redact(access=access, output=output)  # type: ignore[arg-type]
    return services.output_release(access=access, output=output)  # type: ignore[arg-type]


def load_transfers(
    process: Process, seats: dict[str, Seat], convener: User, facilitator: User
) -> None:
    lead = access_process_by_id(convener, process.pk)
    access = access_process_by_id(facilitator, process.pk)
    notes = [
        n
        for n in Note.objects.filter(meeting__process=process).order_by(
            "meeting__date", "position"
        )
        if n.speaker_id is None
    ]
    version = (
        IdeaVersion.objects.filter(idea__process=process)
        .order_by("idea__created_on", "number")
        .first()
    )
    objectives = list(Objective.objects.filter(process=process))
    data_exchange = next(
        (o for o in objectives if str(o.text).startswith("Develop")), objectives[0]
    )

    memo = services.output_create(
        access=access,
        kind="memo_to_mediators",
        audience="mediators",
        classification="confidential",
        title="What the rounds established about flow data",
        body=MEMO_INTRO,
    )
    services.output_insert(
        access=access,
        output=memo,
        note_ids=[n.pk for n in notes[:3]],
        version_ids=[version.pk] if version else [],
    )
    _release(access, memo)

    non_paper = services.output_create(
        access=access,
        kind="non_paper",
        audience="home_governments",
        classification="shareable",
        title="Non-paper: a monthly flow-data exchange",
        body=NON_PAPER,
    )
    _release(access, non_paper)

    # Left as a draft: the gate blocks it (it names a participant).
    services.output_create(
        access=access,
        kind="op_ed_draft",
        audience="public",
        classification="restricted",
        title="Op-ed draft: the Kessa is not a weapon",
        body=OP_ED,
    )

    briefing = services.transfer_create(
        access=lead,
        output=memo,
        recipient="Office of the UN Special Envoy for the Kessa Basin",
        channel="confidential_briefing",
        transferred_on=D(2026, 2, 16),
        carrier=seats.get("marta"),
        consent_obtained=True,
    )
    services.uptake_create(
        access=lead,
        transfer=briefing,
        kind="acknowledged",
        observed_on=D(2026, 2, 20),
        note="The envoy's office asked for the gauge comparison.",
    )
    services.uptake_create(
        access=lead,
        transfer=briefing,
        kind="discussed_track1",
        observed_on=D(2026, 3, 12),
        objectives=[data_exchange],
    )
    to_capitals = services.transfer_create(
        access=lead,
        output=non_paper,
        recipient="Foreign ministries of both riparian states (desk officers)",
        channel="memo",
        transferred_on=D(2026, 3, 2),
        carrier=seats.get("ilse"),
        consent_obtained=True,
    )
    services.uptake_create(
        access=lead,
        transfer=to_capitals,
        kind="language_adopted",
        observed_on=D(2026, 4, 1),
        note="'A neutral host' appears in the draft terms of reference.",
        objectives=[data_exchange],
    )
    if version is not None:
        services.transfer_create(
            access=access,
            idea_version=version,
            recipient="Track 1 technical working group",
            channel="meeting",
            transferred_on=D(2026, 3, 20),
            consent_obtained=False,
        )
