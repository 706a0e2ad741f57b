"""Outputs composed in the workspace, the gate's overrides, and the transfer ledger.

- An :class:`Output` (briefing, memo, non-paper, …) has an audience, a
  classification and a Markdown body composed from non-attributed notes, idea
  versions and free text; ``sources`` keeps the links to what was inserted.
  Released outputs are frozen: ``released_hash`` is the SHA-256 of the body
  that passed the gate, and the body can no longer change.
- A :class:`GateOverride` is the two-key exception to the gate: a manager asks
  with a reason, a *different* manager confirms. It holds the findings
  overridden as kind, span and the seat's pseudonym code, never a name or the
  text; the audit log's entries point at it.
- A :class:`Transfer` records what left (an output or an idea version), to
  whom (a role), by which channel and, for conveners only, which seat carried
  it. :class:`Uptake` follows what became of it, linked to objectives.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from backchannel.core.fields import (
    EncryptedJSONField,
    EncryptedTextField,
    SealedLoginField,
)
from backchannel.core.languages import LANGUAGE_MAX, language_code
from backchannel.core.models import C, EncryptedModel
from backchannel.ideas.models import IdeaVersion
from backchannel.participants.models import Seat
from backchannel.processes.models import Objective, Process

TITLE_MAX = 200
BODY_MAX = 100_000
REASON_MAX = 2000
RECIPIENT_MAX = 200
NOTE_MAX = 2000
# Processes state no language of their own: outputs start in English.
DEFAULT_LANGUAGE = "en"


class OutputKind(models.TextChoices):
    CONFIDENTIAL_BRIEFING = "confidential_briefing", _("Confidential briefing")
    MEMO_TO_MEDIATORS = "memo_to_mediators", _("Memo to mediators")
    NON_PAPER = "non_paper", _("Non-paper")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    OP_ED_DRAFT = "op_ed_draft", _("Op-ed draft")
    INTERVIEW_NOTES = "interview_notes", _("Interview notes")
    PUBLIC_CONSULTATION_REPORT = (
        "public_consultation_report",
        _("Public consultation report"),
    )


class Audience(models.TextChoices):
    TRACK1_OFFICIALS = "track1_officials", _("Track 1 officials")
    MEDIATORS = "mediators", _("Mediators")
    HOME_GOVERNMENTS = "home_governments", _("Home governments")
    PUBLIC = "public", _("The public")


class OutputClassification(models.TextChoices):
    CONFIDENTIAL = "confidential", _("Confidential")
    RESTRICTED = "restricted", _("Restricted")
    SHAREABLE = "shareable", _("Shareable with the audience")
    PUBLIC = "public", _("Public")


class OutputStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RELEASED = "released", _("Released")


class Channel(models.TextChoices):
    CONFIDENTIAL_BRIEFING = "confidential_briefing", _("Confidential briefing")
    MEMO = "memo", _("Memo")
    MEETING = "meeting", _("Meeting")
    SPEECH = "speech", _("Speech")
    OP_ED = "op_ed", _("Op-ed")
    INTERVIEW = "interview", _("Interview")
    PUBLIC_CONSULTATION = "public_consultation", _("Public consultation")


class UptakeKind(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    DISCUSSED_TRACK1 = "discussed_track1", _("Discussed in track 1")
    LANGUAGE_ADOPTED = "language_adopted", _("Language adopted in an official text")
    PUBLIC_MENTION = "public_mention", _("Public mention")


class Output(EncryptedModel):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="outputs"
    )
    kind = models.CharField(max_length=32, choices=OutputKind.choices)
    audience = models.CharField(max_length=24, choices=Audience.choices)
    classification = models.CharField(
        max_length=16,
        choices=OutputClassification.choices,
        default=OutputClassification.CONFIDENTIAL,
    )
    title = EncryptedTextField(max_length=TITLE_MAX)
    body = EncryptedTextField(max_length=BODY_MAX, blank=True, default="")
    # The language the output is written in (BCP 47); for a joint statement,
    # its language of record. Translations live in the translations app.
    language = models.CharField(
        max_length=LANGUAGE_MAX, default=DEFAULT_LANGUAGE, validators=[language_code]
    )
    # [{"type": "note" | "idea_version", "id": "<uuid>", "label": "..."}]
    sources = EncryptedJSONField(default=list, blank=True)
    status = models.CharField(
        max_length=12, choices=OutputStatus.choices, default=OutputStatus.DRAFT
    )
    # Who created and released it: sealed under the process's key, like the
    # audit log's actors (no clear link from a process's row to a login).
    created_by = SealedLoginField(null=True, blank=True, default=None)
    created_on = models.DateField(auto_now_add=True)
    updated_on = models.DateField(auto_now=True)
    released_on = models.DateField(null=True, blank=True)
    released_by = SealedLoginField(null=True, blank=True, default=None)
    released_hash = models.CharField(max_length=64, blank=True, default="")

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "kind": C.INTERNAL,
        "audience": C.INTERNAL,
        "classification": C.INTERNAL,
        "title": C.CONFIDENTIAL,
        "body": C.CONFIDENTIAL,
        "language": C.INTERNAL,
        "sources": C.CONFIDENTIAL,
        "status": C.INTERNAL,
        "created_by": C.CONFIDENTIAL,
        "created_on": C.INTERNAL,
        "updated_on": C.INTERNAL,
        "released_on": C.INTERNAL,
        "released_by": C.CONFIDENTIAL,
        "released_hash": C.INTERNAL,
    }

    class Meta:
        ordering = ["-created_on", "id"]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def released(self) -> bool:
        return self.status == OutputStatus.RELEASED

    @property
    def has_language_of_record(self) -> bool:
        """A joint statement's language is its language of record: the one
        version that counts; translations of it are not authoritative."""
        return self.kind == OutputKind.JOINT_STATEMENT


class GateOverride(EncryptedModel):
    """Two managers let an output past the gate's findings; see the module."""

    output = models.ForeignKey(
        Output, on_delete=models.CASCADE, related_name="overrides"
    )
    # GateReport.digest: the text and its findings when the override was asked.
    digest = models.CharField(max_length=64)
    # [{"kind": "name", "start": 10, "end": 22, "seat": "P-7K2Q"}]: no names, no text.
    findings = EncryptedJSONField(default=list)
    reason = EncryptedTextField(max_length=REASON_MAX)
    requested_by = SealedLoginField(null=True, blank=True, default=None)
    requested_on = models.DateField(auto_now_add=True)
    confirmed_by = SealedLoginField(null=True, blank=True, default=None)
    confirmed_on = models.DateField(null=True, blank=True)

    key_owner = "output"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "output": C.INTERNAL,
        "digest": C.INTERNAL,
        "findings": C.CONFIDENTIAL,
        "reason": C.CONFIDENTIAL,
        "requested_by": C.CONFIDENTIAL,
        "requested_on": C.INTERNAL,
        "confirmed_by": C.CONFIDENTIAL,
        "confirmed_on": C.INTERNAL,
    }

    class Meta:
        ordering = ["-requested_on", "id"]

    @property
    def confirmed(self) -> bool:
        return self.confirmed_on is not None


