"""Reads of people and seats, scoped to an actor."""

from __future__ import annotations

from backchannel.accounts.models import Organisation
from backchannel.participants.models import Person, Seat
from backchannel.processes.access import ProcessAccess


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
