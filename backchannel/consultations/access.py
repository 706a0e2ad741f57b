"""The only doors to consultations and their statements.

A draft consultation is the facilitators' workbench: for anyone who does not
manage the process it answers ``NotFound`` exactly like an id that does not
exist. The public reaches a consultation only through its link's token, and
only once it is open (or closed, to read what it says).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection

from backchannel.consultations.models import (
    Consultation,
    ConsultationStatus,
    Statement,
)
from backchannel.core.errors import NotFound
from backchannel.core.models import DataKey
from backchannel.processes.access import ProcessAccess, access_in_process

TOKEN_MAX = 64


def _visible(access: ProcessAccess, consultation: Consultation) -> bool:
    return consultation.status != ConsultationStatus.DRAFT or access.can_manage


def access_consultation_by_id(
    actor: Any, consultation_id: Any, *, manage: bool = False
) -> tuple[Consultation, ProcessAccess]:
    # Visibility first, the role second: a draft must not answer 403 to a
    # participant, which would tell them it exists.
    consultation, access = access_in_process(
        actor, Consultation, consultation_id, what="consultation"
    )
    if not _visible(access, consultation):
        raise NotFound("consultation")
    if manage:
        access.require_manage()
    return consultation, access


def access_statement_by_id(
    actor: Any, statement_id: Any, *, manage: bool = False
) -> tuple[Statement, ProcessAccess]:
    statement, access = access_in_process(
        actor,
        Statement,
        statement_id,
        what="statement",
        process_path="consultation__process",
    )
    statement = Statement.objects.select_related("consultation").get(pk=statement.pk)
    if not _visible(access, statement.consultation):
        raise NotFound("statement")
    if manage:
        access.require_manage()
    return statement, access


def access_consultation_by_token(token: str) -> Consultation:
    """The consultation behind a public link; drafts and unknown links answer alike."""
    if not token or len(token) > TOKEN_MAX:
        raise NotFound("consultation")
    consultation = (
        Consultation.objects.select_related("data_key")
        .filter(token_hash=Consultation.hash(token))
        .first()
    )
    if (
        consultation is None
        or consultation.status == ConsultationStatus.DRAFT
        or consultation.data_key.destroyed_on is not None
    ):
        raise NotFound("consultation")
    return consultation


@dataclass(frozen=True)
class VotingLink:
    """What a vote needs of its consultation: the id and whether it is open."""

    pk: uuid.UUID
    status: str


#: Links seen by this process: {token hash: (expires at, link)}. A vote is the
#: hottest path there is; a change of status reaches other processes within
#: LINK_TTL seconds, and this one's at once (services call forget_links()).
_links: dict[str, tuple[float, VotingLink]] = {}
LINK_TTL = 2.0
LINKS_KEPT = 1024


def forget_links() -> None:
    _links.clear()


def access_voting_link(token: str) -> VotingLink:
    """:func:`access_consultation_by_token` for the JSON vote: the same answers,
    from one plain query (or this process's memory of it, for LINK_TTL seconds),
    without loading or decrypting the consultation."""
    if not token or len(token) > TOKEN_MAX:
        raise NotFound("consultation")
    key = Consultation.hash(token)
    now = time.monotonic()
    kept = _links.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    table = connection.ops.quote_name(Consultation._meta.db_table)
    keys = connection.ops.quote_name(DataKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.id, c.status FROM {table} c "  # noqa: S608 - quoted table names
            f"JOIN {keys} k ON k.id = c.data_key_id "
            "WHERE c.token_hash = %s AND k.destroyed_on IS NULL",
            [key],
        )
        row = cursor.fetchone()
    if row is None or row[1] == ConsultationStatus.DRAFT:
        raise NotFound("consultation")
    pk = row[0] if isinstance(row[0], uuid.UUID) else uuid.UUID(row[0])
    link = VotingLink(pk=pk, status=row[1])
    if len(_links) >= LINKS_KEPT:
        _links.clear()
    _links[key] = (now + LINK_TTL, link)
    return link
