"""Meetings of a process, their agenda and segments with record rules."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from backchannel.core.fields import EncryptedJSONField, EncryptedTextField
from backchannel.core.models import C, EncryptedModel
from backchannel.processes.models import Phase, Process, RecordRule


class Meeting(EncryptedModel):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="meetings"
    )
    phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    title = EncryptedTextField(max_length=200)
    date = models.DateField()
    venue = EncryptedTextField(max_length=300, blank=True, default="")
    venue_withheld = models.BooleanField(default=False)
    # Seat ids of those who attended: encrypted, since who met whom is the secret.
    attendance = EncryptedJSONField(default=list, blank=True)

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "phase": C.INTERNAL,
        "title": C.CONFIDENTIAL,
        "date": C.INTERNAL,
        "venue": C.CONFIDENTIAL,
        "venue_withheld": C.INTERNAL,
        "attendance": C.CONFIDENTIAL,
    }

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return str(self.title)


class AgendaItem(EncryptedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = EncryptedTextField(max_length=300)

    key_owner = "meeting"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "meeting": C.INTERNAL,
        "position": C.INTERNAL,
        "title": C.CONFIDENTIAL,
    }

    class Meta:
        ordering = ["position"]


class Segment(EncryptedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="segments"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = EncryptedTextField(max_length=300)
    record_rule = models.CharField(max_length=16, choices=RecordRule.choices)

    key_owner = "meeting"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "meeting": C.INTERNAL,
        "position": C.INTERNAL,
        "title": C.CONFIDENTIAL,
        "record_rule": C.INTERNAL,
    }

    class Meta:
        ordering = ["position"]
