"""Every write to consultations: the facilitators' (audited) and the public's.

Facilitators' writes take a ``ProcessAccess`` and write an audit row. The
public's writes (:func:`vote_cast`, :func:`statement_propose`) take the
consultation and the ballot token from the voter's cookie; they are not
audited, since a ballot is not a person and the log would become a trail of
who voted when.
"""

from __future__ import annotations

import secrets
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.utils.translation import gettext, gettext_lazy

from backchannel.consultations import fastvote, flood
from backchannel.consultations.access import VotingLink, forget_links
from backchannel.consultations.analysis import analysis_execute, to_the_minute
from backchannel.consultations.export import polis_export_private, polis_export_zip
from backchannel.consultations.models import (
    STATEMENT_MAX,
    AnalysisRun,
    Ballot,
    Consultation,
    ConsultationStatus,
    RunStatus,
    Statement,
    StatementOrigin,
    StatementStatus,
    Vote,
)
from backchannel.consultations.polis_import import (
    ImportSummary,
    polis_export_read,
    polis_import_plan,
    polis_import_write,
    upload_unpack,
)
from backchannel.consultations.selectors import stalled
from backchannel.consultations.tasks import enqueue_analysis
from backchannel.core.audit import audit_in, audit_process
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.services_util import apply_changes
from backchannel.core.validation import clean, require
from backchannel.processes.access import ProcessAccess
from backchannel.records.services import identifying

CONSULTATION_FIELDS = {
    "title",
    "question",
    "status",
    "accepts_statements",
    "public_results",
}
VOTE_VALUES = {"agree": 1, "disagree": -1, "pass": 0}
#: Statements one ballot may propose in all (the flood limit caps the rate).
PROPOSALS_PER_BALLOT = 10


def _check_in_process(access: ProcessAccess, consultation: Consultation) -> None:
    if consultation.process_id != access.process.pk:
        raise NotFound("consultation")


def _links_changed() -> None:
    # Now for this transaction's own requests, and again once it commits.
    forget_links()
    transaction.on_commit(forget_links)


def new_token() -> str:
    """A random token (256 bits) for a public link or a ballot cookie."""
    return secrets.token_urlsafe(32)


def _statement_texts(texts: list[str], field: str) -> list[str]:
    cleaned = [t.strip() for t in texts]
    for i, text in enumerate(cleaned):
        require(bool(text), f"{field}[{i}]", gettext("A statement cannot be empty."))
        require(
            len(text) <= STATEMENT_MAX,
            f"{field}[{i}]",
            gettext(
                "A statement holds at most %(STATEMENT_MAX)s characters (this one has %(count)s): shorten it or split it in two."
            )
            % {"STATEMENT_MAX": STATEMENT_MAX, "count": len(text)},
        )
    return cleaned


def require_names_nobody(access: ProcessAccess, field: str, text: str) -> None:
    """A consultation's text is written for the public link (title, question,
    statements): it passes the identification gate when it is written, like
    every other way out of the workspace (the same engine and registry as an
    output's export; :func:`backchannel.records.services.identifying`)."""
    names = identifying(access.process, text)
    require(
        not names,
        field,
        gettext(
            "A consultation is public, and this text identifies someone: %(value)s. Rewrite it without naming or describing a person (e.g. “a participant”, “one side proposed”)."
        )
        % {"value": "; ".join(names)},
    )


def _add_statements(
    consultation: Consultation,
    texts: list[str],
    *,
    origin: str,
    status: str,
    author: Ballot | None = None,
) -> list[Statement]:
    """Number and save statements; the consultation row is locked for the numbers."""
    locked = Consultation.objects.select_for_update().only("id", "statement_count")
    start = locked.get(pk=consultation.pk).statement_count
    statements = []
    for offset, text in enumerate(texts, start=1):
        statement = Statement(
            consultation=consultation,
            data_key_id=consultation.data_key_id,
            number=start + offset,
            text=text,
            origin=origin,
            status=status,
            author=author,
        )
        clean(statement, exclude=["data_key", "author"])
        statement.save(force_insert=True)
        statements.append(statement)
    Consultation.objects.filter(pk=consultation.pk).update(
        statement_count=start + len(texts)
    )
    consultation.statement_count = start + len(texts)
    return statements


