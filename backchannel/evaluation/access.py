"""The doors to trust rounds, outcomes and risks.

Everything here is the managers' (conveners, facilitators), except answering a
round and reporting contacts, which are the participants' seated on a side.
Rapporteurs, observers and interpreters see none of it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from backchannel.core.errors import NotFound, PermissionDenied
from backchannel.evaluation.models import Outcome, Risk, RoundStatus, TrustRound
from backchannel.participants.models import Seat, SeatRole
from backchannel.processes.access import ProcessAccess, access_in_process
from backchannel.processes.models import Process


def access_round_by_id(
    actor: Any, round_id: Any, *, manage: bool = False
) -> tuple[TrustRound, ProcessAccess]:
    # Visibility first, the role second: a draft round answers 404 to everyone
    # who does not manage the process, exactly like an id that does not exist.
    trust_round, access = access_in_process(actor, TrustRound, round_id, what="round")
    if trust_round.status == RoundStatus.DRAFT and not access.can_manage:
        raise NotFound("round")
    if manage:
        access.require_manage()
    return trust_round, access


def access_outcome_by_id(actor: Any, outcome_id: Any) -> tuple[Outcome, ProcessAccess]:
    return _managers_only(
        *access_in_process(actor, Outcome, outcome_id, what="outcome")
    )


def access_risk_by_id(actor: Any, risk_id: Any) -> tuple[Risk, ProcessAccess]:
    return _managers_only(*access_in_process(actor, Risk, risk_id, what="risk"))


def _managers_only(obj: Any, access: ProcessAccess) -> tuple[Any, ProcessAccess]:
    """Outcomes and risks are the managers': for anyone else they do not exist
    (the same 404 as a random id, never a 403 that confirms one)."""
    if not access.can_manage:
        raise NotFound(type(obj).__name__.lower())
    return obj, access


def is_respondent(access: ProcessAccess) -> bool:
    """Participants seated on a side answer trust rounds and report contacts."""
    return access.role == SeatRole.PARTICIPANT and access.seat_id is not None


def respondent_seat(access: ProcessAccess) -> Seat:
    """The actor's own seat, if they answer rounds; else 403."""
    if not is_respondent(access):
        raise PermissionDenied(
            _(
                "Trust rounds are answered by the participants seated on a side; "
                "your role in this process (%(role)s) sees only aggregates, if any."
            )
            % {"role": access.role}
        )
    seat = Seat.objects.select_related("side").get(pk=access.own_seat_id)
    if seat.side_id is None:
        raise PermissionDenied(
            _(
                "Your seat is on no side, and answers are counted by side: ask a "
                "facilitator to seat you on your side."
            )
        )
    return seat


def require_manage_or_respondent(access: ProcessAccess) -> None:
    if not (access.can_manage or is_respondent(access)):
        raise PermissionDenied(
            _(
                "Only the participants and the process's conveners and facilitators "
                "see the trust rounds (your role: %(role)s)."
            )
            % {"role": access.role}
        )


def check_manage(process: Process, access: ProcessAccess | None) -> None:
    """For the evaluation's reads: ``access=None`` is a trusted caller (the
    process report, the CLI run by the operator); an actor's access must be
    of this process and manage it."""
    if access is None:
        return
    if access.process.pk != process.pk:
        raise PermissionDenied(_("This access belongs to another process."))
    if not access.can_manage:
        raise PermissionDenied(
            _(
                "Only the process's conveners and facilitators see the evaluation "
                "(your role: %(role)s)."
            )
            % {"role": access.role}
        )
