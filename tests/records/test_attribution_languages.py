"""The note form and its stored attribution in every language: the form's
choices and help are translated, and the attribution is stored as a code,
written in the reader's language when read (never the writer's English)."""

from __future__ import annotations

import importlib

from django.apps import apps as django_apps
from django.utils import translation

from backchannel.records.forms import NoteForm
from backchannel.records.labels import PARTICIPANT, Attribution, labels_now, parse
from backchannel.records.models import Note, NoteVersion
from backchannel.records.selectors import record_read
from backchannel.records.services import note_record
from tests.records.factories import meeting_with, segment
from tests.world import World


def _north_note(world: World) -> Note:
    meeting, _ = meeting_with(world, north=3, south=3)
    north = world.process.sides.order_by("position")[0]
    return note_record(
        access=world.access("rapporteur"),
        segment=segment(meeting, "chatham_house"),
        text="Flows must be measured jointly.",
        side=north,
    )


def test_the_note_form_speaks_the_readers_language(world: World) -> None:
    sides = list(world.process.sides.order_by("position"))
    english = NoteForm(sides=sides, speakers=[], on_record=False)
    with translation.override("fr"):
        form = NoteForm(sides=sides, speakers=[], on_record=False, current="")
        field = form.fields["attribution"]
        labels = [str(c[1]) for c in field.choices if not isinstance(c[1], list)]
        groups = [(str(g), [str(x) for _, x in opts]) for g, opts in field.choices
                  if isinstance(opts, list)]  # fmt: skip
        help_text = str(field.help_text)
    assert (
        "Nobody: the discussion" not in labels and "Personne : la discussion" in labels
    )
    assert any(label.startswith("Conserver") for label in labels)
    (group, options), = groups  # fmt: skip
    assert group != "Say which side spoke"
    assert options == [f"Un participant de {s.name}" for s in sides]
    assert help_text != str(english.fields["attribution"].help_text)


def test_the_stored_attribution_is_a_code_read_in_each_language(world: World) -> None:
    note = _north_note(world)
    north = world.process.sides.order_by("position")[0]
    stored = str(Note.objects.get(pk=note.pk).attribution)
    assert parse(stored) == Attribution("side", str(north.pk), "North")
    assert "participant" not in stored.replace('"kind"', "").replace('"side"', "")
    shown = {}
    for language in ("en", "fr", "ar"):
        with translation.override(language):
            record = record_read(world.access("participant"), note.meeting)
            shown[language] = {n.attribution for s in record.segments for n in s.notes}
    assert shown["en"] == {"a participant from North"}
    assert shown["fr"] == {"un participant de North"}
    assert all("North" in label and "participant " not in label
               for label in shown["ar"])  # fmt: skip


def test_the_migration_turns_english_labels_into_codes(world: World) -> None:
    note = _north_note(world)
    north = world.process.sides.order_by("position")[0]
    gone = _north_note(world)
    for row, legacy in (
        (note, "a participant from North"),
        (gone, "a participant from Atlantis"),
    ):
        row.attribution = legacy
        row.save(update_fields=["attribution"])
    version = NoteVersion.objects.create(
        note=note, number=1, rule=note.rule, text="Before.", attribution="a participant",
        replaced_on=note.created_on, data_key_id=note.data_key_id,
    )  # fmt: skip
    migration = importlib.import_module(
        "backchannel.records.migrations.0003_attribution_codes"
    )
    migration.to_codes(django_apps, None)
    assert parse(str(Note.objects.get(pk=note.pk).attribution)) == Attribution(
        "side", str(north.pk), "North"
    )
    assert str(Note.objects.get(pk=gone.pk).attribution) == PARTICIPANT
    assert str(NoteVersion.objects.get(pk=version.pk).attribution) == PARTICIPANT
    with translation.override("fr"):
        now = labels_now(note.meeting)
        assert now(str(Note.objects.get(pk=note.pk).attribution)) == (
            "un participant de North"
        )
    migration.to_english(django_apps, None)
    assert str(Note.objects.get(pk=note.pk).attribution) == "a participant from North"
