"""API shapes of consultations.

The public link leaves only for the process's managers (``public_url`` is
absent for other roles); voters' ballots never leave at all.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Field, Schema

from backchannel.consultations.models import (
    AnalysisRun,
    Consultation,
    ConsultationStatus,
    RunStatus,
    Statement,
    StatementOrigin,
    StatementStatus,
)
from backchannel.core.schemas import In, Out
from backchannel.processes.access import ProcessAccess

# -- input


class ConsultationIn(In):
    title: str
    question: str = ""
    status: ConsultationStatus = Field(
        ConsultationStatus.DRAFT,
        description="draft (the public link does not open), open, or closed.",
    )
    accepts_statements: bool = Field(
        True, description="Voters may propose statements, which wait for moderation."
    )
    public_results: bool = Field(
        False, description="Anyone with the link sees the results."
    )
    seed_statements: list[str] = Field(
        [], description="Statements to vote on, accepted at once; in order."
    )


class ConsultationPatch(In):
    title: str | None = None
    question: str | None = None
    status: ConsultationStatus | None = None
    accepts_statements: bool | None = None
    public_results: bool | None = None


class StatementsIn(In):
    texts: list[str] = Field(
        description="Seed statements, accepted at once; numbered in this order."
    )


class PolisImportIn(In):
    files: dict[str, str] = Field(
        description="The Pol.is export's files by name: comments.csv with "
        "votes.csv or participants-votes.csv (a newer export's prefixed names "
        "are read too), each the file's text (UTF-8 CSV)."
    )


class ImportOut(Schema):
    statements: int
    accepted: int
    rejected: int
    pending: int
    ballots: int = Field(description="New anonymous ballots, one per participant.")
    votes: int


class ModerationIn(In):
    status: StatementStatus = Field(
        description="accepted (shown to voters), rejected (hidden, left out of the "
        "analysis) or pending."
    )


# -- output


class ConsultationOut(Out):
    WITHHELD = frozenset({"public_url"})

    id: uuid.UUID
    process_id: uuid.UUID
    title: str
    question: str
    status: ConsultationStatus
    accepts_statements: bool
    public_results: bool
    created_on: dt.date
    public_url: str | None = Field(
        None,
        description="The voting link: only for the process's managers; absent for "
        "other roles.",
    )


class StatementOut(Schema):
    id: uuid.UUID
    number: int
    text: str
    origin: StatementOrigin
    status: StatementStatus
    agree: int
    disagree: int
    passes: int


class RunOut(Schema):
    id: uuid.UUID
    status: RunStatus
    requested_at: dt.datetime = Field(description="To the minute.")
    finished_at: dt.datetime | None = Field(description="To the minute.")
    participants: int
    votes: int


class ResultsOut(Schema):
    latest: RunOut | None = Field(
        description="The newest analysis run, whatever its status."
    )
    results_run: RunOut | None = Field(
        description="The newest finished run, whose results follow."
    )
    results: dict[str, Any] | None = Field(
        description="participants, in_map, votes, statements; groups (label, size, "
        "representative statements with agree/disagree/pass shares); consensus; "
        "divisive; map (sampled PCA points [x, y, group] and their extent). "
        "Statements are named by id and number and carry their text."
    )


# -- builders


def consultation_out(
    access: ProcessAccess, consultation: Consultation, public_url: str
) -> ConsultationOut:
    return ConsultationOut(
        id=consultation.pk,
        process_id=consultation.process_id,
        title=str(consultation.title),
        question=str(consultation.question),
        status=ConsultationStatus(consultation.status),
        accepts_statements=consultation.accepts_statements,
        public_results=consultation.public_results,
        created_on=consultation.created_on,
        public_url=public_url if access.can_manage else None,
    )


def statement_out(statement: Statement, counts: dict[int, int]) -> StatementOut:
    return StatementOut(
        id=statement.pk,
        number=statement.number,
        text=str(statement.text),
        origin=StatementOrigin(statement.origin),
        status=StatementStatus(statement.status),
        agree=counts.get(1, 0),
        disagree=counts.get(-1, 0),
        passes=counts.get(0, 0),
    )


def run_out(run: AnalysisRun | None) -> RunOut | None:
    if run is None:
        return None
    return RunOut(
        id=run.pk,
        status=RunStatus(run.status),
        requested_at=run.requested_at,
        finished_at=run.finished_at,
        participants=run.participants,
        votes=run.votes,
    )
