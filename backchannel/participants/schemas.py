"""API shapes of people (the organisation's registry), seats and the composition.

What identifies and reaches a person (contact details, affiliations, gender,
capacity) leaves only through ``PersonOut``, which the registry's keepers get
and, on seats, only readers with ``access.can_see_contacts``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema

from backchannel.core.schemas import In, Out
from backchannel.participants.composition import Composition
from backchannel.participants.logins import login_name
from backchannel.participants.models import (
    Affiliation,
    Capacity,
    Gender,
    Invitation,
    Level,
    Person,
    Seat,
    SeatRole,
)
from backchannel.processes.access import ProcessAccess

# -- input


class ContactIn(In):
    emails: list[str] = []
    phones: list[str] = []
    handles: list[str] = []


class PersonIn(In):
    name: str
    gender: Gender
    capacity: Capacity
    level: Level
    aliases: list[str] = []
    contact: ContactIn | None = None
    languages: list[str] = []
    consent_on: dt.date | None = None
    consent_version: str = ""


class PersonPatch(In):
    name: str | None = None
    gender: Gender | None = None
    capacity: Capacity | None = None
    level: Level | None = None
    aliases: list[str] | None = None
    contact: ContactIn | None = Field(
        None, description="Replaces all contact details: send every kind you keep."
    )
    languages: list[str] | None = None
    consent_on: dt.date | None = None
    consent_version: str | None = None


class AffiliationIn(In):
    organisation_name: str
    title: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class SeatIn(In):
    person_id: uuid.UUID = Field(
        description="A person of the organisation's registry without a seat here."
    )
    role: SeatRole
    side_id: uuid.UUID | None = Field(
        None, description="Required for participants; a side of this process."
    )
    pseudonym: str = Field(
        "", description="Left empty, a code such as A-03 is assigned."
    )


class SeatPatch(In):
    role: SeatRole | None = None
    side_id: uuid.UUID | None = None
    pseudonym: str | None = None


class RosterImportIn(In):
    csv: str = Field(
        description="The roster as CSV text; header "
        "name,side,role,capacity,gender,level,email,phone,affiliation,title "
        "(name and role required; a participant needs a side, by name)."
    )
    dry_run: bool = Field(
        False,
        description="Check and preview only: who would be created and who "
        "matched in the registry; nothing is written (200).",
    )


# -- output


class ContactOut(Schema):
    emails: list[str]
    phones: list[str]
    handles: list[str]


class AffiliationOut(Schema):
    id: uuid.UUID
    organisation_name: str
    title: str
    starts_on: dt.date | None
    ends_on: dt.date | None


class PersonOut(Schema):
    id: uuid.UUID
    name: str
    aliases: list[str]
    languages: list[str]
    gender: Gender
    capacity: Capacity
    level: Level
    contact: ContactOut
    affiliations: list[AffiliationOut]
    consent_on: dt.date | None
    consent_version: str
    has_account: bool


class LoginLinkOut(Schema):
    """Which login a person of the registry is linked to (organisation's
    conveners only): one login for every process of the organisation."""

    linked: bool
    username: str | None = Field(description="The linked login, if any.")
    since: dt.date | None = Field(
        description="The day the login accepted its first invitation for this person."
    )
    process_title: str = Field(
        description="The process whose invitation linked it (empty if unknown)."
    )


def login_link_out(link: object) -> LoginLinkOut:
    if link is None:
        return LoginLinkOut(linked=False, username=None, since=None, process_title="")
    return LoginLinkOut(
        linked=True,
        username=link.username,  # type: ignore[attr-defined]
        since=link.since,  # type: ignore[attr-defined]
        process_title=link.process_title,  # type: ignore[attr-defined]
    )


class TakeUpOut(Schema):
    taken_up: bool = Field(
        description="The seat gives a login access now (an accepted invitation, "
        "not left, access not ended)."
    )
    joined_on: dt.date | None = Field(description="The day it was last taken up.")
    left_on: dt.date | None = Field(
        description="The day its holder left or a convener ended its access."
    )
    username: str | None = Field(
        description="The login that holds the seat, while it is taken up."
    )


class SeatOut(Out):
    WITHHELD = frozenset({"person", "pseudonym", "take_up"})

    id: uuid.UUID
    role: SeatRole
    side_id: uuid.UUID | None
    pseudonym: str | None = Field(
        None,
        description="The seat's pseudonym code: only for the process's conveners "
        "and facilitators (with a name it would decode the record); absent for "
        "other roles.",
    )
    person_name: str
    person: PersonOut | None = Field(
        None,
        description="The registry entry with contacts and affiliations: only for "
        "the process's conveners and facilitators; absent for other roles.",
    )
    take_up: TakeUpOut | None = Field(
        None,
        description="Whether, since when and by which login the seat is taken "
        "up: only for the process's conveners and facilitators; absent for other "
        "roles.",
    )


class SideCompositionOut(Schema):
    side_id: uuid.UUID
    name: str
    seats: int
    share: float
    by_capacity: dict[str, int]
    by_gender: dict[str, int]
    by_level: dict[str, int]


class CompositionWarningOut(Schema):
    code: str
    message: str


class CompositionOut(Schema):
    total: int = Field(
        description="Participants seated on a side, counting the seats still held."
    )
    left: int = Field(
        description="Participant seats on a side that were left or ended: not "
        "counted in total or sides."
    )
    sides: list[SideCompositionOut]
    warnings: list[CompositionWarningOut]
    capacity_labels: dict[str, str]
    gender_labels: dict[str, str]
    level_labels: dict[str, str]


# -- builders


def affiliation_out(affiliation: Affiliation) -> AffiliationOut:
    return AffiliationOut(
        id=affiliation.pk,
        organisation_name=str(affiliation.organisation_name),
        title=str(affiliation.title),
        starts_on=affiliation.starts_on,
        ends_on=affiliation.ends_on,
    )


def person_out(person: Person) -> PersonOut:
    contact = person.contact or {}
    return PersonOut(
        id=person.pk,
        name=str(person.name),
        aliases=list(person.aliases or []),
        languages=list(person.languages or []),
        gender=person.gender,
        capacity=person.capacity,
        level=person.level,
        contact=ContactOut(
            emails=contact.get("emails", []),
            phones=contact.get("phones", []),
            handles=contact.get("handles", []),
        ),
        affiliations=[affiliation_out(a) for a in person.affiliations.all()],
        consent_on=person.consent_on,
        consent_version=person.consent_version,
        has_account=person.has_login,
    )


def seat_out(access: ProcessAccess, seat: Seat) -> SeatOut:
    return SeatOut(
        id=seat.pk,
        role=SeatRole(seat.role),
        side_id=seat.side_id,
        pseudonym=str(seat.pseudonym) if access.can_manage else None,
        person_name=str(seat.person.name),
        # Withheld (absent) for roles that may not see contacts.
        person=person_out(seat.person) if access.can_see_contacts else None,
        take_up=take_up_out(seat) if access.can_manage else None,
    )


def take_up_out(seat: Seat) -> TakeUpOut:
    taken_up = (
        seat.person.has_login and seat.joined_on is not None and seat.left_on is None
    )
    return TakeUpOut(
        taken_up=taken_up,
        joined_on=seat.joined_on,
        left_on=seat.left_on,
        username=(login_name(seat.person) or None) if taken_up else None,
    )


def composition_out(composition: Composition) -> CompositionOut:
    return CompositionOut(
        total=composition.total,
        left=composition.left,
        sides=[
            SideCompositionOut(
                side_id=sc.side.pk,
                name=str(sc.side.name),
                seats=sc.seats,
                share=sc.share,
                by_capacity=sc.by_capacity,
                by_gender=sc.by_gender,
                by_level=sc.by_level,
            )
            for sc in composition.sides
        ],
        warnings=[
            CompositionWarningOut(code=w.code, message=w.message)
            for w in composition.warnings
        ],
        capacity_labels=composition.capacity_labels,
        gender_labels=composition.gender_labels,
        level_labels=composition.level_labels,
    )


# -- invitations


class InvitationIn(In):
    days: int = Field(
        14, ge=1, le=60, description="How long the link and code stay valid."
    )
    email: str | None = Field(
        None,
        max_length=254,
        description="Also send the link to this address (only where the "
        "deployment has EMAIL_URL); the message names no process.",
    )


class InvitationBulkIn(In):
    seats: list[uuid.UUID] = Field(
        default_factory=list, description="The seats to invite, by id."
    )
    all: bool = Field(
        False, description="Every seat of the process not left, instead of seats."
    )
    replace_pending: bool = Field(
        False,
        description="Also invite seats whose invitation is still pending, revoking "
        "the link already handed over; otherwise they are skipped.",
    )
    days: int = Field(
        14, ge=1, le=60, description="How long the links and codes stay valid."
    )


class InvitationOut(Schema):
    id: uuid.UUID
    seat_id: uuid.UUID
    pseudonym: str
    state: str = Field(description="pending, accepted, revoked or expired")
    created_on: dt.date
    expires_at: dt.datetime
    accepted_on: dt.date | None
    revoked_on: dt.date | None


class InvitationCreatedOut(InvitationOut):
    code: str = Field(description="Shown only in this answer: hand it over.")
    link: str


class InvitationBulkOut(Schema):
    made: list[InvitationCreatedOut]
    skipped_pending: list[str] = Field(
        description="Pseudonyms of seats skipped: their invitation is still pending."
    )
    skipped_taken_up: list[str] = Field(
        description="Pseudonyms of seats skipped: already taken up."
    )
    message: str = Field(
        description="How many invitations were made, then how many seats were "
        "skipped and why."
    )


def invitation_out(invitation: Invitation) -> InvitationOut:
    return InvitationOut(
        id=invitation.pk,
        seat_id=invitation.seat_id,
        pseudonym=str(invitation.seat.pseudonym),
        state=invitation.state,
        created_on=invitation.created_on,
        expires_at=invitation.expires_at,
        accepted_on=invitation.accepted_on,
        revoked_on=invitation.revoked_on,
    )


class RosterRowOut(Schema):
    line: int
    name: str
    action: str = Field(
        description="create: added to the registry; match: already in it "
        "(same name, and an email in common when both have one)."
    )
    person_id: uuid.UUID | None
    seat_id: uuid.UUID | None
    side: str | None
    side_id: uuid.UUID | None
    role: SeatRole
    capacity: Capacity
    gender: Gender
    level: Level
    differs: list[str] = Field(
        description="For a match: what the file gives otherwise than the "
        "registry, which keeps its own."
    )


class RosterImportOut(Schema):
    dry_run: bool
    created: int
    matched: int
    rows: list[RosterRowOut]
