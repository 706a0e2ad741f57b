"""Translations of a process's content (see the package docstring)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from backchannel.consultations.models import Statement
from backchannel.core.fields import EncryptedTextField
from backchannel.core.languages import LANGUAGE_MAX, language_code
from backchannel.core.models import C, EncryptedModel
from backchannel.ideas.models import IdeaVersion, JointTextVersion
from backchannel.participants.models import Seat
from backchannel.processes.models import Process
from backchannel.records.models import Note
from backchannel.transfer.models import Output

TRANSLATION_MAX = 60_000
# One nullable foreign key per translatable kind (registry.KINDS names them).
SOURCE_FIELDS = ("note", "idea_version", "joint_text_version", "output", "statement")


class Mark(models.TextChoices):
    MACHINE = "machine", _("Machine (pasted, unchecked)")
    DRAFT = "draft", _("Draft")
    VERIFIED = "verified", _("Verified by an interpreter")


def _one_source() -> models.CheckConstraint:
    exactly_one = models.Q()
    for field in SOURCE_FIELDS:
        only = models.Q(**{f"{field}__isnull": False})
        for other in SOURCE_FIELDS:
            if other != field:
                only &= models.Q(**{f"{other}__isnull": True})
        exactly_one |= only
    return models.CheckConstraint(
        condition=exactly_one,
        name="translation_of_exactly_one_source",
        violation_error_message="A translation translates exactly one text.",
    )


class ContentTranslation(EncryptedModel):
    """One text of the process in one other language."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="translations"
    )
    note = models.ForeignKey(
        Note, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    idea_version = models.ForeignKey(
        IdeaVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    joint_text_version = models.ForeignKey(
        JointTextVersion,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    output = models.ForeignKey(
        Output, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A public consultation's statement: its translations are public text too.
    statement = models.ForeignKey(
        Statement,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="translations",
    )
    language = models.CharField(max_length=LANGUAGE_MAX, validators=[language_code])
    text = EncryptedTextField(max_length=TRANSLATION_MAX)
    mark = models.CharField(max_length=12, choices=Mark.choices, default=Mark.DRAFT)
    # Who wrote and who verified: the role is kept (shown to everyone), the
    # seat only for the managers; removing the seat keeps the role.
    translator = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    translator_role = models.CharField(max_length=16)
    verifier = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verifier_role = models.CharField(max_length=16, blank=True, default="")
    verified_on = models.DateField(null=True, blank=True)
    created_on = models.DateField(auto_now_add=True)
    updated_on = models.DateField(auto_now=True)

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "note": C.INTERNAL,
        "idea_version": C.INTERNAL,
        "joint_text_version": C.INTERNAL,
        "output": C.INTERNAL,
        "statement": C.INTERNAL,
        "language": C.INTERNAL,
        "text": C.CONFIDENTIAL,
        "mark": C.INTERNAL,
        "translator": C.INTERNAL,
        "translator_role": C.INTERNAL,
        "verifier": C.INTERNAL,
        "verifier_role": C.INTERNAL,
        "verified_on": C.INTERNAL,
        "created_on": C.INTERNAL,
        "updated_on": C.INTERNAL,
    }

    class Meta:
        ordering = ["language", "id"]
        constraints = [
            _one_source(),
            models.CheckConstraint(
                condition=~models.Q(mark="verified")
                | models.Q(verified_on__isnull=False),
                name="translation_verified_has_a_day",
                violation_error_message="A verified translation records the day.",
            ),
            *[
                models.UniqueConstraint(
                    fields=[field, "language"],
                    condition=models.Q(**{f"{field}__isnull": False}),
                    name=f"one_translation_per_language_{field}",
                    violation_error_message=(
                        "This text already has a translation into this language: "
                        "update that one."
                    ),
                )
                for field in SOURCE_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.mark})"

    @property
    def source_field(self) -> str:
        return next(f for f in SOURCE_FIELDS if getattr(self, f"{f}_id") is not None)

    @property
    def source_id(self) -> object:
        return getattr(self, f"{self.source_field}_id")
