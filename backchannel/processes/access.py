"""The only doors to a process and the objects inside it.

Every ``access_*`` function answers ``NotFound`` both when the object does not
exist and when the actor may not see it, so ids cannot be probed. Roles that
can see an object but not change it get ``PermissionDenied``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from backchannel.accounts.models import Membership, OrgRole, User
from backchannel.core.errors import NotFound, PermissionDenied, PledgeRequired
from backchannel.participants.models import Seat
from backchannel.processes.models import Process

ORG_CONVENER = "org_convener"
INTERPRETER = "interpreter"
# The operator at the command line (and the demo loader, imports): no login.
OPERATOR = "operator"
CONVENERS = frozenset({ORG_CONVENER, "convener", OPERATOR})
MANAGERS = CONVENERS | {"facilitator"}
RECORDERS = MANAGERS | {"rapporteur"}
# Who may write translations of the process's content (never its originals).
TRANSLATORS = RECORDERS | {INTERPRETER}

M = TypeVar("M", bound=models.Model)


class Operator:
    """The operator at the command line, the demo loader and imports: a
    manager of every process with no login behind it. The audit log names it
    "system" (no actor id, no username). Never built for a request."""

    pk = None
    username = ""
    is_authenticated = False
    is_active = False

    def __repr__(self) -> str:
        return "Operator()"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Operator)

    def __hash__(self) -> int:
        return hash(Operator)


@dataclass(frozen=True)
class ProcessAccess:
    """What one actor may do in one process."""

    process: Process
    actor: User | Operator
    role: str  # ORG_CONVENER, OPERATOR or a seat role
    seat_id: uuid.UUID | None

    @classmethod
    def operator(cls, process: Process, *, seat: Any = None) -> ProcessAccess:
        """The operator's access: a convener's, audited as "system". With
        ``seat``, the operator acts for that seat (the demo's feedback and
        answers of people without a login); the services check that the seat
        may do what is asked. A destroyed process is gone for the operator too."""
        if process.data_key.destroyed_on is not None:
            raise NotFound("process")
        if seat is not None and seat.process_id != process.pk:
            raise NotFound("seat")
        return cls(
            process=process,
            actor=Operator(),
            role=OPERATOR,
            seat_id=seat.pk if seat is not None else None,
        )

    @property
    def is_operator(self) -> bool:
        return isinstance(self.actor, Operator)

    @property
    def own_seat_id(self) -> uuid.UUID:
        """The actor's own seat, where only a seated actor gets (the caller
        checked the role first); a seatless actor gets the 404 of a seat."""
        if self.seat_id is None:
            raise NotFound("seat")
        return self.seat_id

    @property
    def login(self) -> User | None:
        """The login acting, as recorded on what it makes or decides (a
        ``created_by``); None for the operator, who has no login."""
        return None if isinstance(self.actor, Operator) else self.actor

    @property
    def can_manage(self) -> bool:
        return self.role in MANAGERS

    @property
    def can_end_seat_access(self) -> bool:
        """Ending a seat's access ("not the right person") is the conveners'
        alone: a facilitator who invites could otherwise seat anyone again."""
        return self.role in CONVENERS

    @property
    def can_record(self) -> bool:
        return self.role in RECORDERS

    @property
    def can_see_contacts(self) -> bool:
        return self.role in MANAGERS

    @property
    def can_translate(self) -> bool:
        return self.role in TRANSLATORS

    @property
    def can_verify_translations(self) -> bool:
        """Only an interpreter (who has accepted the pledge, or they would
        hold no access at all) marks a translation verified."""
        return self.role == INTERPRETER

    @property
    def sees_composition(self) -> bool:
        """Who sits in the process: not for interpreters, who read its content."""
        return self.role != INTERPRETER

    def require_manage(self) -> None:
        if not self.can_manage:
            raise PermissionDenied(
                _(
                    "Your role in this process (%(role)s) cannot change it: ask a facilitator or the convener."
                )
                % {"role": self.role}
            )


def parse_id(value: Any, what: str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise NotFound(what) from None


def process_role(actor: User, process: Process) -> tuple[str, uuid.UUID | None] | None:
    """The actor's strongest role in the process, or None if they have none."""
    if not actor.is_authenticated or not actor.is_active:
        return None

    seat = (
        Seat.objects.held_by(actor)
        .filter(process=process)
        .values_list("id", "role")
        .first()
    )
    convener = Membership.objects.filter(
        user=actor, organisation_id=process.organisation_id, role=OrgRole.CONVENER
    ).exists()
    if convener:
        return ORG_CONVENER, seat[0] if seat else None
    if seat:
        return seat[1], seat[0]
    return None


def pledged(seat_id: uuid.UUID | None) -> bool:
    return (
        seat_id is not None
        and Seat.objects.filter(pk=seat_id, pledge_accepted_on__isnull=False).exists()
    )


def access_process_by_id(
    actor: User,
    process_id: Any,
    *,
    manage: bool = False,
    before_pledge: bool = False,
) -> ProcessAccess:
    """``before_pledge``: let an interpreter in who has not accepted the
    confidentiality pledge yet (only the pledge itself uses it); otherwise they
    get ``PledgeRequired``."""
    pid = parse_id(process_id, "process")
    process = (
        Process.objects.select_related("organisation", "data_key")
        .filter(pk=pid)
        .first()
    )
    if process is None or process.data_key.destroyed_on is not None:
        raise NotFound("process")
    found = process_role(actor, process)
    if found is None:
        raise NotFound("process")
    access = ProcessAccess(
        process=process, actor=actor, role=found[0], seat_id=found[1]
    )
    if access.role == INTERPRETER and not before_pledge and not pledged(found[1]):
        raise PledgeRequired(process.pk)
    if manage:
        access.require_manage()
    return access


def access_in_process(
    actor: User,
    model: type[M],
    object_id: Any,
    *,
    what: str,
    manage: bool = False,
    process_path: str = "process",
) -> tuple[M, ProcessAccess]:
    """Fetch an object that belongs to a process, checking the actor's access
    to that process. ``process_path`` is the lookup from the object to it."""
    oid = parse_id(object_id, what)
    obj = model._default_manager.filter(pk=oid).first()
    if obj is None:
        raise NotFound(what)
    process_id = model._default_manager.filter(pk=oid).values_list(
        f"{process_path}_id" if "__" not in process_path else f"{process_path}__id",
        flat=True,
    )[0]
    try:
        access = access_process_by_id(actor, process_id, manage=False)
    except (NotFound, PledgeRequired):
        # Before the pledge, an interpreter cannot tell an object of the
        # process from one that does not exist.
        raise NotFound(what) from None
    if manage:
        access.require_manage()
    return obj, access