# -- the facilitators'


@transaction.atomic
def consultation_create(
    *,
    access: ProcessAccess,
    title: str,
    question: str = "",
    seed_statements: list[str] | None = None,
    accepts_statements: bool = True,
    public_results: bool = False,
    status: str = ConsultationStatus.DRAFT,
) -> Consultation:
    """A consultation of this process, with its seed statements (accepted)."""
    access.require_manage()
    seeds = _statement_texts(seed_statements or [], "seed_statements")
    require_names_nobody(access, "title", title)
    require_names_nobody(access, "question", question)
    for i, seed in enumerate(seeds):
        require_names_nobody(access, f"seed_statements[{i}]", seed)
    token = new_token()
    consultation = Consultation(
        process=access.process,
        title=title.strip(),
        question=question.strip(),
        token=token,
        token_hash=Consultation.hash(token),
        accepts_statements=accepts_statements,
        public_results=public_results,
        status=status,
    )
    clean(consultation, exclude=["data_key"])
    consultation.save()
    _add_statements(
        consultation,
        seeds,
        origin=StatementOrigin.SEED,
        status=StatementStatus.ACCEPTED,
    )
    audit_in(access, "consultation.create", consultation)
    return consultation


@transaction.atomic
def consultation_update(
    *, access: ProcessAccess, consultation: Consultation, **changes: Any
) -> Consultation:
    access.require_manage()
    _check_in_process(access, consultation)
    for field in ("title", "question"):
        if field in changes:
            changes[field] = str(changes[field]).strip()
            require_names_nobody(access, field, changes[field])
    apply_changes(consultation, changes, allowed=CONSULTATION_FIELDS)
    audit_in(access, "consultation.update", consultation)
    _links_changed()
    return consultation


@transaction.atomic
def consultation_link_renew(
    *, access: ProcessAccess, consultation: Consultation
) -> Consultation:
    """A new public link; the old one stops working (ballots stay valid)."""
    access.require_manage()
    _check_in_process(access, consultation)
    token = new_token()
    consultation.token = token
    consultation.token_hash = Consultation.hash(token)
    consultation.save(update_fields=["token", "token_hash"])
    audit_in(access, "consultation.link_renew", consultation)
    _links_changed()
    return consultation


@transaction.atomic
def consultation_delete(*, access: ProcessAccess, consultation: Consultation) -> None:
    """Delete a consultation with its statements, ballots, votes and results."""
    access.require_manage()
    _check_in_process(access, consultation)
    audit_in(access, "consultation.delete", consultation)
    _links_changed()
    # Statements point at ballots (their authors): votes and statements first.
    Vote.objects.filter(ballot__consultation=consultation).delete()
    consultation.statements.all().delete()
    consultation.delete()


@transaction.atomic
def statement_add(
    *, access: ProcessAccess, consultation: Consultation, texts: list[str]
) -> list[Statement]:
    """Seed statements from the facilitators: accepted at once."""
    access.require_manage()
    _check_in_process(access, consultation)
    cleaned = _statement_texts(texts, "texts")
    require(
        bool(cleaned), "texts", gettext("Give at least one statement, one per line.")
    )
    for i, text in enumerate(cleaned):
        require_names_nobody(access, f"texts[{i}]", text)
    statements = _add_statements(
        consultation,
        cleaned,
        origin=StatementOrigin.SEED,
        status=StatementStatus.ACCEPTED,
    )
    audit_in(access, "consultation.statement_add", consultation)
    return statements


