"""Hosted public consultations (Pol.is style): statements, ballots, votes and the
runs of their analysis.

Who is stored about the public is deliberately thin:

* a voter is a *ballot*: its id is derived from a random token that lives only
  in the voter's cookie (see :meth:`Ballot.id_for`); no account, no address, no
  user agent, no time of day;
* a vote is ``(ballot, statement, value)`` and nothing else: voting again on
  the same statement overwrites it (a unique constraint, so a vote is never
  counted twice);
* statement texts are published to voters through an unguessable link, but
  they are still encrypted under the process's data key, so a copy of the
  database says nothing of the dialogue behind the consultation and
  crypto-shredding the process destroys them too.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from backchannel.core.fields import EncryptedJSONField, EncryptedTextField
from backchannel.core.languages import LANGUAGE_MAX, language_code
from backchannel.core.models import BaseModel, C, EncryptedModel
from backchannel.processes.models import Process

STATEMENT_MAX = 400


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (the public link does not open yet)")
    OPEN = "open", _("Open for votes")
    CLOSED = "closed", _("Closed (results only)")


class Consultation(EncryptedModel):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="consultations"
    )
    title = EncryptedTextField(max_length=200)
    question = EncryptedTextField(max_length=1000, blank=True, default="")
    status = models.CharField(
        max_length=8,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    # The public link /c/<token>/: looked up by its hash; the token itself is
    # kept encrypted so that managers can copy the link again.
    token = EncryptedTextField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    accepts_statements = models.BooleanField(
        default=True,
        help_text=_("Voters may propose statements; they wait for moderation."),
    )
    public_results = models.BooleanField(
        default=False,
        help_text=_("Anyone with the link sees the results at /c/<token>/results/."),
    )
    # Numbers statements in order (Pol.is comment ids), under a row lock.
    statement_count = models.PositiveIntegerField(default=0)
    created_on = models.DateField(auto_now_add=True)

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "title": C.CONFIDENTIAL,
        "question": C.CONFIDENTIAL,
        "status": C.INTERNAL,
        "token": C.CONFIDENTIAL,
        "token_hash": C.SECRET,
        "accepts_statements": C.INTERNAL,
        "public_results": C.INTERNAL,
        "statement_count": C.INTERNAL,
        "created_on": C.INTERNAL,
    }

    class Meta:
        ordering = ["created_on", "id"]

    def __str__(self) -> str:
        return str(self.title)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(f"consultation:{token}".encode()).hexdigest()


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("Pending moderation")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class StatementOrigin(models.TextChoices):
    SEED = "seed", _("Seed (from the facilitators)")
    PARTICIPANT = "participant", _("Proposed by a voter")


class Statement(EncryptedModel):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="statements"
    )
    number = models.PositiveIntegerField()
    text = EncryptedTextField(max_length=STATEMENT_MAX)
    origin = models.CharField(max_length=12, choices=StatementOrigin.choices)
    status = models.CharField(
        max_length=8, choices=StatementStatus.choices, default=StatementStatus.PENDING
    )
    # The language it is written in (BCP 47); empty when not stated. Its
    # translations sit beside it (backchannel.translations, kind "statement").
    language = models.CharField(
        max_length=LANGUAGE_MAX, blank=True, default="", validators=[language_code]
    )
    # About the conversation itself (Pol.is' is-meta, kept on import): shown
    # and voted on like any statement, left out of the opinion groups (the
    # analysis treats it as Pol.is does, as if moderated out).
    is_meta = models.BooleanField(default=False)
    # The ballot that proposed it (Pol.is exports an author id), never a person.
    author = models.ForeignKey(
        "Ballot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_on = models.DateField(auto_now_add=True)

    key_owner = "consultation"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "consultation": C.INTERNAL,
        "number": C.INTERNAL,
        "text": C.CONFIDENTIAL,
        "origin": C.INTERNAL,
        "status": C.INTERNAL,
        "language": C.INTERNAL,
        "is_meta": C.INTERNAL,
        "author": C.INTERNAL,
        "created_on": C.INTERNAL,
    }

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="statement_number_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.text)


class Ballot(models.Model):
    """One anonymous voter of one consultation.

    The id is the first 128 bits of a hash of the cookie token and the
    consultation, so a vote finds its ballot without a lookup; the token itself
    is never stored.
    """

    id = models.UUIDField(primary_key=True, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="ballots"
    )

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.SECRET,
        "consultation": C.INTERNAL,
    }

    @staticmethod
    def id_for(consultation_id: uuid.UUID, token: str) -> uuid.UUID:
        digest = hashlib.sha256(f"ballot:{consultation_id}:{token}".encode()).digest()
        return uuid.UUID(bytes=digest[:16])


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("Agree")
    DISAGREE = -1, _("Disagree")
    PASS = 0, _("Pass / unsure")


class Vote(BaseModel):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="votes"
    )
    value = models.SmallIntegerField(choices=VoteValue.choices)

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "ballot": C.INTERNAL,
        "statement": C.INTERNAL,
        "value": C.INTERNAL,
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "statement"], name="one_vote_per_ballot_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 0, 1]),
                name="vote_value_agree_disagree_pass",
            ),
        ]


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class AnalysisRun(EncryptedModel):
    """One analysis of a consultation's votes, and its results (JSON)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="runs"
    )
    status = models.CharField(
        max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    # Minute granularity: enough to tell a fresh result from a stale one.
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    participants = models.PositiveIntegerField(default=0)
    votes = models.PositiveIntegerField(default=0)
    result = EncryptedJSONField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True, default="")

    key_owner = "consultation"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "consultation": C.INTERNAL,
        "status": C.INTERNAL,
        "requested_at": C.INTERNAL,
        "finished_at": C.INTERNAL,
        "participants": C.INTERNAL,
        "votes": C.INTERNAL,
        "result": C.CONFIDENTIAL,
        "error": C.INTERNAL,
    }

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["consultation", "status"])]
