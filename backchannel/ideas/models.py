"""Trial balloons (ideas) with versions and structured feedback, and joint texts
drafted as one text with sections (single-text drafting).

What is stored about who said what is deliberately thin:

* an idea keeps *no* author; its provenance is stored at the chosen tier only
  (the facilitator's text or anonymous: nothing; a side: the side alone);
* feedback keeps the author's seat (so that they can edit it) and the side at
  the time; only the author and the process's managers ever read it;
* a comment on a section keeps its side, and its seat for the managers.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from backchannel.core.fields import EncryptedJSONField, EncryptedTextField
from backchannel.core.languages import LANGUAGE_MAX, language_code
from backchannel.core.models import C, EncryptedModel
from backchannel.meetings.models import Meeting
from backchannel.participants.models import Seat
from backchannel.processes.models import Objective, Process, Side


class IdeaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FLOATED = "floated", _("Floated")
    REFINED = "refined", _("Refined")
    ADOPTED = "adopted", _("Adopted for transfer")
    SHELVED = "shelved", _("Shelved")


#: Feedback is taken only on ideas in these states.
FEEDBACK_STATUSES = frozenset({IdeaStatus.FLOATED, IdeaStatus.REFINED})


class Provenance(models.TextChoices):
    FACILITATOR = "facilitator", _("The facilitator's text")
    SIDE = "side", _("A side")
    ANONYMOUS = "anonymous", _("Anonymous")


class Stance(models.TextChoices):
    # The order is the column order of backchannel.analysis.common_ground.STANCES.
    ACCEPTABLE = "acceptable", _("Acceptable")
    ACCEPTABLE_IF = "acceptable_if", _("Acceptable if …")
    UNACCEPTABLE = "unacceptable", _("Unacceptable")
    CONSULT = "consult", _("Must consult at home")


class Idea(EncryptedModel):
    """A trial balloon: its text lives in its versions."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="ideas")
    title = EncryptedTextField(max_length=200)
    status = models.CharField(
        max_length=12, choices=IdeaStatus.choices, default=IdeaStatus.DRAFT
    )
    provenance = models.CharField(
        max_length=12, choices=Provenance.choices, default=Provenance.FACILITATOR
    )
    # Set only for the "a side" tier; nothing else about the origin is kept.
    provenance_side = models.ForeignKey(
        Side, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objectives = models.ManyToManyField(Objective, blank=True, related_name="ideas")
    # Floated in this meeting; empty when floated between meetings.
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    created_on = models.DateField(auto_now_add=True)
    # The language its versions are written in (BCP 47); empty when not stated.
    language = models.CharField(
        max_length=LANGUAGE_MAX, blank=True, default="", validators=[language_code]
    )

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "title": C.CONFIDENTIAL,
        "status": C.INTERNAL,
        "provenance": C.INTERNAL,
        "provenance_side": C.INTERNAL,
        "objectives": C.INTERNAL,
        "meeting": C.INTERNAL,
        "created_on": C.INTERNAL,
        "language": C.INTERNAL,
    }

    class Meta:
        ordering = ["created_on", "id"]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def takes_feedback(self) -> bool:
        return self.status in FEEDBACK_STATUSES


class IdeaVersion(EncryptedModel):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = EncryptedTextField(max_length=10000)
    note = EncryptedTextField(
        max_length=2000,
        blank=True,
        default="",
        help_text=_("What changed since the version before."),
    )
    created_on = models.DateField(auto_now_add=True)
    closed = models.BooleanField(default=False)
    # Participants see the aggregates of a version only once the facilitators
    # share them, which they can do only once it is closed.
    results_shared = models.BooleanField(default=False)
    # What participants see: the aggregates computed once, when the results
    # were first shared, and never recomputed (``selectors.publication``).
    published = EncryptedJSONField(null=True, blank=True, default=None)

    key_owner = "idea"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "idea": C.INTERNAL,
        "number": C.INTERNAL,
        "text": C.CONFIDENTIAL,
        "note": C.CONFIDENTIAL,
        "created_on": C.INTERNAL,
        "closed": C.INTERNAL,
        "results_shared": C.INTERNAL,
        "published": C.CONFIDENTIAL,
    }

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "number"], name="one_version_number_per_idea"
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"


