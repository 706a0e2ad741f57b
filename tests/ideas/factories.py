"""Ideas, feedback and joint texts for tests, built through the services."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from backchannel.ideas.models import Idea, IdeaVersion, JointText, Section
from backchannel.ideas.services import (
    feedback_record,
    idea_create,
    joint_text_create,
    joint_text_version_create,
)
from backchannel.participants.models import Seat
from backchannel.participants.services import person_create, seat_create
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Side
from tests.world import World

IDEA_TEXT = "A joint gauge station at the border, read by both water authorities."


def sides(world: World) -> tuple[Side, Side]:
    north, south = world.process.sides.order_by("position")
    return north, south


def seats_on(world: World, side: Side, count: int, *, tag: str = "") -> list[Seat]:
    """Participant seats without logins (for feedback through the system path)."""
    access = world.access()
    out = []
    for n in range(count):
        person = person_create(
            actor=world.users["org_convener"],
            organisation=world.org,
            name=f"Delegate {side.name} {tag}{n} {uuid.uuid4().hex[:4]}",
            gender="woman" if n % 2 else "man",
            capacity="expert",
            level="broader",
        )
        out.append(
            seat_create(access=access, person=person, role="participant", side=side)
        )
    return out


def float_idea(
    access: ProcessAccess,
    *,
    title: str = "Joint gauge station",
    text: str = IDEA_TEXT,
    status: str = "floated",
    **extra: Any,
) -> Idea:
    return idea_create(access=access, title=title, text=text, status=status, **extra)


def first_version(idea: Idea) -> IdeaVersion:
    return idea.versions.get(number=1)


def give(seats: list[Seat], version: IdeaVersion, stance: str, **extra: Any) -> None:
    for seat in seats:
        if stance == "acceptable_if" and "conditions" not in extra:
            extra = {**extra, "conditions": [f"Condition of {seat.pseudonym}"]}
        feedback_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            version=version,
            stance=stance,
            **extra,
        )


def make_joint_text(
    access: ProcessAccess, *, title: str = "Joint statement"
) -> JointText:
    joint_text = joint_text_create(
        access=access,
        title=title,
        language="en",
        sections=[
            {
                "heading": "Preamble",
                "body": "The participants met in a personal capacity.",
            },
            {"heading": "Data", "body": "The parties shall share flow data monthly."},
        ],
    )
    keys = [s.key for s in Section.objects.filter(version__joint_text=joint_text)]
    joint_text_version_create(
        access=access,
        joint_text=joint_text,
        note="Weekly data",
        sections=[
            {
                "key": keys[0],
                "heading": "Preamble",
                "body": "The participants met in a personal capacity.",
            },
            {
                "key": keys[1],
                "heading": "Data",
                "body": "The parties should share flow data weekly.",
            },
            {"heading": "Review", "body": "A review after one year."},
        ],
    )
    return joint_text


def latest_section(joint_text: JointText, heading: str = "Data") -> Section:
    version = joint_text.versions.order_by("number").last()
    return next(s for s in version.sections.all() if str(s.heading) == heading)


def ideas_objects(world: World) -> dict[str, Any]:
    """One of each in our process: a floated idea with an open, shared version,
    a joint text (two versions) and a section of its latest version."""
    access = world.access()
    idea = float_idea(access)
    version = first_version(idea)
    version.results_shared = True
    version.save(update_fields=["results_shared"])
    joint_text = make_joint_text(access)
    return {
        "idea": idea,
        "idea_version": version,
        "joint_text": joint_text,
        "section": latest_section(joint_text),
    }


def ideas_factories(access: ProcessAccess, tag: str) -> dict[str, Callable[[], Any]]:
    """Fresh objects for API operations that consume one (``new_*`` names)."""
    return {
        "new_idea": lambda: float_idea(access, title=f"Balloon {tag}"),
        "new_idea_version": lambda: first_version(
            float_idea(access, title=f"Balloon {tag}")
        ),
        "new_joint_text": lambda: make_joint_text(access, title=f"Statement {tag}"),
        "new_feedback": lambda: _some_feedback(access, tag),
    }


def _some_feedback(access: ProcessAccess, tag: str) -> Any:
    """A participant's feedback on a fresh idea of the process."""
    seat = Seat.objects.filter(
        process=access.process, role="participant", side__isnull=False
    ).first()
    version = first_version(float_idea(access, title=f"Balloon {tag}"))
    return feedback_record(
        access=ProcessAccess.operator(seat.process, seat=seat),
        version=version,
        stance="acceptable",
    )


def rival_ideas_objects(world: World) -> dict[str, Any]:
    access = access_process_by_id(world.users["outsider"], world.rival_process.pk)
    idea = float_idea(access, title="Rival balloon")
    version = first_version(idea)
    version.results_shared = True
    version.save(update_fields=["results_shared"])
    joint_text = make_joint_text(access, title="Rival statement")
    return {
        "idea": idea,
        "idea_version": version,
        "joint_text": joint_text,
        "section": latest_section(joint_text),
    }


def rival_feedback(world: World, version: IdeaVersion) -> Any:
    """A participant's feedback in the rival organisation's process."""
    access = access_process_by_id(world.users["outsider"], world.rival_process.pk)
    person = person_create(
        actor=world.users["outsider"],
        organisation=world.rival,
        name="Rival Delegate",
        gender="woman",
        capacity="expert",
        level="broader",
    )
    seat = seat_create(
        access=access,
        person=person,
        role="participant",
        side=world.rival_process.sides.first(),
    )
    return feedback_record(
        access=ProcessAccess.operator(seat.process, seat=seat),
        version=version,
        stance="acceptable",
    )