@transaction.atomic
def statement_moderate(
    *, access: ProcessAccess, statement: Statement, status: str
) -> Statement:
    """Accept or reject a statement (or put it back to pending).

    A rejected statement leaves the voting page and the analysis; its votes
    are kept, so accepting it again restores them.
    """
    access.require_manage()
    _check_in_process(access, statement.consultation)
    require(
        status in StatementStatus.values,
        "status",
        gettext("Choose one of %(value)s.")
        % {"value": ", ".join(StatementStatus.values)},
    )
    if status == StatementStatus.ACCEPTED and statement.status != status:
        # a voter's proposal goes public when accepted: reject it, or accept
        # a rewording as a seed statement, if it names someone
        require_names_nobody(access, "status", str(statement.text))
    if statement.status != status:
        statement.status = status
        statement.save(update_fields=["status"])
        audit_in(access, f"consultation.statement_{status}", statement)
    return statement


@transaction.atomic
def consultation_export(*, access: ProcessAccess, consultation: Consultation) -> bytes:
    """The Pol.is export as a zip archive (comments, votes, participants-votes)."""
    access.require_manage()
    _check_in_process(access, consultation)
    data = polis_export_zip(consultation)
    audit_in(access, "consultation.export", consultation)
    return data


@transaction.atomic
def consultation_export_to(
    *, consultation: Consultation, directory: Any, force: bool = False
) -> int:
    """The Pol.is export into a directory, for an operator at the command line:
    owner-only files (0600) in a directory created 0700, never through a
    symbolic link, never over an existing file unless ``force``."""
    votes = polis_export_private(consultation, directory, force=force)
    audit_process(None, consultation.process, "consultation.export", consultation)
    return votes


@transaction.atomic
def consultation_import(
    *,
    access: ProcessAccess,
    consultation: Consultation,
    directory: Path | None = None,
    files: Iterable[tuple[str, bytes]] | None = None,
) -> ImportSummary:
    """Continue a Pol.is conversation here: read its export into this (empty)
    consultation, statements with their moderation and each participant's
    votes under a fresh ballot (:mod:`~backchannel.consultations.polis_import`).

    The export is a ``directory`` (the command line) or uploaded ``files``
    (``(name, content)`` pairs: the CSV files, or one zip holding them). The
    whole export is checked before anything is written, the identification
    gate included; one transaction, so a refusal leaves the consultation as
    it was."""
    access.require_manage()
    _check_in_process(access, consultation)
    if (directory is None) == (files is None):
        raise ValueError("give the export as a directory or as files, not both")
    with tempfile.TemporaryDirectory(prefix="bc-polis-import-") as tmp:
        source = Path(tmp) if directory is None else directory
        if files is not None:
            upload_unpack(files, source)
        export = polis_export_read(source)
    # The row lock keeps two imports (or a first vote) from interleaving.
    Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
    plan = polis_import_plan(consultation=consultation, export=export)
    summary = polis_import_write(consultation=consultation, plan=plan)
    audit_in(access, "consultation.import", consultation)
    return summary


# -- the analysis


@transaction.atomic
def analysis_request(
    *, access: ProcessAccess, consultation: Consultation
) -> AnalysisRun:
    """Queue an analysis for the background worker; one waiting run is enough."""
    access.require_manage()
    _check_in_process(access, consultation)
    waiting = consultation.runs.filter(status=RunStatus.QUEUED).first()
    if waiting is not None:
        if stalled(waiting):
            # Its task may be lost (a broker down when it was sent, or
            # emptied): send it again. Whichever copy a worker takes first
            # stores the results; the other finds the run done.
            enqueue_analysis(str(waiting.pk))
        return waiting
    run = AnalysisRun(
        consultation=consultation,
        data_key_id=consultation.data_key_id,
        requested_at=to_the_minute(),
    )
    run.save(force_insert=True)
    audit_in(access, "consultation.analysis_request", consultation)
    # The task exists exactly when the run does (backchannel/core/queues.py).
    enqueue_analysis(str(run.pk))
    return run


def analysis_run_now(*, consultation: Consultation) -> AnalysisRun:
    """Analyse at once, in this process (the CLI and the demo loader)."""
    run = AnalysisRun(
        consultation=consultation,
        data_key_id=consultation.data_key_id,
        requested_at=to_the_minute(),
    )
    run.save(force_insert=True)
    audit_process(None, consultation.process, "consultation.analysis_run", consultation)
    return analysis_execute(run_id=run.pk)