class Feedback(EncryptedModel):
    """One participant's structured response to one version."""

    version = models.ForeignKey(
        IdeaVersion, on_delete=models.CASCADE, related_name="feedback"
    )
    # The author's seat, so that they can edit it; kept as long as the seat is.
    seat = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The author's side when the feedback was given: what the aggregates count.
    side = models.ForeignKey(
        Side, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stance = EncryptedTextField(max_length=16, choices=Stance.choices)
    conditions = EncryptedJSONField(default=list, blank=True)
    red_lines = EncryptedJSONField(default=list, blank=True)
    comment = EncryptedTextField(max_length=4000, blank=True, default="")
    given_on = models.DateField(auto_now_add=True)
    updated_on = models.DateField(auto_now=True)

    key_owner = "version"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "version": C.INTERNAL,
        "seat": C.INTERNAL,
        "side": C.INTERNAL,
        "stance": C.CONFIDENTIAL,
        "conditions": C.CONFIDENTIAL,
        "red_lines": C.CONFIDENTIAL,
        "comment": C.CONFIDENTIAL,
        "given_on": C.INTERNAL,
        "updated_on": C.INTERNAL,
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "seat"], name="one_feedback_per_seat_per_version"
            )
        ]


# -- single-text drafting


class JointText(EncryptedModel):
    """A joint statement or draft agreement: one text, in sections, in versions."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="joint_texts"
    )
    title = EncryptedTextField(max_length=200)
    language = models.CharField(
        max_length=35,
        validators=[language_code],
        help_text=_(
            "The language of record: the text that counts if translations differ."
        ),
    )
    created_on = models.DateField(auto_now_add=True)

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "title": C.CONFIDENTIAL,
        "language": C.INTERNAL,
        "created_on": C.INTERNAL,
    }

    class Meta:
        ordering = ["created_on", "id"]

    def __str__(self) -> str:
        return str(self.title)


class JointTextVersion(EncryptedModel):
    """The whole text at one point: its sections are rows of this version."""

    joint_text = models.ForeignKey(
        JointText, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    note = EncryptedTextField(max_length=2000, blank=True, default="")
    created_on = models.DateField(auto_now_add=True)

    key_owner = "joint_text"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "joint_text": C.INTERNAL,
        "number": C.INTERNAL,
        "note": C.CONFIDENTIAL,
        "created_on": C.INTERNAL,
    }

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["joint_text", "number"], name="one_number_per_joint_text"
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"


class Section(EncryptedModel):
    """A section of one version. ``key`` is the same for the same section in
    every version, so that versions can be compared section by section."""

    version = models.ForeignKey(
        JointTextVersion, on_delete=models.CASCADE, related_name="sections"
    )
    key = models.UUIDField(default=uuid.uuid4)
    position = models.PositiveSmallIntegerField(default=0)
    heading = EncryptedTextField(max_length=300)
    body = EncryptedTextField(max_length=20000, blank=True, default="")

    key_owner = "version"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "version": C.INTERNAL,
        "key": C.INTERNAL,
        "position": C.INTERNAL,
        "heading": C.CONFIDENTIAL,
        "body": C.CONFIDENTIAL,
    }

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"], name="one_section_key_per_version"
            )
        ]

    def __str__(self) -> str:
        return str(self.heading)


class SectionComment(EncryptedModel):
    """A participant's comment on a section, shown grouped by side; the seat
    (authorship) is for the process's managers only."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="comments"
    )
    seat = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    side = models.ForeignKey(
        Side, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = EncryptedTextField(max_length=4000)
    created_on = models.DateField(auto_now_add=True)

    key_owner = "section"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "section": C.INTERNAL,
        "seat": C.INTERNAL,
        "side": C.INTERNAL,
        "text": C.CONFIDENTIAL,
        "created_on": C.INTERNAL,
    }

    class Meta:
        ordering = ["created_on", "id"]
