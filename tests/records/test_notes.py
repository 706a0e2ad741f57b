"""Writing the record: rules per segment, who may write, closing and versions."""

from __future__ import annotations

import pytest

from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.core.models import AuditEvent
from backchannel.meetings.models import Meeting, Segment
from backchannel.meetings.services import meeting_delete, meeting_update
from backchannel.participants.services import person_update, seat_delete
from backchannel.processes.models import Process
from backchannel.processes.services import process_destroy
from backchannel.records.models import Airtime, Note, NoteVersion, RecordClosure
from backchannel.records.services import (
    airtime_record,
    note_delete,
    note_record,
    note_update,
    record_close,
)
from tests.records.factories import chatham, meeting_with, on_record, segment
from tests.world import SEAT_ROLES, World

RECORDERS = {"org_convener", "convener", "facilitator", "rapporteur"}


def test_an_off_record_segment_refuses_any_note(world: World) -> None:
    meeting, _ = meeting_with(world, north=3, south=3)
    with pytest.raises(ValidationFailed) as refused:
        note_record(
            access=world.access("rapporteur"),
            segment=segment(meeting, "off_record"),
            text="Over dinner, they agreed.",
        )
    assert set(refused.value.errors) == {"segment"}
    assert "off the record: no notes are kept" in refused.value.errors["segment"][0]
    assert not Note.objects.exists()


def test_only_those_who_keep_the_record_write_it(world: World) -> None:
    for n, role in enumerate(["org_convener", *SEAT_ROLES]):
        access = world.access(role)
        if role in RECORDERS:
            # (not the role's name: the fixture people are called "Person
            # Convener" and so on, and the gate finds the surname "convener")
            note_record(access=access, segment=chatham(world), text=f"Note {n}.")
            continue
        with pytest.raises(PermissionDenied, match="cannot write the record"):
            note_record(access=access, segment=chatham(world), text="x")
        with pytest.raises(PermissionDenied):
            record_close(access=access, meeting=world.meeting)
    assert Note.objects.count() == len(RECORDERS)
    assert [n.position for n in Note.objects.order_by("position")] == [1, 2, 3, 4]


def test_an_on_record_note_may_name_a_speaker_who_attended(world: World) -> None:
    access = world.access("rapporteur")
    seat = world.seats["participant"]
    note = note_record(
        access=access, segment=on_record(world), text="Welcome.", speaker=seat
    )
    assert note.speaker == seat and note.attribution == ""
    absent = world.seats["observer"]
    with pytest.raises(ValidationFailed) as refused:
        note_record(
            access=access, segment=on_record(world), text="Hello.", speaker=absent
        )
    assert "not in this meeting's attendance" in refused.value.errors["speaker"][0]
    north = world.process.sides.order_by("position")[0]
    with pytest.raises(ValidationFailed) as refused:
        note_record(
            access=access,
            segment=on_record(world),
            text="Hello.",
            speaker=seat,
            side=north,
        )
    assert set(refused.value.errors) == {"side"}


def test_a_note_cannot_be_empty(world: World) -> None:
    with pytest.raises(ValidationFailed) as refused:
        note_record(access=world.access(), segment=chatham(world), text="   ")
    assert set(refused.value.errors) == {"text"}


def test_names_and_aliases_of_anyone_seated_are_kept_out_of_chatham_house_text(
    world: World,
) -> None:
    person_update(
        actor=world.users["org_convener"],
        person=world.people["observer"],
        aliases=["The Admiral"],
    )
    with pytest.raises(
        ValidationFailed, match=r"identifies someone: “the admiral” \(a person's name\)"
    ):
        note_record(
            access=world.access(),
            segment=chatham(world),
            text="the admiral disagreed.",
        )
    # On the record, names are the point.
    note_record(
        access=world.access(), segment=on_record(world), text="The Admiral spoke."
    )


def test_before_the_record_is_closed_edits_replace_the_text(world: World) -> None:
    access = world.access("rapporteur")
    note = note_record(access=access, segment=chatham(world), text="First draft.")
    note_update(access=access, note=note, text="Second draft.")
    note.refresh_from_db()
    assert (note.text, note.version) == ("Second draft.", 1)
    assert not NoteVersion.objects.exists()


def test_after_the_record_is_closed_every_edit_keeps_the_earlier_version(
    world: World,
) -> None:
    access = world.access("rapporteur")
    seat = world.seats["participant"]
    note = note_record(
        access=access, segment=on_record(world), text="As said.", speaker=seat
    )
    closure = record_close(access=access, meeting=world.meeting)
    assert RecordClosure.objects.get(meeting=world.meeting) == closure
    note_update(access=world.access("facilitator"), note=note, text="As said, v2.")
    note_update(access=access, note=note, speaker=None, side=None)
    note.refresh_from_db()
    assert (note.text, note.version, note.speaker_id) == ("As said, v2.", 3, None)
    versions = list(NoteVersion.objects.filter(note=note).order_by("number"))
    assert [(v.number, v.text, v.speaker_id) for v in versions] == [
        (1, "As said.", seat.pk),
        (2, "As said, v2.", seat.pk),
    ]
    # Saving the same text again keeps no empty version.
    note_update(access=access, note=note, text="As said, v2.")
    assert NoteVersion.objects.filter(note=note).count() == 2
    verbs = list(AuditEvent.objects.values_list("verb", flat=True))
    assert verbs.count("note.update") == 2 and "record.close" in verbs


