"""What a copy of the database shows of ideas, feedback and joint texts: no text."""

from __future__ import annotations

import secrets

from django.db import connection

from backchannel.ideas.models import (
    Feedback,
    Idea,
    IdeaVersion,
    JointText,
    JointTextVersion,
    Section,
    SectionComment,
)
from backchannel.ideas.services import (
    feedback_record,
    idea_create,
    joint_text_create,
    section_comment_create,
)
from tests.world import World

MODELS = [
    Idea,
    IdeaVersion,
    Feedback,
    JointText,
    JointTextVersion,
    Section,
    SectionComment,
]


def _raw_rows() -> bytes:
    out = []
    with connection.cursor() as cursor:
        for model in MODELS:
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608
            for row in cursor.fetchall():
                out.append(
                    repr(
                        tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                    )
                )
    return "\n".join(out).encode()


def test_no_idea_feedback_or_joint_text_is_stored_in_clear(world: World) -> None:
    markers = [f"MK{n}{secrets.token_hex(5)}" for n in range(9)]
    access = world.access()
    idea = idea_create(
        access=access,
        title=markers[0],
        text=markers[1],
        note=markers[2],
        status="floated",
    )
    feedback_record(
        access=world.access("participant"),
        version=idea.versions.get(),
        stance="acceptable_if",
        conditions=[markers[3]],
        red_lines=[markers[4]],
        comment=markers[5],
    )
    joint_text = joint_text_create(
        access=access,
        title=markers[6],
        language="en",
        sections=[{"heading": markers[7], "body": "Body"}],
    )
    section = joint_text.versions.get().sections.get()
    section_comment_create(
        access=world.access("participant"), section=section, text=markers[8]
    )
    raw = _raw_rows()
    assert raw  # the rows are there
    for marker in markers:
        assert marker.encode() not in raw, marker
    # The stance is encrypted too: a dump does not tell who accepted what.
    assert b"acceptable_if" not in raw
    # Decrypted through the models, everything reads back.
    assert str(Feedback.objects.get().comment) == markers[5]
