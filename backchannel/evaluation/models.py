"""Evaluation: trust rounds, contact reports, outcomes, the do-no-harm register.

What a seized database shows: which seat answered which round (as the feedback
of ``ideas`` does) and dates, likelihoods and impacts; never an answer, a
contact, an outcome or a risk, which are encrypted under the process's key.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from backchannel.core.fields import EncryptedJSONField, EncryptedTextField
from backchannel.core.models import C, EncryptedModel
from backchannel.participants.models import Seat
from backchannel.processes.models import Objective, Process, RppLevel, RppReach, Side


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class TrustRound(EncryptedModel):
    """One short private survey, answered by the participants while it is open.

    The standard items (``evaluation.items.STANDARD_ITEMS``) are always asked;
    ``custom_items`` adds ``[{"key": ..., "text": ...}]`` of the process's own.
    """

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="trust_rounds"
    )
    title = EncryptedTextField(max_length=200)
    held_on = models.DateField()
    status = models.CharField(
        max_length=8, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    custom_items = EncryptedJSONField(default=list, blank=True)
    # The round's figures, computed once when it closes (``selectors.publication``).
    published = EncryptedJSONField(null=True, blank=True, default=None)

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "title": C.CONFIDENTIAL,
        "held_on": C.INTERNAL,
        "status": C.INTERNAL,
        "custom_items": C.CONFIDENTIAL,
        "published": C.CONFIDENTIAL,
    }

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return str(self.title)


class TrustResponse(EncryptedModel):
    """One participant's answers to one round: ``{item key: 1..5}``.

    Only its author reads it, and only while the round is open; everyone else
    (managers included) sees aggregates of at least three.
    """

    round = models.ForeignKey(
        TrustRound, on_delete=models.CASCADE, related_name="responses"
    )
    # The author's seat: so that they can edit it, and for cohort continuity.
    seat = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The author's side when answering: what the aggregates count.
    side = models.ForeignKey(
        Side, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answers = EncryptedJSONField(default=dict)
    updated_on = models.DateField(auto_now=True)

    key_owner = "round"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "round": C.INTERNAL,
        "seat": C.INTERNAL,
        "side": C.INTERNAL,
        "answers": C.CONFIDENTIAL,
        "updated_on": C.INTERNAL,
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "seat"], name="one_trust_response_per_seat"
            )
        ]


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    FEW = "few", _("A few times")
    OFTEN = "often", _("Often")


class ContactReport(EncryptedModel):
    """A participant's private list of cross-side contacts since the last round:
    ``[{"seat": "<seat id>", "frequency": "once|few|often"}]``. Nobody else
    ever reads the list; the workspace shows only the network's density."""

    round = models.ForeignKey(
        TrustRound, on_delete=models.CASCADE, related_name="contact_reports"
    )
    seat = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    side = models.ForeignKey(
        Side, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contacts = EncryptedJSONField(default=list, blank=True)
    updated_on = models.DateField(auto_now=True)

    key_owner = "round"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "round": C.INTERNAL,
        "seat": C.INTERNAL,
        "side": C.INTERNAL,
        "contacts": C.CONFIDENTIAL,
        "updated_on": C.INTERNAL,
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "seat"], name="one_contact_report_per_seat"
            )
        ]


class Outcome(EncryptedModel):
    """An outcome record (outcome harvesting): which social actor changed what."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="outcomes"
    )
    social_actor = EncryptedTextField(max_length=300)
    change = EncryptedTextField(max_length=4000)
    observed_on = models.DateField()
    significance = EncryptedTextField(max_length=4000, blank=True, default="")
    contribution = EncryptedTextField(max_length=4000, blank=True, default="")
    evidence = EncryptedTextField(max_length=4000, blank=True, default="")
    verified_by = EncryptedTextField(max_length=300, blank=True, default="")
    objectives = models.ManyToManyField(Objective, blank=True, related_name="outcomes")
    # The transfers (ledger lines) that contributed to this outcome.
    transfers = models.ManyToManyField(
        "transfer.Transfer", blank=True, related_name="outcomes"
    )
    rpp_reach = models.CharField(
        max_length=12, choices=RppReach.choices, blank=True, default=""
    )
    rpp_level = models.CharField(
        max_length=16, choices=RppLevel.choices, blank=True, default=""
    )

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "social_actor": C.CONFIDENTIAL,
        "change": C.CONFIDENTIAL,
        "observed_on": C.INTERNAL,
        "significance": C.CONFIDENTIAL,
        "contribution": C.CONFIDENTIAL,
        "evidence": C.CONFIDENTIAL,
        "verified_by": C.CONFIDENTIAL,
        "objectives": C.INTERNAL,
        "transfers": C.INTERNAL,
        "rpp_reach": C.INTERNAL,
        "rpp_level": C.INTERNAL,
    }

    class Meta:
        ordering = ["observed_on", "id"]

    def __str__(self) -> str:
        return str(self.change)


class RiskKind(models.TextChoices):
    SAFETY = "safety", _("Participants' safety")
    LEAK = "leak", _("Leak")
    DIVIDER = "divider", _("Divider")
    CONNECTOR = "connector", _("Connector")


class Risk(EncryptedModel):
    """One entry of the do-no-harm register. Likelihood and impact are 1..5."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(max_length=12, choices=RiskKind.choices)
    description = EncryptedTextField(max_length=4000)
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    mitigation = EncryptedTextField(max_length=4000, blank=True, default="")
    owner = EncryptedTextField(max_length=200, blank=True, default="")
    review_on = models.DateField()

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "kind": C.INTERNAL,
        "description": C.CONFIDENTIAL,
        "likelihood": C.INTERNAL,
        "impact": C.INTERNAL,
        "mitigation": C.CONFIDENTIAL,
        "owner": C.CONFIDENTIAL,
        "review_on": C.INTERNAL,
    }

    class Meta:
        ordering = ["review_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5)
                & models.Q(impact__gte=1, impact__lte=5),
                name="risk_scores_one_to_five",
                violation_error_message="Likelihood and impact run from 1 to 5.",
            )
        ]

    def __str__(self) -> str:
        return str(self.description)


class EvaluationPlan(EncryptedModel):
    """Per process: the transfer strategy (how results reach track 1 and the
    public) and when the do-no-harm register was last reviewed."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="evaluation_plan"
    )
    transfer_strategy = EncryptedTextField(blank=True, default="")
    register_reviewed_on = models.DateField(null=True, blank=True)

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "transfer_strategy": C.CONFIDENTIAL,
        "register_reviewed_on": C.INTERNAL,
    }
