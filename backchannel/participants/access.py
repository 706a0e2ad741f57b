"""Doors to people (the organisation's registry) and seats."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext

from backchannel.accounts.models import Organisation, User
from backchannel.accounts.services import is_org_convener
from backchannel.core.errors import NotFound, PermissionDenied
from backchannel.participants.models import Invitation, Person, Seat
from backchannel.processes.access import (
    Operator,
    ProcessAccess,
    access_in_process,
    parse_id,
)


def can_manage_people(actor: User | Operator, organisation_id: Any) -> bool:
    """The registry is open to the organisation's conveners and to the conveners
    and facilitators of its processes, who seat people from it."""
    if not isinstance(actor, User) or not actor.is_authenticated:
        return False
    return (
        is_org_convener(actor, organisation_id)
        or Seat.objects.held_by(actor)
        .filter(
            process__organisation_id=organisation_id,
            role__in=["convener", "facilitator"],
        )
        .exists()
    )


def organisations_for_people(actor: User) -> list[Organisation]:
    # A facilitator seated by invitation is no member of the organisation:
    # their seats count as much as a membership.
    seated = Seat.objects.held_by(actor).values_list(
        "process__organisation_id", flat=True
    )
    orgs = Organisation.objects.filter(
        Q(memberships__user=actor) | Q(pk__in=seated)
    ).distinct()
    return [o for o in orgs if can_manage_people(actor, o.pk)]


def access_organisation_for_people(actor: User, organisation_id: Any) -> Organisation:
    oid = parse_id(organisation_id, "organisation")
    org = Organisation.objects.filter(pk=oid).first()
    if org is None or not can_manage_people(actor, org.pk):
        raise NotFound("organisation")
    return org


def access_person_by_id(actor: User, person_id: Any) -> Person:
    pid = parse_id(person_id, "person")
    person = Person.objects.select_related("organisation").filter(pk=pid).first()
    if person is None or not can_manage_people(actor, person.organisation_id):
        raise NotFound("person")
    return person


def access_seat_by_id(
    actor: User, seat_id: Any, *, manage: bool = False
) -> tuple[Seat, ProcessAccess]:
    seat, access = access_in_process(actor, Seat, seat_id, what="seat")
    if not access.sees_composition:
        # A role that does not see the roster (interpreters) cannot tell a seat
        # from a random id, whatever it asks to do with it: 404 for every method
        # (a 403 to a change would confirm that the seat exists).
        raise NotFound("seat")
    if manage:
        access.require_manage()
    return seat, access


def access_seat_to_end(actor: User, seat_id: Any) -> tuple[Seat, ProcessAccess]:
    """A seat whose access a convener may end: who took it up is the managers'
    business alone, so anyone else (seated there or not) gets the 404 of an id
    that does not exist; a facilitator, who sees it, is refused by the service."""
    seat, access = access_seat_by_id(actor, seat_id)
    if not access.can_manage:
        raise NotFound("seat")
    return seat, access


def require_composition(access: ProcessAccess) -> None:
    """Who sits in the process (the roster): everyone seated but interpreters,
    who read the process's content in order to translate it, not its people."""
    if not access.sees_composition:
        raise PermissionDenied(
            gettext(
                "Interpreters read the process's content to translate it; who "
                "sits in the process is not shown to them."
            )
        )


def access_invitation_by_id(
    actor: User, invitation_id: Any
) -> tuple[Invitation, ProcessAccess]:
    """An invitation, for the managers of its seat's process only: anyone else,
    seated there or not, gets the 404 of an id that does not exist."""
    invitation, access = access_in_process(
        actor,
        Invitation,
        invitation_id,
        what="invitation",
        process_path="seat__process",
    )
    if not access.can_manage:
        raise NotFound("invitation")
    return invitation, access
