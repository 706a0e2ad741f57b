"""Adversary (round 3): the gate's refusal is itself a registry oracle.

README, "Identification gate": the checks run "against the organisation's
whole people registry (every person, every process ...)", and a refusal
"quotes only the span that was typed and says what kind of thing it is ...
never whose it is, nor that someone sits in another process, so that nobody
can probe the registry with guesses."

Round 2 removed the name from the refusal, but the refusal itself still
answers the probe. A participant (who may not read the registry) comments on
a joint text "Has <guess> been consulted?": a guess that is a person of the
organisation's registry, seated in no process the participant can see, is
refused; a guess that is nobody is accepted. Two comments tell the
participant that <guess> is on the books of the convening organisation, i.e.
takes part in one of its confidential dialogues. Severity: high (identifies a
participant of another process to anyone seated anywhere in the organisation).
"""

from __future__ import annotations

from backchannel.core.errors import ValidationFailed
from backchannel.ideas.services import joint_text_create, section_comment_create
from backchannel.participants.services import person_create
from tests.world import World


def _refused(world: World, section, text: str) -> bool:
    try:
        section_comment_create(
            access=world.access("participant"), section=section, text=text
        )
    except ValidationFailed:
        return True
    return False


def test_a_comment_does_not_tell_who_is_in_the_registry(world: World) -> None:
    person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Zofia Dvořáková",
        gender="woman",
        capacity="expert",
        level="broader",
    )
    joint_text = joint_text_create(
        access=world.access(),
        title="Joint statement",
        language="en",
        sections=[{"heading": "Data", "body": "Monthly gauge data."}],
    )
    section = joint_text.versions.get().sections.get()
    in_registry = _refused(world, section, "Has Zofia Dvořáková been consulted?")
    nobody = _refused(world, section, "Has Marta Kowalczyk been consulted?")
    assert in_registry == nobody, (
        "a registry person is refused and an unknown name accepted: "
        "the participant learns who is in the organisation's registry"
    )


def test_a_chatham_house_note_does_not_tell_who_is_in_the_registry(
    world: World,
) -> None:
    """The same oracle for the rapporteur, who may not read the registry at
    all: a Chatham House note naming a registry person is refused, one naming
    nobody is kept."""
    from backchannel.records.services import note_record
    from tests.records.factories import chatham

    person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Zofia Dvořáková",
        gender="woman",
        capacity="expert",
        level="broader",
    )

    def refused(text: str) -> bool:
        try:
            note_record(
                access=world.access("rapporteur"), segment=chatham(world), text=text
            )
        except ValidationFailed:
            return True
        return False

    in_registry = refused("Someone asked whether Zofia Dvořáková had been consulted.")
    nobody = refused("Someone asked whether Marta Kowalczyk had been consulted.")
    assert in_registry == nobody, "the rapporteur learns who is in the registry"
