"""A person's login link, organisation-wide, and who may set it.

A person of the registry is linked to one login (``participants.logins``) for the whole
organisation: every seat of that person, in every process, is taken up with it.
So setting the link is an organisation-wide act, and the rule is:

* an invitation issued by a manager of one process (a facilitator, a process
  convener) may link a person's login only if that person sits in no process
  that the issuer does not manage (:func:`require_may_link`, checked when the
  invitation is created and again when it is accepted); otherwise only the
  organisation's conveners may send it. A facilitator thus links the people of
  their own process, never someone another process is waiting for;
* the organisation's conveners see which login a person is linked to, since
  when and through which process's invitation (:func:`login_link_for`), and may
  unlink it (:func:`person_login_unlink`, audit-logged): every seat taken up
  with that login ends, and a new invitation can be accepted with a new login.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backchannel.accounts.models import User
from backchannel.accounts.services import is_org_convener
from backchannel.core.audit import audit_actor, audit_record
from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.participants import logins
from backchannel.participants.models import Invitation, Person, Seat


def _issuer_manages(user: User | None, process: object) -> bool:
    from backchannel.processes.access import MANAGERS, process_role

    if user is None:
        return False
    role = process_role(user, process)  # type: ignore[arg-type]
    return role is not None and role[0] in MANAGERS


def require_may_link(issuer: User | None, seat: Seat) -> None:
    """Refuse an invitation that would link the login of a person who also sits
    in a process the issuer does not manage (unless the issuer is a convener of
    the organisation, or the person's login is already linked: then only that
    login can accept)."""
    person = seat.person
    if person.has_login:
        return
    if issuer is not None and is_org_convener(issuer, person.organisation_id):
        return
    elsewhere = (
        Seat.objects.filter(person=person)
        .exclude(process_id=seat.process_id)
        .select_related("process")
    )
    for other in elsewhere:
        if not _issuer_manages(issuer, other.process):
            raise PermissionDenied(
                _(
                    "This person also sits in another process of the organisation, "
                    "and accepting this invitation would link their login for every "
                    "process: only a convener of the organisation may send it. Ask "
                    "one of them to invite this seat."
                )
            )


@dataclass(frozen=True)
class LoginLink:
    username: str
    since: dt.date | None
    process_title: str


def login_link_for(actor: User, person: Person) -> LoginLink | None:
    """Which login ``person`` is linked to, since when, through which process's
    invitation: for the organisation's conveners only (None for anyone else, or
    when the person has no login)."""
    from backchannel.core.models import AuditEvent

    login = logins.login_of(person)
    if login is None or not is_org_convener(actor, person.organisation_id):
        return None
    accepted = {
        str(pk): pk
        for pk in Invitation.objects.filter(
            seat__person=person, accepted_on__isnull=False
        ).values_list("pk", flat=True)
    }
    # The actor of a process's entry is sealed under its key: open each one.
    event = next(
        (
            e
            for e in AuditEvent.objects.filter(
                verb="invitation.accept", target_id__in=list(accepted)
            ).order_by("seq")
            if audit_actor(e).user_id == str(login.pk)
        ),
        None,
    )
    since, title = None, ""
    if event is not None:
        since = event.on
        invitation = Invitation.objects.select_related("seat__process").get(
            pk=accepted[event.target_id]
        )
        title = str(invitation.seat.process.title)
    return LoginLink(
        username=login.username,
        since=since,
        process_title=title,
    )


def login_link_get(actor: User, person: Person) -> LoginLink | None:
    """:func:`login_link_for` for the JSON API and the command line: anyone but
    the organisation's conveners is refused with the rule named (the web page
    simply leaves the line out); None when the person has no login."""
    _require_org_convener(actor, person)
    return login_link_for(actor, person)


def _require_org_convener(actor: User, person: Person) -> None:
    if not is_org_convener(actor, person.organisation_id):
        raise PermissionDenied(
            _(
                "Only a convener of the organisation may see or unlink a person's "
                "login: ask one of them."
            )
        )


@transaction.atomic
def person_login_unlink(*, actor: User, person: Person) -> int:
    """Unlink the person's login (organisation's conveners only): every seat of
    the person taken up with it ends today, in every process of the
    organisation. Returns how many seats ended."""
    _require_org_convener(actor, person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not person.has_login:
        raise ValidationFailed(
            {
                "__all__": [
                    _(
                        "This person has no login linked: there is nothing to "
                        "unlink. Invite them to a seat to link one."
                    )
                ]
            }
        )
    today = timezone.localdate()
    ended = Seat.objects.filter(
        person=person, joined_on__isnull=False, left_on__isnull=True
    ).update(left_on=today)
    Invitation.objects.filter(seat__person=person).pending().update(revoked_on=today)
    logins.unlink_login(person)
    person.save(update_fields=logins.LOGIN_FIELDS)
    audit_record(
        actor=actor,
        verb="person.login_unlink",
        target=person,
        organisation_id=person.organisation_id,
    )
    return ended
