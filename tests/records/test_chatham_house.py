"""Under the Chatham House Rule the record stores no identity: by construction."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from backchannel.core.errors import ValidationFailed
from backchannel.core.models import DataKey
from backchannel.meetings.models import Meeting, Segment
from backchannel.participants.models import Affiliation, Person, Seat
from backchannel.processes.models import Side
from backchannel.records.labels import Attribution, labels_now, parse
from backchannel.records.models import Note, NoteVersion
from backchannel.records.services import note_record, note_update, record_close
from tests.records.factories import chatham, meeting_with, segment
from tests.world import World


def _raw_row(note: Note) -> dict[str, object]:
    table = connection.ops.quote_name(Note._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {table} WHERE id = %s",  # noqa: S608
            [note.pk.hex if connection.vendor == "sqlite" else note.pk],
        )
        columns = [c[0] for c in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def test_notes_have_no_column_for_a_person_an_affiliation_or_a_side() -> None:
    related = {
        f.name: f.related_model
        for model in (Note, NoteVersion)
        for f in model._meta.concrete_fields
        if f.is_relation
    }
    assert Person not in related.values()
    assert Affiliation not in related.values()
    assert Side not in related.values()
    # The one link to a seat is the on-record speaker, guarded by a constraint.
    assert {n for n, m in related.items() if m is Seat} == {"speaker"}
    assert set(related.values()) <= {DataKey, Meeting, Segment, Seat, Note}


def test_a_chatham_house_note_stores_only_text_and_a_computed_label(
    world: World,
) -> None:
    meeting, _ = meeting_with(world, north=3, south=1)
    north = world.process.sides.order_by("position")[0]
    note = note_record(
        access=world.access("rapporteur"),
        segment=segment(meeting, "chatham_house"),
        text="The upstream reservoir rules should be published.",
        side=north,
    )
    row = _raw_row(note)
    assert row["speaker_id"] is None
    assert row["rule"] == "chatham_house"
    # Text and label are ciphertext at rest...
    assert b"reservoir" not in bytes(row["text"])
    assert b"North" not in bytes(row["attribution"])
    # ...and decrypt to what the rapporteur wrote and what the service computed.
    stored = Note.objects.get(pk=note.pk)
    assert stored.text == "The upstream reservoir rules should be published."
    north = world.process.sides.order_by("position")[0]
    # A code, not an English sentence: written in the reader's language on read.
    assert parse(str(stored.attribution)) == Attribution("side", str(north.pk), "North")
    assert (
        labels_now(stored.meeting)(str(stored.attribution))
        == "a participant from North"
    )
    names = [str(p.name) for p in Person.objects.filter(organisation=world.org)]
    for value in (str(stored.text), str(stored.attribution)):
        assert not any(name in value for name in names)


def test_the_service_refuses_a_speaker_naming_the_field_and_the_rule(
    world: World,
) -> None:
    seat = world.seats["participant"]  # attended the world's meeting
    with pytest.raises(ValidationFailed) as refused:
        note_record(
            access=world.access("rapporteur"),
            segment=chatham(world),
            text="Mapped.",
            speaker=seat,
        )
    assert set(refused.value.errors) == {"speaker"}
    message = refused.value.errors["speaker"][0]
    assert "Chatham House Rule" in message and "may not name a speaker" in message
    assert not Note.objects.exists()


def test_an_edit_cannot_add_a_speaker_to_a_chatham_house_note(world: World) -> None:
    access = world.access("rapporteur")
    note = note_record(access=access, segment=chatham(world), text="Mapped.")
    with pytest.raises(ValidationFailed) as refused:
        note_update(access=access, note=note, speaker=world.seats["participant"])
    assert set(refused.value.errors) == {"speaker"}
    assert Note.objects.get(pk=note.pk).speaker_id is None


def test_the_database_refuses_a_speaker_on_a_chatham_house_note_even_bypassing_services(
    world: World,
) -> None:
    access = world.access("rapporteur")
    note = note_record(access=access, segment=chatham(world), text="Mapped.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Note.objects.filter(pk=note.pk).update(speaker=world.seats["participant"])
    record_close(access=access, meeting=world.meeting)
    note_update(access=access, note=note, text="Mapped, twice.")
    version = NoteVersion.objects.get(note=note)
    with pytest.raises(IntegrityError), transaction.atomic():
        NoteVersion.objects.filter(pk=version.pk).update(
            speaker=world.seats["participant"]
        )


def test_the_database_refuses_any_note_in_an_off_record_segment(world: World) -> None:
    access = world.access("rapporteur")
    note = note_record(access=access, segment=chatham(world), text="Mapped.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Note.objects.filter(pk=note.pk).update(rule="off_record")


@pytest.mark.parametrize(
    ("present", "label"),
    [(2, "a participant"), (3, "a participant from North")],
)
def test_a_side_is_named_only_when_three_of_its_participants_attended(
    world: World, present: int, label: str
) -> None:
    meeting, _ = meeting_with(world, north=present, south=3)
    north = world.process.sides.order_by("position")[0]
    note = note_record(
        access=world.access("rapporteur"),
        segment=segment(meeting, "chatham_house"),
        text="Flows must be measured jointly.",
        side=north,
    )
    assert labels_now(meeting)(str(note.attribution)) == label


def test_only_participants_present_count_towards_the_side_label(world: World) -> None:
    # Two North participants attend; the world's North observer attends too, and a
    # third North participant is seated but absent: still fewer than three.
    observer = world.seats["observer"]
    meeting, _ = meeting_with(world, north=2, south=0, extra=[observer])
    from tests.records.factories import seat_people

    seat_people(world, 0, 1, prefix="Absent")
    north = world.process.sides.order_by("position")[0]
    note = note_record(
        access=world.access("rapporteur"),
        segment=segment(meeting, "chatham_house"),
        text="Flows must be measured jointly.",
        side=north,
    )
    assert labels_now(meeting)(str(note.attribution)) == "a participant"


def test_the_client_cannot_choose_the_label(world: World) -> None:
    with pytest.raises(TypeError):
        note_record(  # type: ignore[call-arg]
            access=world.access("rapporteur"),
            segment=chatham(world),
            text="Mapped.",
            attribution="Person Participant",
        )
    with pytest.raises(ValidationFailed) as refused:
        note_update(
            access=world.access("rapporteur"),
            note=note_record(
                access=world.access("rapporteur"), segment=chatham(world), text="x"
            ),
            attribution="Person Participant",
        )
    assert set(refused.value.errors) == {"attribution"}


def test_a_chatham_house_note_that_names_someone_seated_is_refused(
    world: World,
) -> None:
    access = world.access("rapporteur")
    for text in (
        "Person Participant argued for joint gauges.",
        "As PERSON PARTICIPANT put it, flows matter.",
    ):
        with pytest.raises(ValidationFailed) as refused:
            note_record(access=access, segment=chatham(world), text=text)
        assert set(refused.value.errors) == {"text"}
        message = refused.value.errors["text"][0].casefold()
        assert "“person participant” (a person's name)" in message
    # A name outside the process's seats, or a word that merely contains a name,
    # is the rapporteur's to write.
    note_record(access=access, segment=chatham(world), text="Ilse Varga's paper.")
    assert Note.objects.count() == 1