# -- the public's


@dataclass(frozen=True)
class Cast:
    ballot_id: uuid.UUID
    statement_id: uuid.UUID
    value: int


def _require_open(consultation: Consultation | VotingLink) -> None:
    if consultation.status != ConsultationStatus.OPEN:
        raise PermissionDenied(
            gettext(
                "This consultation is closed: votes and statements are no longer taken."
            )
        )


def parse_vote(value: Any) -> int:
    """``agree``/``disagree``/``pass`` or 1/-1/0 → 1/-1/0."""
    if isinstance(value, str) and value in VOTE_VALUES:
        return VOTE_VALUES[value]
    if isinstance(value, int) and not isinstance(value, bool) and value in (-1, 0, 1):
        return value
    raise ValidationFailed(
        {"vote": [gettext("Vote 'agree', 'disagree' or 'pass' (or 1, -1, 0).")]}
    )


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _db_uuid(value: uuid.UUID) -> Any:
    return Vote._meta.pk.get_db_prep_value(value, connection)


class _NoSuchStatement(Exception):
    """Rolls back a ballot made for a vote that found no statement."""


def _upsert_vote(
    ballot_id: uuid.UUID,
    consultation_id: uuid.UUID,
    statement_id: uuid.UUID,
    value: int,
) -> bool:
    """Write one vote; False when the statement is not an accepted one of the
    consultation (and then nothing is written).

    On PostgreSQL it is one statement, so one round trip and one commit: the
    ballot is inserted in a CTE when the statement qualifies, and the vote is
    inserted or updated. SQLite has no writing CTEs: two statements in a
    transaction.
    """
    ballot, vote, statement = _table(Ballot), _table(Vote), _table(Statement)
    bid, cid, sid = (_db_uuid(x) for x in (ballot_id, consultation_id, statement_id))
    accepted = StatementStatus.ACCEPTED.value
    upsert = (
        f"INSERT INTO {vote} (id, ballot_id, statement_id, value) "  # noqa: S608 - quoted table names
        f"SELECT %s, %s, s.id, %s FROM {statement} s "
        "WHERE s.id = %s AND s.consultation_id = %s AND s.status = %s "
        "ON CONFLICT (ballot_id, statement_id) DO UPDATE SET value = excluded.value"
    )
    upsert_args = [_db_uuid(uuid.uuid4()), bid, value, sid, cid, accepted]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH b AS (INSERT INTO {ballot} (id, consultation_id) "  # noqa: S608
                f"SELECT %s, %s WHERE EXISTS (SELECT 1 FROM {statement} "
                "WHERE id = %s AND consultation_id = %s AND status = %s) "
                "ON CONFLICT (id) DO NOTHING) " + upsert,
                [bid, cid, sid, cid, accepted, *upsert_args],
            )
            return cursor.rowcount == 1
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {ballot} (id, consultation_id) VALUES (%s, %s) "  # noqa: S608
                "ON CONFLICT (id) DO NOTHING",
                [bid, cid],
            )
            cursor.execute(upsert, upsert_args)
            if cursor.rowcount != 1:
                raise _NoSuchStatement
    except _NoSuchStatement:
        return False
    return True


def _new_ballot_hits(
    consultation: Consultation | VotingLink, client: str
) -> list[flood.Hit]:
    """The flood hits of a ballot the consultation has not seen: every path that
    starts a ballot (a vote, a proposal) counts it against ``client_ballots``
    (``client``: a pseudonym of the address, see ``core.clients``) and
    ``consultation_ballots``, so that dropping the cookie cannot multiply
    voters past either cap, nor one client use up the consultation's."""
    return [
        (
            "client_ballots",
            f"{consultation.pk}:{client or 'unknown'}",
            gettext(
                "Too many new voters from your connection in a short time: keep "
                "your browser's cookies for this site on, or wait a minute and "
                "vote again."
            ),
        ),
        (
            "consultation_ballots",
            consultation.pk,
            gettext(
                "Too many new voters in a short time: wait a minute and vote again."
            ),
        ),
    ]