class Transfer(EncryptedModel):
    """One thing that left the workspace: what, to whom, how, carried by whom."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="transfers"
    )
    output = models.ForeignKey(
        Output,
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="transfers",
    )
    # Deleting the idea later keeps the ledger's line (with the artefact's hash).
    idea_version = models.ForeignKey(
        IdeaVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfers",
    )
    recipient = EncryptedTextField(max_length=RECIPIENT_MAX)
    channel = models.CharField(max_length=24, choices=Channel.choices)
    # Visible to conveners only (web, API and CLI alike).
    carrier = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    transferred_on = models.DateField()
    classification = models.CharField(
        max_length=16, choices=OutputClassification.choices
    )
    consent_obtained = models.BooleanField(default=False)
    artefact_hash = models.CharField(max_length=64, blank=True, default="")
    note = EncryptedTextField(max_length=NOTE_MAX, blank=True, default="")
    recorded_by = SealedLoginField(null=True, blank=True, default=None)

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "output": C.INTERNAL,
        "idea_version": C.INTERNAL,
        "recipient": C.CONFIDENTIAL,
        "channel": C.INTERNAL,
        "carrier": C.INTERNAL,
        "transferred_on": C.INTERNAL,
        "classification": C.INTERNAL,
        "consent_obtained": C.INTERNAL,
        "artefact_hash": C.INTERNAL,
        "note": C.CONFIDENTIAL,
        "recorded_by": C.CONFIDENTIAL,
    }

    class Meta:
        ordering = ["-transferred_on", "id"]


class Uptake(EncryptedModel):
    """What became of a transfer, linked to the objectives it served."""

    transfer = models.ForeignKey(
        Transfer, on_delete=models.CASCADE, related_name="uptakes"
    )
    kind = models.CharField(max_length=24, choices=UptakeKind.choices)
    observed_on = models.DateField()
    note = EncryptedTextField(max_length=NOTE_MAX, blank=True, default="")
    objectives = models.ManyToManyField(Objective, blank=True, related_name="uptakes")
    recorded_by = SealedLoginField(null=True, blank=True, default=None)

    key_owner = "transfer"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "transfer": C.INTERNAL,
        "kind": C.INTERNAL,
        "observed_on": C.INTERNAL,
        "note": C.CONFIDENTIAL,
        "objectives": C.INTERNAL,
        "recorded_by": C.CONFIDENTIAL,
    }

    class Meta:
        ordering = ["-observed_on", "id"]
