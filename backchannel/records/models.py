"""The non-attributed record of a meeting, and who held the floor (airtime).

What a note may say about who spoke is structural, not a convention:

- ``Note.speaker`` (a seat) may be filled only under the rule "on the record";
  a database constraint refuses it for any other rule.
- Under the Chatham House Rule the only attribution is ``Note.attribution``, a
  code the service computes ("a participant", or "a participant from" a side
  with its id and its name then; ``records.labels``), encrypted and written in
  the reader's language when read; no column holds a person, a seat or an
  affiliation, and no foreign key a side.
- Off-record segments keep no notes at all: a constraint refuses the rule on a
  note, so the record shows such a segment only as an agenda marker.

``Note.rule`` is the segment's rule when the note was written; a segment whose
notes exist cannot be removed or change its rule (``Note.segment`` restricts
deletion), so the two always agree.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from backchannel.core.fields import EncryptedTextField
from backchannel.core.languages import LANGUAGE_MAX, language_code
from backchannel.core.models import BaseModel, C, EncryptedModel
from backchannel.meetings.models import Meeting, Segment
from backchannel.participants.models import Capacity, Gender, Seat
from backchannel.processes.models import RecordRule, Side

NOTE_MAX = 10_000
ATTRIBUTION_MAX = 200
# One interval of airtime: four hours is longer than any session.
AIRTIME_MAX_SECONDS = 4 * 3600

ON_RECORD = RecordRule.ON_RECORD
CHATHAM_HOUSE = RecordRule.CHATHAM_HOUSE
OFF_RECORD = RecordRule.OFF_RECORD


def _speaker_on_record_only(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(speaker__isnull=True) | models.Q(rule=ON_RECORD),
        name=f"{prefix}_speaker_only_on_record",
        violation_error_message="Only a note on the record may name its speaker.",
    )


def _never_off_record(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~models.Q(rule=OFF_RECORD),
        name=f"{prefix}_never_off_record",
        violation_error_message="Off-record segments keep no notes.",
    )


class Note(EncryptedModel):
    """One entry of a meeting's record, in one segment, under that segment's rule."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    # RESTRICT: a segment with notes cannot be deleted on its own (nor change
    # its rule, which meetings do by replacing the segment); deleting the
    # whole meeting still removes both.
    segment = models.ForeignKey(
        Segment, on_delete=models.RESTRICT, related_name="notes"
    )
    rule = models.CharField(max_length=16, choices=RecordRule.choices)
    position = models.PositiveIntegerField(default=0)
    text = EncryptedTextField(max_length=NOTE_MAX)
    # On the record only (constraint). Removing the seat removes the attribution.
    speaker = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Computed by the service, never typed by a client.
    attribution = EncryptedTextField(max_length=ATTRIBUTION_MAX, blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_on = models.DateField()
    updated_on = models.DateField(null=True, blank=True)
    # The language the note was written in (BCP 47); empty when not stated.
    # Translations live in ``translations.ContentTranslation``.
    language = models.CharField(
        max_length=LANGUAGE_MAX, blank=True, default="", validators=[language_code]
    )

    key_owner = "meeting"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "meeting": C.INTERNAL,
        "segment": C.INTERNAL,
        "rule": C.INTERNAL,
        "position": C.INTERNAL,
        "text": C.CONFIDENTIAL,
        "speaker": C.INTERNAL,
        "attribution": C.CONFIDENTIAL,
        "version": C.INTERNAL,
        "created_on": C.INTERNAL,
        "updated_on": C.INTERNAL,
        "language": C.INTERNAL,
    }

    class Meta:
        ordering = ["position"]
        constraints = [_speaker_on_record_only("note"), _never_off_record("note")]


class NoteVersion(EncryptedModel):
    """A note as it stood before an edit made after its record was closed."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    rule = models.CharField(max_length=16, choices=RecordRule.choices)
    text = EncryptedTextField(max_length=NOTE_MAX)
    speaker = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attribution = EncryptedTextField(max_length=ATTRIBUTION_MAX, blank=True, default="")
    # The day an edit replaced this version.
    replaced_on = models.DateField()

    key_owner = "note"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "note": C.INTERNAL,
        "number": C.INTERNAL,
        "rule": C.INTERNAL,
        "text": C.CONFIDENTIAL,
        "speaker": C.INTERNAL,
        "attribution": C.CONFIDENTIAL,
        "replaced_on": C.INTERNAL,
    }

    class Meta:
        ordering = ["-number"]
        constraints = [
            _speaker_on_record_only("note_version"),
            _never_off_record("note_version"),
            models.UniqueConstraint(
                fields=["note", "number"], name="one_note_version_per_number"
            ),
        ]


class RecordClosure(BaseModel):
    """A meeting's record was closed: later edits are kept as versions."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="record_closure"
    )
    closed_on = models.DateField()

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "meeting": C.INTERNAL,
        "closed_on": C.INTERNAL,
    }


class Airtime(EncryptedModel):
    """Seconds during which one side held the floor: never who spoke.

    Gender and capacity are optional and encrypted: with the side and the
    meeting they could single someone out.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="airtime"
    )
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # None: the floor was with no side (the facilitation team). Removing a side
    # removes its airtime.
    side = models.ForeignKey(
        Side, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    gender = EncryptedTextField(
        max_length=16, choices=Gender.choices, blank=True, default=""
    )
    capacity = EncryptedTextField(
        max_length=24, choices=Capacity.choices, blank=True, default=""
    )
    seconds = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(AIRTIME_MAX_SECONDS)]
    )
    recorded_on = models.DateField()

    key_owner = "meeting"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "meeting": C.INTERNAL,
        "segment": C.INTERNAL,
        "side": C.INTERNAL,
        "gender": C.CONFIDENTIAL,
        "capacity": C.CONFIDENTIAL,
        "seconds": C.INTERNAL,
        "recorded_on": C.INTERNAL,
    }

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seconds__gte=1)
                & models.Q(seconds__lte=AIRTIME_MAX_SECONDS),
                name="airtime_seconds_in_range",
            )
        ]
