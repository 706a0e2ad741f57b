"""A meeting set up without segments is no dead end for the rapporteur: one
"Whole meeting" segment under the process's rule, then the note form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.meetings.services import meeting_create
from backchannel.records.services import whole_meeting_segment
from tests.world import World


def _bare_meeting(world: World):
    return meeting_create(
        access=world.access(), title="Side talk", date=dt.date(2026, 5, 4), segments=[]
    )


def test_the_rapporteur_takes_notes_in_a_meeting_without_segments(
    client: Client, world: World
) -> None:
    meeting = _bare_meeting(world)
    client.force_login(world.users["rapporteur"])
    page = client.get(reverse("records:meeting-record", args=[meeting.pk]))
    assert reverse("records:whole-meeting", args=[meeting.pk]) in page.content.decode()
    response = client.post(reverse("records:whole-meeting", args=[meeting.pk]))
    segment = meeting.segments.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("records:note-create", args=[segment.pk])
    assert segment.record_rule == world.process.record_rule
    assert str(segment.title) == "Whole meeting"
    saved = client.post(
        reverse("records:note-create", args=[segment.pk]),
        {"text": "The sides compared the gauge data."},
    )
    assert saved.status_code == 302
    assert segment.notes.count() == 1


def test_only_once_and_only_for_whoever_writes_the_record(world: World) -> None:
    meeting = _bare_meeting(world)
    with pytest.raises(PermissionDenied):
        whole_meeting_segment(access=world.access("participant"), meeting=meeting)
    whole_meeting_segment(access=world.access("rapporteur"), meeting=meeting)
    with pytest.raises(ValidationFailed):
        whole_meeting_segment(access=world.access("rapporteur"), meeting=meeting)
    assert meeting.segments.count() == 1
    # a meeting with segments chosen by a manager keeps them
    with pytest.raises(ValidationFailed):
        whole_meeting_segment(access=world.access(), meeting=world.meeting)
