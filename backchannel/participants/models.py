"""People (the organisation's registry, reused across processes) and seats."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backchannel.accounts.models import Organisation, User
from backchannel.core.fields import (
    EncryptedJSONField,
    EncryptedTextField,
    SealedLoginField,
)
from backchannel.core.models import C, EncryptedModel
from backchannel.participants.blindindex import login_indexes
from backchannel.processes.models import Process, Side


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class Capacity(models.TextChoices):
    OFFICIAL_PERSONAL = (
        "official_personal",
        _("Government official (personal capacity)"),
    )
    QUASI_OFFICIAL = "quasi_official", _("Quasi-official")
    EXPERT = "expert", _("Non-governmental expert")
    CIVIL_SOCIETY = "civil_society", _("Civil-society leader")
    UNOFFICIAL_REP = "unofficial_rep", _("Unofficial representative")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    KEY_PERSON = "key_person", _("Key person")
    BROADER = "broader", _("Broader constituency")


# What a person added without saying gets, wherever they are added (the person
# form preselects it, the roster import fills it in): nothing that would count
# them as an official, a woman or a key person in the composition.
PERSON_DEFAULTS: dict[str, str] = {
    "capacity": Capacity.OTHER,
    "gender": Gender.UNDISCLOSED,
    "level": Level.BROADER,
}


class Person(EncryptedModel):
    """Everything that identifies a person is encrypted under the organisation's key."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="people"
    )
    # The person's login, with no clear link to the users table
    # (``participants.logins``): ``login_index`` is a keyed blind index of the
    # login's id (HMAC under a key derived from the master key), so the running
    # server finds "the person of this login" and a database copy cannot;
    # ``login`` is the login's id and name sealed under the organisation's key,
    # so a convener sees which login a person has.
    login_index = models.CharField(
        max_length=64, null=True, blank=True, default=None, editable=False
    )
    login = SealedLoginField(null=True, blank=True, default=None, editable=False)
    name = EncryptedTextField(max_length=200)
    aliases = EncryptedJSONField(default=list, blank=True)
    contact = EncryptedJSONField(default=dict, blank=True)
    languages = EncryptedJSONField(default=list, blank=True)
    gender = EncryptedTextField(max_length=16, choices=Gender.choices)
    capacity = EncryptedTextField(max_length=24, choices=Capacity.choices)
    level = EncryptedTextField(max_length=12, choices=Level.choices)
    consent_on = models.DateField(null=True, blank=True)
    consent_version = models.CharField(max_length=32, blank=True, default="")

    key_owner = "organisation"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "organisation": C.INTERNAL,
        "login_index": C.SECRET,
        "login": C.CONFIDENTIAL,
        "name": C.CONFIDENTIAL,
        "aliases": C.CONFIDENTIAL,
        "contact": C.CONFIDENTIAL,
        "languages": C.CONFIDENTIAL,
        "gender": C.CONFIDENTIAL,
        "capacity": C.CONFIDENTIAL,
        "level": C.CONFIDENTIAL,
        "consent_on": C.INTERNAL,
        "consent_version": C.INTERNAL,
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "login_index"],
                condition=models.Q(login_index__isnull=False),
                name="one_person_per_login_per_org",
                violation_error_message=_(
                    "This login already belongs to another person of the "
                    "organisation's registry: seat that person instead."
                ),
            )
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def has_login(self) -> bool:
        """Whether a login is linked (read without opening the seal)."""
        return self.login_index is not None


class Affiliation(EncryptedModel):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation_name = EncryptedTextField(max_length=300)
    title = EncryptedTextField(max_length=300, blank=True, default="")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    key_owner = "person"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "person": C.INTERNAL,
        "organisation_name": C.CONFIDENTIAL,
        "title": C.CONFIDENTIAL,
        "starts_on": C.INTERNAL,
        "ends_on": C.INTERNAL,
    }

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="affiliation_ends_after_start",
                violation_error_message="An affiliation cannot end before it starts.",
            )
        ]

    def describe(self) -> str:
        return ", ".join(x for x in (str(self.title), str(self.organisation_name)) if x)


class SeatRole(models.TextChoices):
    CONVENER = "convener", _("Convener")
    FACILITATOR = "facilitator", _("Facilitator")
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")
    INTERPRETER = "interpreter", _("Interpreter")


class SeatQuerySet(models.QuerySet["Seat"]):
    def held_by(self, user: User) -> SeatQuerySet:
        """The seats that give ``user`` access: their person's login, taken up
        (an accepted invitation) and not left. The person is found by the
        login's blind index (``participants.logins``), never a clear link."""
        return self.filter(
            person__login_index__in=login_indexes(user),
            joined_on__isnull=False,
            left_on__isnull=True,
        )


class Seat(EncryptedModel):
    """A person's place in one process: side, role and pseudonym code."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="seats")
    side = models.ForeignKey(
        Side, null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    role = models.CharField(max_length=12, choices=SeatRole.choices)
    pseudonym = EncryptedTextField(max_length=32)
    # Interpreters see no content until they accept the confidentiality pledge
    # (``participants.pledge``): which version, and the day.
    pledge_version = models.CharField(max_length=16, blank=True, default="")
    pledge_accepted_on = models.DateField(null=True, blank=True)
    # The seat gives its person's login access from the day it was taken up
    # (an accepted invitation) until the day its holder left the process.
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    # The process's ground rules the holder accepted: which version, and the day.
    rules_version = models.CharField(max_length=32, blank=True, default="")
    rules_accepted_on = models.DateField(null=True, blank=True)

    objects = SeatQuerySet.as_manager()

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "person": C.INTERNAL,
        "side": C.INTERNAL,
        "role": C.INTERNAL,
        "pseudonym": C.CONFIDENTIAL,
        "pledge_version": C.INTERNAL,
        "pledge_accepted_on": C.INTERNAL,
        "joined_on": C.INTERNAL,
        "left_on": C.INTERNAL,
        "rules_version": C.INTERNAL,
        "rules_accepted_on": C.INTERNAL,
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["process", "person"],
                name="one_seat_per_person",
                violation_error_message=_(
                    "This person already holds a seat in the process: edit that "
                    "seat instead."
                ),
            )
        ]

    def __str__(self) -> str:
        return str(self.pseudonym)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(
            accepted_on__isnull=True,
            revoked_on__isnull=True,
            expires_at__gt=timezone.now(),
        )


class Invitation(EncryptedModel):
    """A single-use, expiring invitation to take up one seat.

    Only a hash of its code is stored; the code itself is shown once, to the
    manager who made it, to hand over out of band (link, short code, QR code).
    Who made it is sealed under the process's key (no clear link to a login).
    """

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="invitations")
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = SealedLoginField(null=True, blank=True, default=None)
    created_on = models.DateField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_on = models.DateField(null=True, blank=True)
    revoked_on = models.DateField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    key_owner = "seat"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "seat": C.INTERNAL,
        "code_hash": C.SECRET,
        "created_by": C.CONFIDENTIAL,
        "created_on": C.INTERNAL,
        "expires_at": C.INTERNAL,
        "accepted_on": C.INTERNAL,
        "revoked_on": C.INTERNAL,
    }

    @property
    def valid_through(self) -> dt.date:
        """The last full day (UTC) the invitation can be used: it expires at
        the midnight that ends it. Pages say "valid through" this day, in the
        reader's date format, rather than an expiry at "midnight" of the next."""
        last_moment = self.expires_at.astimezone(dt.UTC) - dt.timedelta(microseconds=1)
        return last_moment.date()

    @property
    def state(self) -> str:
        if self.accepted_on is not None:
            return "accepted"
        if self.revoked_on is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
