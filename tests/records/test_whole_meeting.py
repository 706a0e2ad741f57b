"""A meeting set up without segments is no dead end for the rapporteur: one
"Whole meeting" segment under the process's rule, then the note form."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse
from django.utils import translation

from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.meetings.models import Segment
from backchannel.meetings.schemas import meeting_out
from backchannel.meetings.services import meeting_create, meeting_update
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
    # stored neutral: no words in the rapporteur's language, a kind instead
    assert str(segment.title) == "" and segment.kind == Segment.WHOLE_MEETING
    assert segment.label == "Whole meeting"
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


def test_the_whole_meeting_reads_in_the_readers_language(
    client: Client, world: World
) -> None:
    meeting = _bare_meeting(world)
    with translation.override("fr"):  # made by a French-speaking rapporteur
        whole_meeting_segment(access=world.access("rapporteur"), meeting=meeting)
    client.force_login(world.users["rapporteur"])
    record = reverse("records:meeting-record", args=[meeting.pk])
    english = client.get(record).content.decode()
    assert "<bdi>Whole meeting</bdi>" in english
    assert "Toute la réunion" not in english
    client.cookies["backchannel_language"] = "ar"
    arabic = client.get(record).content.decode()
    assert "<bdi>الاجتماع كله</bdi>" in arabic
    assert "Whole meeting" not in arabic and "Toute la réunion" not in arabic
    with translation.override("es"):  # the API, for a caller asking for Spanish
        out = meeting_out(world.access(), meeting)
    assert [s.title for s in out.segments] == ["Toda la reunión"]


def test_editing_the_meeting_keeps_the_whole_meeting_neutral(world: World) -> None:
    meeting = _bare_meeting(world)
    segment = whole_meeting_segment(access=world.access("rapporteur"), meeting=meeting)
    with translation.override("ru"):  # the form sends back the label it showed
        meeting_update(
            access=world.access(),
            meeting=meeting,
            segments=[{"title": segment.label, "record_rule": segment.record_rule}],
        )
    kept = meeting.segments.get()
    assert kept.pk == segment.pk
    assert kept.kind == Segment.WHOLE_MEETING and str(kept.title) == ""
    # renamed by a manager: the manager's own words, a named segment now
    meeting_update(
        access=world.access(),
        meeting=meeting,
        segments=[{"title": "Opening", "record_rule": segment.record_rule}],
    )
    renamed = meeting.segments.get()
    assert renamed.pk == segment.pk
    assert renamed.kind == "" and renamed.label == "Opening"


def test_the_migration_turns_stored_titles_into_the_kind(world: World) -> None:
    migration = importlib.import_module(
        "backchannel.meetings.migrations.0004_segment_kind"
    )
    alone = _bare_meeting(world)
    old = Segment(
        meeting=alone,
        data_key_id=alone.data_key_id,
        title="Toute la réunion",
        record_rule=world.process.record_rule,
    )
    old.save()
    # a manager's own segment that happens to bear the words, among others
    chosen = world.meeting.segments.first()
    chosen.title = "Whole meeting"
    chosen.save(update_fields=["title"])
    assert world.meeting.segments.count() > 1
    migration.to_kind(django_apps, None)
    old.refresh_from_db()
    chosen.refresh_from_db()
    assert old.kind == Segment.WHOLE_MEETING and str(old.title) == ""
    with translation.override("zh-hans"):
        assert old.label == "整场会议"
    assert chosen.kind == "" and str(chosen.title) == "Whole meeting"
    migration.to_title(django_apps, None)
    old.refresh_from_db()
    assert str(old.title) == "Whole meeting"