def test_a_note_written_by_mistake_is_deleted_while_the_record_is_open(
    world: World,
) -> None:
    from backchannel.translations.models import ContentTranslation
    from backchannel.translations.registry import KINDS
    from backchannel.translations.services import translation_add

    access = world.access("rapporteur")
    keep = note_record(access=access, segment=chatham(world), text="Keep this.")
    note = note_record(access=access, segment=chatham(world), text="Wrong meeting.")
    translation_add(
        access=access,
        kind=KINDS["note"],
        source=note,
        language="fr",
        text="Mauvaise réunion.",
    )
    for role in set(SEAT_ROLES) - RECORDERS:
        with pytest.raises(PermissionDenied):
            note_delete(access=world.access(role), note=note)
    note_id = note.pk
    note_delete(access=access, note=note)
    assert list(Note.objects.all()) == [keep]
    assert not ContentTranslation.objects.exists()
    event = AuditEvent.objects.get(verb="note.delete")
    assert event.target_id == str(note_id)


def test_a_closed_record_keeps_its_notes(world: World) -> None:
    access = world.access("rapporteur")
    note = note_record(access=access, segment=chatham(world), text="Agreed text.")
    record_close(access=access, meeting=world.meeting)
    with pytest.raises(ValidationFailed, match="can no longer be deleted"):
        note_delete(access=world.access(), note=note)
    assert Note.objects.filter(pk=note.pk).exists()


def test_a_record_closes_once(world: World) -> None:
    record_close(access=world.access(), meeting=world.meeting)
    with pytest.raises(ValidationFailed, match="already kept as versions"):
        record_close(access=world.access("rapporteur"), meeting=world.meeting)


def test_editing_a_meeting_keeps_its_notes_with_their_segments(world: World) -> None:
    access = world.access()
    note = note_record(access=access, segment=chatham(world), text="Kept.")
    options = note.segment_id
    # Reordered, renamed at the same position with the same rule, one added.
    meeting_update(
        access=access,
        meeting=world.meeting,
        segments=[
            {"title": "Options", "record_rule": "chatham_house"},
            {"title": "Opening words", "record_rule": "on_record"},
            {"title": "Dinner", "record_rule": "off_record"},
        ],
    )
    note.refresh_from_db()
    assert note.segment_id == options
    assert str(Segment.objects.get(pk=options).title) == "Options"
    assert Segment.objects.get(pk=options).position == 0


def test_a_segment_with_notes_cannot_be_removed_or_change_its_rule(
    world: World,
) -> None:
    access = world.access()
    note_record(access=access, segment=chatham(world), text="Kept.")
    for segments in (
        [{"title": "Opening", "record_rule": "on_record"}],
        [
            {"title": "Opening", "record_rule": "on_record"},
            {"title": "Options", "record_rule": "off_record"},
        ],
    ):
        with pytest.raises(ValidationFailed) as refused:
            meeting_update(access=access, meeting=world.meeting, segments=segments)
        assert (
            "has notes in the meeting's record" in refused.value.errors["segments"][0]
        )
    assert world.meeting.segments.count() == 2
    # A segment without notes still goes.
    meeting_update(
        access=access,
        meeting=world.meeting,
        segments=[{"title": "Options", "record_rule": "chatham_house"}],
    )
    assert world.meeting.segments.count() == 1


def test_deleting_a_meeting_deletes_its_record_and_airtime(world: World) -> None:
    access = world.access()
    note = note_record(access=access, segment=chatham(world), text="Gone soon.")
    record_close(access=access, meeting=world.meeting)
    note_update(access=access, note=note, text="Gone soon, v2.")
    airtime_record(access=access, meeting=world.meeting, seconds=60)
    meeting_delete(access=access, meeting=world.meeting)
    assert not Meeting.objects.filter(pk=world.meeting.pk).exists()
    for model in (Note, NoteVersion, RecordClosure, Airtime):
        assert not model.objects.exists(), model


def test_removing_a_seat_removes_its_attributions(world: World) -> None:
    access = world.access()
    seat = world.seats["participant"]
    note = note_record(
        access=access, segment=on_record(world), text="Welcome.", speaker=seat
    )
    seat_delete(access=access, seat=seat)
    note.refresh_from_db()
    assert note.speaker_id is None and note.text == "Welcome."


def test_destroying_a_process_with_a_record_leaves_nothing(world: World) -> None:
    access = world.access()
    note = note_record(
        access=access,
        segment=on_record(world),
        text="Welcome.",
        speaker=world.seats["participant"],
    )
    record_close(access=access, meeting=world.meeting)
    note_update(access=access, note=note, text="Welcome all.")
    north = world.process.sides.order_by("position")[0]
    airtime_record(access=access, meeting=world.meeting, seconds=60, side=north)
    process_destroy(process=world.process, actor=world.users["org_convener"])
    assert not Process.objects.filter(pk=world.process.pk).exists()
    for model in (Note, NoteVersion, RecordClosure, Airtime):
        assert not model.objects.exists(), model
