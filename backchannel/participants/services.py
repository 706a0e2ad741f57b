"""Every write to people, affiliations and seats."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from backchannel.accounts.models import Organisation, User
from backchannel.core.audit import audit_in, audit_record
from backchannel.core.errors import NotFound, PermissionDenied
from backchannel.core.services_util import apply_changes
from backchannel.core.validation import clean, require
from backchannel.participants.access import can_manage_people
from backchannel.participants.models import Affiliation, Person, Seat, SeatRole
from backchannel.participants.pledge import PLEDGE_VERSION
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Side

PERSON_FIELDS = {
    "name",
    "aliases",
    "contact",
    "languages",
    "gender",
    "capacity",
    "level",
    "consent_on",
    "consent_version",
    "user",
}
CONTACT_KEYS = ("emails", "phones", "handles")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ()./-]{6,24}$")


def normalise_contact(contact: dict[str, Any] | None) -> dict[str, list[str]]:
    contact = contact or {}
    unknown = sorted(set(contact) - set(CONTACT_KEYS))
    require(
        not unknown,
        "contact",
        _("Unknown contact kinds %(unknown)s: use %(value)s.")
        % {"unknown": unknown, "value": list(CONTACT_KEYS)},
    )
    out: dict[str, list[str]] = {}
    for key in CONTACT_KEYS:
        values = contact.get(key) or []
        require(
            isinstance(values, list), f"contact.{key}", _("Give a list of strings.")
        )
        values = [str(v).strip() for v in values if str(v).strip()]
        for v in values:
            if key == "emails":
                require(
                    bool(EMAIL.match(v)),
                    "contact.emails",
                    _("%(v)r is not an email address such as name@example.org.")
                    % {"v": v},
                )
            if key == "phones":
                require(
                    bool(PHONE.match(v)),
                    "contact.phones",
                    _("%(v)r is not a phone number such as +41 22 123 45 67.")
                    % {"v": v},
                )
        out[key] = values
    return out


def _string_list(values: Any, field: str) -> list[str]:
    require(isinstance(values, list), field, _("Give a list of strings."))
    return [str(v).strip() for v in values if str(v).strip()]


def _check_people_rights(
    actor: User | None, organisation: Organisation, system: bool
) -> None:
    if not system and (actor is None or not can_manage_people(actor, organisation.pk)):
        raise PermissionDenied(
            _(
                "Only conveners and facilitators of this organisation can edit its people."
            )
        )


@transaction.atomic
def person_create(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    gender: str,
    capacity: str,
    level: str,
    aliases: list[str] | None = None,
    contact: dict[str, Any] | None = None,
    languages: list[str] | None = None,
    consent_on: dt.date | None = None,
    consent_version: str = "",
    user: User | None = None,
    system: bool = False,
) -> Person:
    _check_people_rights(actor, organisation, system)
    person = Person(
        organisation=organisation,
        name=name.strip(),
        gender=gender,
        capacity=capacity,
        level=level,
        aliases=_string_list(aliases or [], "aliases"),
        contact=normalise_contact(contact),
        languages=_string_list(languages or [], "languages"),
        consent_on=consent_on,
        consent_version=consent_version,
        user=user,
    )
    require(bool(person.name), "name", _("Give the person's name."))
    clean(person, exclude=["data_key"])
    person.save()
    audit_record(
        actor=actor,
        verb="person.create",
        target=person,
        organisation_id=organisation.pk,
    )
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, **changes: Any) -> Person:
    _check_people_rights(actor, person.organisation, False)
    if "contact" in changes:
        changes["contact"] = normalise_contact(changes["contact"])
    for key in ("aliases", "languages"):
        if key in changes:
            changes[key] = _string_list(changes[key], key)
    apply_changes(person, changes, allowed=PERSON_FIELDS)
    audit_record(
        actor=actor,
        verb="person.update",
        target=person,
        organisation_id=person.organisation_id,
    )
    return person


@transaction.atomic
def affiliation_add(
    *,
    actor: User | None,
    person: Person,
    organisation_name: str,
    title: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    system: bool = False,
) -> Affiliation:
    _check_people_rights(actor, person.organisation, system)
    require(
        starts_on is None or ends_on is None or ends_on >= starts_on,
        "ends_on",
        _(
            "An affiliation cannot end before it starts: choose an end date on or after the start date."
        ),
    )
    affiliation = Affiliation(
        person=person,
        data_key_id=person.data_key_id,
        organisation_name=organisation_name.strip(),
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    clean(affiliation, exclude=["data_key"])
    affiliation.save()
    audit_record(
        actor=actor,
        verb="affiliation.add",
        target=affiliation,
        organisation_id=person.organisation_id,
    )
    return affiliation


@transaction.atomic
def affiliation_delete(*, actor: User, affiliation: Affiliation) -> None:
    _check_people_rights(actor, affiliation.person.organisation, False)
    audit_record(
        actor=actor,
        verb="affiliation.delete",
        target=affiliation,
        organisation_id=affiliation.person.organisation_id,
    )
    affiliation.delete()


def _next_pseudonym(process_id: Any, side: Side | None) -> str:
    """Codes like ``A-03``: side letter by position, then a running number."""
    letter = (
        chr(ord("A") + side.position)
        if side is not None and side.position < 26
        else "X"
    )
    taken = {str(s.pseudonym) for s in Seat.objects.filter(process_id=process_id)}
    n = 1
    while f"{letter}-{n:02d}" in taken:
        n += 1
    return f"{letter}-{n:02d}"


def _check_side(access: ProcessAccess, role: str, side: Side | None) -> None:
    if side is not None and side.process_id != access.process.pk:
        raise NotFound("side")
    if role in (SeatRole.PARTICIPANT, SeatRole.OBSERVER):
        require(
            side is not None or role == SeatRole.OBSERVER,
            "side",
            _("A participant sits on a side: choose one."),
        )


@transaction.atomic
def seat_create(
    *,
    access: ProcessAccess,
    person: Person,
    role: str,
    side: Side | None = None,
    pseudonym: str = "",
) -> Seat:
    access.require_manage()
    if person.organisation_id != access.process.organisation_id:
        raise NotFound("person")
    _check_side(access, role, side)
    require(
        not Seat.objects.filter(process=access.process, person=person).exists(),
        "person",
        _("This person already holds a seat in the process: edit that seat instead."),
    )
    seat = Seat(
        process=access.process,
        person=person,
        role=role,
        side=side,
        pseudonym=pseudonym.strip() or _next_pseudonym(access.process.pk, side),
    )
    clean(seat, exclude=["data_key"])
    seat.save()
    audit_in(access, "seat.create", seat)
    return seat


@transaction.atomic
def seat_update(*, access: ProcessAccess, seat: Seat, **changes: Any) -> Seat:
    access.require_manage()
    role = changes.get("role", seat.role)
    side = changes["side"] if "side" in changes else seat.side
    _check_side(access, role, side)
    apply_changes(seat, changes, allowed={"role", "side", "pseudonym"})
    audit_in(access, "seat.update", seat)
    return seat


@transaction.atomic
def seat_delete(*, access: ProcessAccess, seat: Seat) -> None:
    access.require_manage()
    audit_in(access, "seat.delete", seat)
    seat.delete()


def pledge_accept(*, access: ProcessAccess, accept: bool) -> Seat:
    """The interpreter accepts the confidentiality pledge of the process (its
    current version, today). Only an interpreter seat has a pledge to accept."""
    if access.role != SeatRole.INTERPRETER or access.seat_id is None:
        raise PermissionDenied(
            gettext(
                "Only interpreters accept the confidentiality pledge; your role "
                "in this process (%(role)s) needs none."
            )
            % {"role": access.role}
        )
    require(
        accept is True,
        "accept",
        gettext("Tick the box to accept the pledge, or leave the page."),
    )
    seat = Seat.objects.get(pk=access.seat_id)
    if seat.pledge_version != PLEDGE_VERSION or seat.pledge_accepted_on is None:
        seat.pledge_version = PLEDGE_VERSION
        seat.pledge_accepted_on = timezone.localdate()
        seat.save(update_fields=["pledge_version", "pledge_accepted_on"])
        audit_in(access, "seat.pledge", seat)
    return seat
