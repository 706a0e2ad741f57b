"""Reads of people and seats, scoped to an actor."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.db.models import Exists, OuterRef, QuerySet

from backchannel.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    OrgRole,
    User,
)
from backchannel.core.errors import NotFound
from backchannel.participants.logins import login_indexes
from backchannel.participants.models import Affiliation, Invitation, Person, Seat
from backchannel.processes.access import MANAGERS, ProcessAccess, parse_id
from backchannel.processes.models import Process
from backchannel.processes.selectors import process_list_for

QS = TypeVar("QS", bound=QuerySet[Seat])


def seat_list_for(access: ProcessAccess) -> list[Seat]:
    seats = list(
        Seat.objects.filter(process=access.process)
        .select_related("person", "side")
        .order_by("side__position", "role")
    )
    seats.sort(
        key=lambda s: (s.side.position if s.side else 99, s.role, str(s.pseudonym))
    )
    return seats


def person_list_for(organisation: Organisation) -> list[Person]:
    people = list(
        Person.objects.filter(organisation=organisation).prefetch_related(
            "affiliations"
        )
    )
    people.sort(key=lambda p: str(p.name).casefold())
    return people


def in_the_dialogue(queryset: QS) -> QS:
    """The seats everyone but the managers may know of: taken up (linked to a
    login, joined) and not left. The roster and every list of people a
    participant chooses from (e.g. contact reports) use this one rule."""
    return queryset.filter(
        person__login_index__isnull=False,
        joined_on__isnull=False,
        left_on__isnull=True,
    )


def not_left(queryset: QS) -> QS:
    """The seats still held: offered, invited or taken up, but not left (nor
    ended). What the managers' aggregates count (composition, balance, seat
    shares): someone who has left no longer sits at the table."""
    return queryset.filter(left_on__isnull=True)


def roster_for(access: ProcessAccess) -> list[Seat]:
    """The seats of a process; affiliations are loaded only for those who may see them.

    Managers see every seat. Everyone else sees who is in the dialogue: the
    seats taken up (joined, linked to a login, not left), never one that was
    only offered; with names and sides but not codes (see ``roster_shows_codes``).
    """
    queryset = Seat.objects.filter(process=access.process).select_related(
        "person", "side"
    )
    if access.can_see_contacts:
        queryset = queryset.prefetch_related("person__affiliations")
    if not access.can_manage:
        queryset = in_the_dialogue(queryset)
    seats = list(queryset)
    seats.sort(
        key=lambda s: (s.side.position if s.side else 99, s.role, str(s.pseudonym))
    )
    return seats


def roster_shows_codes(access: ProcessAccess) -> bool:
    """Pseudonym codes next to names are the key to the record's codes: for
    the process's managers only."""
    return access.can_manage


def unseated_people_for(access: ProcessAccess) -> list[Person]:
    """People of the organisation's registry without a seat in this process."""
    seated = Seat.objects.filter(process=access.process).values_list(
        "person_id", flat=True
    )
    people = list(
        Person.objects.filter(organisation_id=access.process.organisation_id).exclude(
            pk__in=seated
        )
    )
    people.sort(key=lambda p: str(p.name).casefold())
    return people


def affiliation_get(person: Person, affiliation_id: Any) -> Affiliation:
    """An affiliation of a person the caller already has access to."""
    affiliation = person.affiliations.filter(
        pk=parse_id(affiliation_id, "affiliation")
    ).first()
    if affiliation is None:
        raise NotFound("affiliation")
    return affiliation


def person_in_organisation_get(
    organisation_id: uuid.UUID | str, person_id: Any
) -> Person | None:
    """A person of this organisation's registry; None for any other id."""
    try:
        pid = parse_id(person_id, "person")
    except NotFound:
        return None
    return Person.objects.filter(pk=pid, organisation_id=organisation_id).first()


def affiliation_person_id(affiliation_id: Any) -> uuid.UUID | None:
    """Whose affiliation this is, unchecked: pass the id to ``access_person_by_id``,
    then fetch the affiliation through the person with ``affiliation_get``."""
    try:
        aid = parse_id(affiliation_id, "affiliation")
    except NotFound:
        return None
    return (
        Affiliation.objects.filter(pk=aid).values_list("person_id", flat=True).first()
    )


def invitation_list_for(access: ProcessAccess) -> list[Invitation]:
    """Every invitation of the process, newest first (managers only)."""
    access.require_manage()
    return list(
        Invitation.objects.filter(seat__process=access.process)
        .select_related("seat", "seat__person")
        .order_by("-created_on", "-expires_at")
    )


def latest_invitations(access: ProcessAccess) -> dict[uuid.UUID, Invitation]:
    """The newest invitation of each seat of the process, by seat id."""
    latest: dict[uuid.UUID, Invitation] = {}
    for invitation in invitation_list_for(access):
        latest.setdefault(invitation.seat_id, invitation)
    return latest


def seats_by_ids(access: ProcessAccess, ids: list[str]) -> list[Seat]:
    """Seats of this process among ``ids`` (others are ignored)."""
    wanted = set()
    for value in ids:
        try:
            wanted.add(parse_id(value, "seat"))
        except NotFound:
            continue
    seats = list(
        Seat.objects.filter(process=access.process, pk__in=wanted).select_related(
            "person", "side"
        )
    )
    seats.sort(
        key=lambda s: (s.side.position if s.side else 99, s.role, str(s.pseudonym))
    )
    return seats


def processes_to_seat_in(actor: Any, person: Person) -> list[Process]:
    """The processes of the person's organisation that ``actor`` manages and
    where the person holds no seat yet: where "Seat in a process" offers."""
    seated = set(
        Seat.objects.filter(person=person).values_list("process_id", flat=True)
    )
    return [
        row.process
        for row in process_list_for(actor)
        if row.role in MANAGERS
        and row.process.organisation_id == person.organisation_id
        and row.process.pk not in seated
    ]


#: Seat roles whose work uses the API (exports, record-keeping scripts).
API_SEAT_ROLES = ("convener", "facilitator", "rapporteur")


def uses_api(user: User) -> bool:
    """Whether the navigation offers "API tokens": to those whose role works
    with scripts (an organisation's conveners; conveners, facilitators and
    rapporteurs of a process), to anyone who turned the API on in their
    security page, and to anyone holding a token (so they can find it).
    Participants, observers and interpreters do not see it otherwise."""
    if not user.is_authenticated:
        return False
    if user.api_enabled:
        return True
    # One query, whatever the answer (it runs on every page, in the menu).
    return (
        User.objects.filter(pk=user.pk)
        .filter(
            Exists(
                Membership.objects.filter(user=OuterRef("pk"), role=OrgRole.CONVENER)
            )
            | Exists(
                Seat.objects.filter(
                    person__login_index__in=login_indexes(user),
                    role__in=API_SEAT_ROLES,
                )
            )
            | Exists(ApiToken.objects.filter(user=OuterRef("pk")))
        )
        .exists()
    )