def vote_cast(
    *,
    consultation: Consultation | VotingLink,
    ballot_token: str,
    statement_id: Any,
    vote: Any,
    new_ballot: bool = False,
    client: str = "",
) -> Cast:
    """Record one vote: idempotent per ballot and statement, a re-vote updates it.

    The ballot's row is created on its first vote; the vote is an upsert that
    only matches an accepted statement of this consultation, so a vote on
    anything else changes nothing (see :func:`_upsert_vote`).
    """
    _require_open(consultation)
    value = parse_vote(vote)
    try:
        sid = uuid.UUID(str(statement_id))
    except ValueError:
        raise NotFound("statement") from None
    ballot_id = Ballot.id_for(consultation.pk, ballot_token)
    hits: list[flood.Hit] = [
        (
            "ballot_votes",
            ballot_id.hex,
            gettext_lazy(
                "Too many votes in a short time from this ballot: wait a minute, "
                "then go on."
            ),
        ),
        (
            "consultation_votes",
            consultation.pk,
            gettext_lazy(
                "This consultation is receiving too many votes right now: try again "
                "in a minute."
            ),
        ),
    ]
    first: flood.Hit | None = None
    if new_ballot:
        # the client's own limit first, alone: a client past it must not use up
        # the consultation's cap for everyone else
        first, by_consultation = _new_ballot_hits(consultation, client)
        hits.insert(0, by_consultation)
    if fastvote.one_statement():  # counting and voting in one round trip
        found = fastvote.vote_counted(
            ballot_id=ballot_id,
            consultation_id=consultation.pk,
            statement_id=sid,
            value=value,
            first=first,
            hits=hits,
        )
    else:
        if first is not None:
            flood.hit(*first)
        flood.hit_all(hits)
        found = _upsert_vote(ballot_id, consultation.pk, sid, value)
    if not found:
        raise NotFound("statement")
    return Cast(ballot_id=ballot_id, statement_id=sid, value=value)


@transaction.atomic
def statement_propose(
    *,
    consultation: Consultation,
    ballot_token: str,
    text: str,
    new_ballot: bool = False,
    client: str = "",
) -> Statement:
    """A voter proposes a statement: it waits for moderation. A ``new_ballot``
    (a voter without a cookie issued for this consultation) counts against the
    new-ballot cap, as its first vote would."""
    _require_open(consultation)
    if not consultation.accepts_statements:
        raise PermissionDenied(
            gettext(
                "This consultation does not take new statements: vote on those shown."
            )
        )
    (cleaned,) = _statement_texts([text], "text")
    ballot_id = Ballot.id_for(consultation.pk, ballot_token)
    if new_ballot:
        by_client, by_consultation = _new_ballot_hits(consultation, client)
        flood.hit(*by_client)
        flood.hit(*by_consultation)
    flood.hit(
        "ballot_statements",
        ballot_id.hex,
        gettext_lazy(
            "You have proposed several statements in a short time: wait a while "
            "before proposing another."
        ),
    )
    flood.hit(
        "consultation_statements",
        consultation.pk,
        gettext_lazy("Many statements are waiting for moderation: try again later."),
    )
    ballot, _ = Ballot.objects.get_or_create(
        pk=ballot_id, defaults={"consultation": consultation}
    )
    proposed = Statement.objects.filter(
        consultation=consultation, author=ballot
    ).count()
    require(
        proposed < PROPOSALS_PER_BALLOT,
        "text",
        gettext("Each voter may propose up to %(PROPOSALS_PER_BALLOT)s statements.")
        % {"PROPOSALS_PER_BALLOT": PROPOSALS_PER_BALLOT},
    )
    (statement,) = _add_statements(
        consultation,
        [cleaned],
        origin=StatementOrigin.PARTICIPANT,
        status=StatementStatus.PENDING,
        author=ballot,
    )
    return statement
