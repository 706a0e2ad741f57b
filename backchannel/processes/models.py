"""Dialogue processes: track, sides, stage, approach, phases, objectives, indicators,
and the ecosystem of processes around them."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from backchannel.accounts.models import Organisation
from backchannel.core.fields import EncryptedTextField
from backchannel.core.models import C, EncryptedModel


class Track(models.TextChoices):
    TRACK_1_5 = (
        "1.5",
        _("Track 1.5 (officials in a personal capacity with non-officials)"),
    )
    TRACK_2 = "2", _("Track 2 (unofficial representatives only)")


class Stage(models.TextChoices):
    PREVENTIVE = "preventive", _("Preventive")
    PRE_NEGOTIATION = "pre_negotiation", _("Pre-negotiation")
    NEGOTIATION = "negotiation", _("Negotiation")
    POST_CONFLICT = "post_conflict", _("Post-conflict")


class Approach(models.TextChoices):
    RELATIONSHIP_BUILDING = "relationship_building", _("Relationship building")
    PROBLEM_SOLVING = "problem_solving", _("Problem solving")
    OUTCOME_DRIVEN = "outcome_driven", _("Outcome-driven")


class ProcessStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CONCLUDED = "concluded", _("Concluded")


class RecordRule(models.TextChoices):
    ON_RECORD = "on_record", _("On the record")
    CHATHAM_HOUSE = "chatham_house", _("Chatham House Rule")
    OFF_RECORD = "off_record", _("Off the record")


class Process(EncryptedModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="processes"
    )
    title = EncryptedTextField(max_length=200)
    context = EncryptedTextField(blank=True, default="")
    track = models.CharField(max_length=4, choices=Track.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    approach = models.CharField(max_length=24, choices=Approach.choices)
    status = models.CharField(
        max_length=12, choices=ProcessStatus.choices, default=ProcessStatus.PLANNING
    )
    record_rule = models.CharField(
        max_length=16, choices=RecordRule.choices, default=RecordRule.CHATHAM_HOUSE
    )
    retention_until = models.DateField(null=True, blank=True)
    created_on = models.DateField(auto_now_add=True)
    # What everyone seated agrees to before taking up a seat; blank means the
    # default text (``processes.rules.DEFAULT_GROUND_RULES``).
    ground_rules = EncryptedTextField(null=True, blank=True)

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "organisation": C.INTERNAL,
        "title": C.CONFIDENTIAL,
        "context": C.CONFIDENTIAL,
        "track": C.INTERNAL,
        "stage": C.INTERNAL,
        "approach": C.INTERNAL,
        "status": C.INTERNAL,
        "record_rule": C.INTERNAL,
        "retention_until": C.INTERNAL,
        "created_on": C.INTERNAL,
        "ground_rules": C.CONFIDENTIAL,
    }

    def __str__(self) -> str:
        return str(self.title)


class Side(EncryptedModel):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="sides")
    name = EncryptedTextField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "name": C.CONFIDENTIAL,
        "position": C.INTERNAL,
    }

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return str(self.name)


class Phase(EncryptedModel):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="phases"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = EncryptedTextField(max_length=200)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "position": C.INTERNAL,
        "title": C.CONFIDENTIAL,
        "stage": C.INTERNAL,
        "starts_on": C.INTERNAL,
        "ends_on": C.INTERNAL,
    }

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
                violation_error_message="A phase cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return str(self.title)


class ObjectiveKind(models.TextChoices):
    RELATIONSHIP_BUILDING = "relationship_building", _("Relationship building")
    PROBLEM_SOLVING = "problem_solving", _("Problem solving")
    DRAFT_AGREEMENT = "draft_agreement", _("Outcome: draft agreement")
    JOINT_STATEMENT = "joint_statement", _("Outcome: joint statement")
    NEW_PROPOSAL = "new_proposal", _("Outcome: new proposal")
    NON_PAPER = "non_paper", _("Outcome: non-paper")


class ObjectiveStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class RppReach(models.TextChoices):
    """Reflecting on Peace Practice: whom a change reaches."""

    MORE_PEOPLE = "more_people", _("More people")
    KEY_PEOPLE = "key_people", _("Key people")


class RppLevel(models.TextChoices):
    """Reflecting on Peace Practice: at which level a change happens."""

    INDIVIDUAL = "individual", _("Individual / personal")
    SOCIO_POLITICAL = "socio_political", _("Socio-political")


class Objective(EncryptedModel):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="objectives"
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="objectives"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=24, choices=ObjectiveKind.choices)
    text = EncryptedTextField(max_length=2000)
    expectation = EncryptedTextField(
        blank=True,
        default="",
        help_text=_("Shown to participants: what this phase can and cannot deliver."),
    )
    status = models.CharField(
        max_length=16,
        choices=ObjectiveStatus.choices,
        default=ObjectiveStatus.NOT_STARTED,
    )
    # Its place in the RPP matrix (blank: not placed yet).
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
        "phase": C.INTERNAL,
        "position": C.INTERNAL,
        "kind": C.INTERNAL,
        "text": C.CONFIDENTIAL,
        "expectation": C.CONFIDENTIAL,
        "status": C.INTERNAL,
        "rpp_reach": C.INTERNAL,
        "rpp_level": C.INTERNAL,
    }

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return str(self.text)


class Indicator(EncryptedModel):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="indicators"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="indicators"
    )
    name = EncryptedTextField(max_length=300)
    unit = EncryptedTextField(max_length=40, blank=True, default="")
    baseline = models.FloatField()
    target = models.FloatField()

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "objective": C.INTERNAL,
        "name": C.CONFIDENTIAL,
        "unit": C.CONFIDENTIAL,
        "baseline": C.INTERNAL,
        "target": C.INTERNAL,
    }

    def __str__(self) -> str:
        return str(self.name)


class Measurement(EncryptedModel):
    """One measured value of an indicator at a date."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements"
    )
    measured_on = models.DateField()
    value = models.FloatField()
    note = EncryptedTextField(blank=True, default="")

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "indicator": C.INTERNAL,
        "measured_on": C.INTERNAL,
        "value": C.INTERNAL,
        "note": C.CONFIDENTIAL,
    }

    class Meta:
        ordering = ["measured_on"]


