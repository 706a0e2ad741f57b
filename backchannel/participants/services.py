"""Every write to people, affiliations and seats."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from backchannel.accounts.models import Organisation, User
from backchannel.accounts.services import is_org_convener, user_create
from backchannel.core.audit import audit_in, audit_process, audit_record
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.services_util import apply_changes
from backchannel.core.validation import clean, integrity_as, require
from backchannel.participants import logins
from backchannel.participants.access import can_manage_people
from backchannel.participants.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    format_code,
    normalise_code,
)
from backchannel.participants.links import require_may_link
from backchannel.participants.models import (
    Affiliation,
    Invitation,
    Person,
    Seat,
    SeatRole,
)
from backchannel.participants.pledge import PLEDGE_VERSION
from backchannel.participants.twokeys import require_may_grant
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Side
from backchannel.processes.rules import ground_rules_version

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
    if user is not None and not system:
        # Operators and fixtures only: in the interface a login is linked to a
        # person only by accepting an invitation (``invitation_accept``).
        if actor is None or not is_org_convener(actor, organisation.pk):
            raise PermissionDenied(
                _(
                    "Only the organisation's conveners link a login to a person, "
                    "and in the workspace only through an invitation the person "
                    "accepts."
                )
            )
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
    )
    if user is not None:
        logins.link_login(person, user)
    require(bool(person.name), "name", _("Give the person's name."))
    clean(person, exclude=["data_key", "login", "login_index"])
    with integrity_as(
        "user",
        _(
            "This login already belongs to another person of the organisation's "
            "registry: seat that person instead."
        ),
    ):
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
    """Change what the registry holds about a person. Never their login: that
    link is made by an accepted invitation and ended by leaving a seat."""
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
    require_may_grant(access, role)
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
        # Never taken up here, even for a person whose login is already linked:
        # a login holds a seat only once its owner accepts an invitation issued
        # for that very seat (``invitation_accept``), ground rules included.
        joined_on=None,
    )
    clean(seat, exclude=["data_key"])
    with integrity_as(
        "person",
        _("This person already holds a seat in the process: edit that seat instead."),
    ):
        seat.save()
    audit_in(access, "seat.create", seat)
    return seat


@transaction.atomic
def seat_update(*, access: ProcessAccess, seat: Seat, **changes: Any) -> Seat:
    access.require_manage()
    role = changes.get("role", seat.role)
    if role != seat.role:
        # Promoting to, or demoting from, a managing seat.
        require_may_grant(access, role)
        require_may_grant(access, seat.role)
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


# -- invitations: the only way a login comes to hold a seat

INVITATION_DAYS = 14
MAX_INVITATION_DAYS = 60


def new_invitation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def invitation_code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def seat_is_taken_up(seat: Seat) -> bool:
    return seat.person.has_login and seat.joined_on is not None and seat.left_on is None


@transaction.atomic
def invitation_create(
    *,
    access: ProcessAccess,
    seat: Seat,
    days: int = INVITATION_DAYS,
    published_code: str = "",
) -> tuple[Invitation, str]:
    """A single-use invitation to take up ``seat``, valid ``days`` days.

    Returns the invitation and its code, which is not stored (only its hash)
    and cannot be shown again. A pending invitation for the same seat is
    revoked: one seat, one valid code at a time. ``published_code`` is for
    the demo only, whose code is printed for anyone to try."""
    access.require_manage()
    if seat.process_id != access.process.pk:
        raise NotFound("seat")
    require_may_grant(access, seat.role, invite=True)
    require_may_link(access.login, seat)
    require(
        isinstance(days, int) and 1 <= days <= MAX_INVITATION_DAYS,
        "days",
        _("An invitation is valid for 1 to %(max)s days: choose a number in between.")
        % {"max": MAX_INVITATION_DAYS},
    )
    require(
        not seat_is_taken_up(seat),
        "seat",
        _(
            "This seat is already taken up by its holder: there is nobody to "
            "invite to it."
        ),
    )
    today = timezone.localdate()
    for earlier in Invitation.objects.select_for_update().filter(seat=seat).pending():
        earlier.revoked_on = today
        earlier.save(update_fields=["revoked_on"])
        audit_in(access, "invitation.revoke", earlier)
    code = normalise_code(published_code) or new_invitation_code()
    require(
        len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET),
        "published_code",
        f"A code is {CODE_LENGTH} characters of {CODE_ALPHABET}.",
    )
    invitation = Invitation(
        seat=seat,
        code_hash=invitation_code_hash(code),
        created_by=access.login,
        # Valid through day today+days (UTC): kept to the day, no time of day.
        expires_at=dt.datetime.combine(
            timezone.now().date() + dt.timedelta(days=days + 1),
            dt.time.min,
            tzinfo=dt.UTC,
        ),
    )
    clean(invitation, exclude=["data_key", "seat", "created_by"])
    invitation.save()
    audit_in(access, "invitation.create", invitation)
    return invitation, code


@dataclass
class InvitationBatch:
    """What a bulk invitation did: the invitations made (each with its code,
    shown once) and the seats left alone, with why."""

    made: list[tuple[Invitation, str]]
    taken_up: list[Seat]
    pending: list[Seat]

    def skipped_message(self) -> str:
        """Says how many seats were skipped and why, or ``""``."""
        parts = []
        if self.pending:
            parts.append(
                ngettext(
                    "%(n)s seat skipped, its invitation still pending (the link "
                    "already handed over keeps working): %(codes)s. Tick "
                    "“replace their pending invitation” to make new "
                    "ones.",
                    "%(n)s seats skipped, their invitations still pending (the "
                    "links already handed over keep working): %(codes)s. Tick "
                    "“replace their pending invitation” to make new "
                    "ones.",
                    len(self.pending),
                )
                % {
                    "n": len(self.pending),
                    "codes": ", ".join(str(s.pseudonym) for s in self.pending),
                }
            )
        if self.taken_up:
            parts.append(
                ngettext(
                    "%(n)s seat skipped, already taken up by its holder: %(codes)s.",
                    "%(n)s seats skipped, already taken up by their holders: "
                    "%(codes)s.",
                    len(self.taken_up),
                )
                % {
                    "n": len(self.taken_up),
                    "codes": ", ".join(str(s.pseudonym) for s in self.taken_up),
                }
            )
        return " ".join(parts)

    def summary(self) -> str:
        """Says how many invitations were made, then what was skipped and why:
        the one account the web page, the API and the CLI give."""
        made = len(self.made)
        head = (
            ngettext(
                "%(n)s invitation made.",
                "%(n)s invitations made.",
                made,
            )
            % {"n": made}
            if made
            else gettext("No invitation made.")
        )
        return " ".join(part for part in (head, self.skipped_message()) if part)


@transaction.atomic
def invitation_create_many(
    *,
    access: ProcessAccess,
    seats: list[Seat],
    replace_pending: bool = False,
    days: int = INVITATION_DAYS,
) -> InvitationBatch:
    """Invite each of ``seats``, the roster's bulk invitation (web, API, CLI).

    A seat already taken up is skipped; so is a seat whose invitation is
    still pending, unless ``replace_pending``: replacing revokes the link
    already handed over, which must be a choice, never a side effect."""
    access.require_manage()
    pending_ids = set(
        Invitation.objects.filter(seat__in=seats)
        .pending()
        .values_list("seat_id", flat=True)
    )
    batch = InvitationBatch(made=[], taken_up=[], pending=[])
    for seat in seats:
        if seat_is_taken_up(seat):
            batch.taken_up.append(seat)
        elif seat.pk in pending_ids and not replace_pending:
            batch.pending.append(seat)
        else:
            batch.made.append(invitation_create(access=access, seat=seat, days=days))
    return batch


@transaction.atomic
def invitation_revoke(*, access: ProcessAccess, invitation: Invitation) -> Invitation:
    access.require_manage()
    if invitation.seat.process_id != access.process.pk:
        raise NotFound("invitation")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    require(
        invitation.state == "pending",
        "invitation",
        _(
            "This invitation is %(state)s already: there is nothing to revoke. "
            "Make a new one if the person still needs to join."
        )
        % {"state": invitation_state_label(invitation.state)},
    )
    invitation.revoked_on = timezone.localdate()
    invitation.save(update_fields=["revoked_on"])
    audit_in(access, "invitation.revoke", invitation)
    return invitation


def invitation_state_label(state: str) -> str:
    return {
        "pending": gettext("pending"),
        "accepted": gettext("used"),
        "revoked": gettext("revoked"),
        "expired": gettext("expired"),
    }.get(state, state)


def invitation_send(
    *, access: ProcessAccess, code: str, email: str, base: str = ""
) -> None:
    """Email the link of a just-made invitation, when the deployment has an
    SMTP server (``EMAIL_URL``). The message names no process and carries none
    of its content: only the link, the code and how long they are valid."""
    access.require_manage()
    if not getattr(settings, "EMAIL_ENABLED", False):
        raise ValidationFailed(
            {
                "email": [
                    _(
                        "This deployment sends no email (EMAIL_URL is not set): "
                        "hand the link, code or QR code over yourself."
                    )
                ]
            }
        )
    email = (email or "").strip()
    require(
        bool(EMAIL.match(email)),
        "email",
        _("%(v)r is not an email address such as name@example.org.") % {"v": email},
    )
    link = invitation_link(code, base=base)
    body = gettext(
        "You have been invited to a confidential workspace.\n\n"
        "Open this link to accept the invitation:\n%(link)s\n\n"
        "or enter this code on the invitation page: %(code)s\n\n"
        "The invitation can be used once and expires in a few days. If you did "
        "not expect it, ignore this message."
    ) % {"link": link, "code": format_code(code)}
    try:
        send_mail(
            gettext("Your invitation"),
            body,
            None,
            [email],
            fail_silently=False,
        )
    except OSError:
        raise ValidationFailed(
            {
                "email": [
                    _(
                        "The email could not be sent (the mail server did not "
                        "answer): hand the link over yourself, or try again later."
                    )
                ]
            }
        ) from None
    audit_in(access, "invitation.email", None)


def invitation_link(code: str, *, base: str = "") -> str:
    """The link of an invitation: under ``base`` (the page's own address), else
    ``BACKCHANNEL_BASE_URL``, else a path."""
    base = (base or getattr(settings, "BACKCHANNEL_BASE_URL", "")).rstrip("/")
    return base + reverse("join-code", args=[normalise_code(code)])


class InvitationUnusable(PermissionDenied):
    """The code matches no usable invitation; the message says why and what to do."""

    def __init__(self, state: str) -> None:
        self.state = state
        messages = {
            "unknown": gettext(
                "This invitation code is not valid: check that you copied the "
                "whole link or code, or ask the person who invited you for a new "
                "invitation."
            ),
            "accepted": gettext(
                "This invitation has already been used. If it was you, log in "
                "with the username you chose; otherwise ask the person who "
                "invited you for a new invitation."
            ),
            "revoked": gettext(
                "This invitation was withdrawn by the person who made it: ask "
                "them for a new one if you should still join."
            ),
            "expired": gettext(
                "This invitation has expired: ask the person who invited you for "
                "a new one."
            ),
        }
        super().__init__(messages.get(state, messages["unknown"]))


def invitation_find(code: str) -> Invitation:
    """The usable invitation with this code, or ``InvitationUnusable`` saying
    why not. Callers facing the public throttle it (``invitation_throttle``)."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        raise InvitationUnusable("unknown")
    digest = invitation_code_hash(code)
    invitation = (
        Invitation.objects.select_related("seat__process", "seat__person")
        .filter(code_hash=digest)
        .first()
    )
    # The lookup is by a hash of the code; compare again in constant time.
    if invitation is None or not hmac.compare_digest(invitation.code_hash, digest):
        raise InvitationUnusable("unknown")
    if invitation.state != "pending":
        raise InvitationUnusable(invitation.state)
    if invitation.seat.process.data_key.destroyed_on is not None:
        raise InvitationUnusable("unknown")
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    code: str,
    user: User | None,
    accept_rules: bool,
    rules_version: str,
    username: str = "",
    password: str = "",
) -> Seat:
    """Take up the invited seat: with the logged-in ``user``, or a new login
    (``username``/``password``) that belongs to the person, not to the
    organisation (no membership). Records the ground rules accepted (version,
    day) and ends the invitation. Grants exactly this seat."""

    found = invitation_find(code)
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    if invitation.state != "pending":
        raise InvitationUnusable(invitation.state)
    seat = (
        Seat.objects.select_for_update()
        .select_related("process")
        .get(pk=invitation.seat_id)
    )
    person = Person.objects.select_for_update().get(pk=seat.person_id)
    seat.person = person
    require_may_link(logins.user_of(invitation.created_by), seat)
    current = ground_rules_version(seat.process)
    require(
        accept_rules is True,
        "accept_rules",
        gettext("Tick the box to accept the ground rules, or leave the page."),
    )
    require(
        rules_version == current,
        "accept_rules",
        gettext(
            "The ground rules changed while you were reading them: read the new "
            "version and accept it."
        ),
    )
    if user is not None:
        own = logins.is_login_of(person, user)
        if not own:
            _refuse_managers(invitation, seat, user)
        if person.has_login and not own:
            raise ValidationFailed(
                {
                    "__all__": [
                        gettext(
                            "This invitation is for someone who already has "
                            "another login: log out, then open the link again "
                            "and log in with that login."
                        )
                    ]
                }
            )
        other = logins.person_for_user(user, person.organisation_id)
        if not person.has_login and other is not None and other.pk != person.pk:
            raise ValidationFailed(
                {
                    "__all__": [
                        gettext(
                            "Your login already belongs to another person in the "
                            "convening organisation's registry: ask whoever "
                            "invited you to seat that person instead, or log out "
                            "and accept with a new login."
                        )
                    ]
                }
            )
    else:
        if person.has_login:
            raise ValidationFailed(
                {
                    "__all__": [
                        gettext(
                            "You already have a login for this organisation: log "
                            "in with it, then open the link again."
                        )
                    ]
                }
            )
        user = user_create(username=username, password=password, within=seat.process)
    today = timezone.localdate()
    if not person.has_login:
        logins.link_login(person, user)
        with integrity_as(
            "__all__",
            gettext(
                "Your login already belongs to another person in the convening "
                "organisation's registry: ask whoever invited you to seat that "
                "person instead, or log out and accept with a new login."
            ),
        ):
            person.save(update_fields=logins.LOGIN_FIELDS)
    seat.joined_on = today
    seat.left_on = None
    seat.rules_version = current
    seat.rules_accepted_on = today
    seat.save(
        update_fields=["joined_on", "left_on", "rules_version", "rules_accepted_on"]
    )
    invitation.accepted_on = today
    invitation.save(update_fields=["accepted_on"])
    audit_process(user, seat.process, "invitation.accept", invitation)
    audit_process(user, seat.process, "seat.join", seat)
    return seat


def _refuse_managers(invitation: Invitation, seat: Seat, user: User) -> None:
    """An invitation is for someone else than those who run the process: the
    login that made it, or any login managing the process, taking it up would
    tie the invitee's seat (and person) to a login they do not control. (A
    person already linked to this very login, such as a convener seated in
    their own process, takes up their own seat: nothing is tied anew.)"""
    from backchannel.processes.access import MANAGERS, process_role

    role = process_role(user, seat.process)
    if logins.same_login(invitation.created_by, user) or (
        role is not None and role[0] in MANAGERS
    ):
        raise ValidationFailed(
            {
                "__all__": [
                    gettext(
                        "You manage this process, so you cannot accept one of its "
                        "invitations yourself: hand the link or code to the person "
                        "it is for. If you are that person, ask a convener to "
                        "invite the login you will use as a participant."
                    )
                ]
            }
        )


def invitation_throttle(client: str) -> None:
    """Refuse a client that got too many codes wrong lately (guessing)."""
    if (cache.get(_throttle_key(client)) or 0) >= INVITATION_GUESSES:
        raise InvitationThrottled()


def invitation_miss(client: str) -> None:
    """Count one wrong code from ``client``."""
    key = _throttle_key(client)
    if not cache.add(key, 1, INVITATION_GUESS_WINDOW):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, INVITATION_GUESS_WINDOW)