class ExternalKind(models.TextChoices):
    TRACK_1 = "track_1", _("Track 1 talks")
    TRACK_1_5 = "track_1_5", _("Track 1.5 dialogue")
    TRACK_2 = "track_2", _("Track 2 dialogue")
    TRACK_3 = "track_3", _("Local / grassroots initiative")
    OTHER = "other", _("Other")


class ExternalProcess(EncryptedModel):
    """A process outside the workspace (track 1 talks, another dialogue, ...)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="external_processes"
    )
    name = EncryptedTextField(max_length=200)
    kind = models.CharField(max_length=12, choices=ExternalKind.choices)
    description = EncryptedTextField(blank=True, default="")

    key_owner = "organisation"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "organisation": C.INTERNAL,
        "name": C.CONFIDENTIAL,
        "kind": C.INTERNAL,
        "description": C.CONFIDENTIAL,
    }

    def __str__(self) -> str:
        return str(self.name)


class Relation(models.TextChoices):
    FEEDS_INTO = "feeds_into", _("feeds into")
    PARALLEL_TO = "parallel_to", _("runs parallel to")
    SUCCESSOR_OF = "successor_of", _("is the successor of")


class EcosystemLink(EncryptedModel):
    """``process`` —relation→ another process of the organisation or an external one."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="ecosystem_links"
    )
    relation = models.CharField(max_length=16, choices=Relation.choices)
    target_process = models.ForeignKey(
        Process, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_external = models.ForeignKey(
        ExternalProcess,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = EncryptedTextField(blank=True, default="")

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "relation": C.INTERNAL,
        "target_process": C.INTERNAL,
        "target_external": C.INTERNAL,
        "note": C.CONFIDENTIAL,
    }

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(target_process__isnull=False, target_external__isnull=True)
                    | models.Q(
                        target_process__isnull=True, target_external__isnull=False
                    )
                ),
                name="ecosystem_link_one_target",
                violation_error_message="Link to exactly one process: internal or external.",
            )
        ]


class DestroyRequest(models.Model):
    """A manager's request to crypto-shred a process, awaiting a second manager."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="destroy_request"
    )
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+"
    )
    requested_on = models.DateField(auto_now_add=True)

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "process": C.INTERNAL,
        "requested_by": C.INTERNAL,
        "requested_on": C.INTERNAL,
    }