INVITATION_GUESSES = 10
INVITATION_GUESS_WINDOW = 15 * 60


def _throttle_key(client: str) -> str:
    return "invite-miss:" + hashlib.sha256(client.encode()).hexdigest()[:32]


class InvitationThrottled(PermissionDenied):
    def __init__(self) -> None:
        super().__init__(
            gettext(
                "Too many invitation codes were wrong from this connection: wait "
                "15 minutes, then enter the code again carefully."
            )
        )


@transaction.atomic
def seat_leave(*, access: ProcessAccess) -> Seat:
    """The holder leaves the process: their seat gives their login no access
    from today. The seat and what was recorded under it stay as they are."""
    if access.seat_id is None:
        raise PermissionDenied(
            gettext("You hold no seat in this process, so there is none to leave.")
        )
    seat = Seat.objects.select_for_update().get(pk=access.seat_id)
    seat.left_on = timezone.localdate()
    seat.save(update_fields=["left_on"])
    for pending in Invitation.objects.filter(seat=seat).pending():
        pending.revoked_on = seat.left_on
        pending.save(update_fields=["revoked_on"])
    audit_in(access, "seat.leave", seat)
    return seat


@transaction.atomic
def seat_access_end(*, access: ProcessAccess, seat: Seat) -> Seat:
    """A convener ends the access of a seat taken up by the wrong login ("not
    the right person"), e.g. an invitation opened by someone other than the
    invitee.

    1. The seat stops giving access today (``left_on``); its pledge and ground
       rules, accepted by that login, are cleared for whoever takes it up next.
    2. Pending invitations of the seat are revoked.
    3. The person's login link is removed when no other live seat (taken up,
       not left) of that person, in any process, still uses it: a new
       invitation can then be accepted by another account.
    4. The audit log records the end (``seat.access_end``) and, when the link
       went, whose login it was (``person.unlink``, the login as target).

    Only the process's conveners (of the organisation or of the process) may:
    a facilitator, who can invite, could otherwise hand the seat over again.
    What was recorded under the seat stays as it is."""
    access.require_manage()
    if seat.process_id != access.process.pk:
        raise NotFound("seat")
    if not access.can_end_seat_access:
        raise PermissionDenied(
            gettext(
                "Only a convener of the process can end a seat's access: ask one "
                "of them, and say why the seat is not held by the right person."
            )
        )
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    person = Person.objects.select_for_update().get(pk=seat.person_id)
    seat.person = person
    require(
        seat_is_taken_up(seat),
        "seat",
        gettext(
            "This seat is not taken up by any login: there is no access to end. "
            "To stop a pending invitation, revoke it."
        ),
    )
    login = logins.login_user(person)
    today = timezone.localdate()
    seat.left_on = today
    seat.pledge_version = ""
    seat.pledge_accepted_on = None
    seat.rules_version = ""
    seat.rules_accepted_on = None
    seat.save(
        update_fields=[
            "left_on",
            "pledge_version",
            "pledge_accepted_on",
            "rules_version",
            "rules_accepted_on",
        ]
    )
    for pending in Invitation.objects.select_for_update().filter(seat=seat).pending():
        pending.revoked_on = today
        pending.save(update_fields=["revoked_on"])
        audit_in(access, "invitation.revoke", pending)
    audit_in(access, "seat.access_end", seat)
    still_used = (
        Seat.objects.filter(
            person=person, joined_on__isnull=False, left_on__isnull=True
        )
        .exclude(pk=seat.pk)
        .exists()
    )
    if not still_used:
        logins.unlink_login(person)
        person.save(update_fields=logins.LOGIN_FIELDS)
        audit_in(access, "person.unlink", login)
    return seat


@transaction.atomic
def rules_accept(*, access: ProcessAccess, accept: bool, rules_version: str) -> Seat:
    """The holder of a seat accepts the process's current ground rules (a seat
    taken up before they changed, or without an invitation): version and day."""
    if access.seat_id is None:
        raise PermissionDenied(
            gettext(
                "You hold no seat in this process: the ground rules are accepted "
                "by those seated."
            )
        )
    require(
        accept is True,
        "accept_rules",
        gettext("Tick the box to accept the ground rules, or leave the page."),
    )
    current = ground_rules_version(access.process)
    require(
        rules_version == current,
        "accept_rules",
        gettext(
            "The ground rules changed while you were reading them: read the new "
            "version and accept it."
        ),
    )
    seat = Seat.objects.select_for_update().get(pk=access.seat_id)
    if seat.rules_version != current:
        seat.rules_version = current
        seat.rules_accepted_on = timezone.localdate()
        seat.save(update_fields=["rules_version", "rules_accepted_on"])
        audit_in(access, "seat.rules", seat)
    return seat
