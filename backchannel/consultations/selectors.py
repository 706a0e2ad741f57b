"""Reads of consultations: lists for a process, the moderation queue, the
voting order of one ballot, and results with their statement texts."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from backchannel.consultations.models import (
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
from backchannel.processes.access import ProcessAccess


@dataclass
class ConsultationRow:
    consultation: Consultation
    statements: Counter[str]
    participants: int
    latest: AnalysisRun | None  # the newest run, whatever its status
    results: AnalysisRun | None  # the newest finished run


def consultation_list_for(access: ProcessAccess) -> list[Consultation]:
    """The consultations of a process the actor may see (drafts: managers only)."""
    rows = Consultation.objects.filter(process=access.process).order_by(
        "-created_on", "id"
    )
    if not access.can_manage:
        rows = rows.exclude(status=ConsultationStatus.DRAFT)
    return list(rows)


#: A run queued longer than this has probably no worker to run it.
STALLED = dt.timedelta(minutes=3)


def stalled(run: AnalysisRun | None) -> bool:
    return bool(
        run is not None
        and run.status == RunStatus.QUEUED
        and timezone.now() - run.requested_at > STALLED
    )


def runs_for(
    consultation: Consultation,
) -> tuple[AnalysisRun | None, AnalysisRun | None]:
    """The newest run (any status) and the newest finished one."""
    runs = consultation.runs.order_by("-requested_at", "-id")
    latest = runs.defer("result").first()
    done = runs.filter(status=RunStatus.DONE).first()
    return latest, done


def runs_for_many(
    consultations: list[Consultation],
) -> dict[Any, tuple[AnalysisRun | None, AnalysisRun | None]]:
    """:func:`runs_for` of each consultation, in three queries for them all."""
    runs = AnalysisRun.objects.filter(consultation=OuterRef("pk")).order_by(
        "-requested_at", "-id"
    )
    newest = {
        pk: (latest, done)
        for pk, latest, done in Consultation.objects.filter(
            pk__in=[c.pk for c in consultations]
        )
        .annotate(
            latest=Subquery(runs.values("pk")[:1]),
            done=Subquery(runs.filter(status=RunStatus.DONE).values("pk")[:1]),
        )
        .values_list("pk", "latest", "done")
    }
    wanted = {i for pair in newest.values() for i in pair if i}
    latest_by_id = {
        r.pk: r for r in AnalysisRun.objects.filter(pk__in=wanted).defer("result")
    }
    done_by_id = {
        r.pk: r
        for r in AnalysisRun.objects.filter(
            pk__in={done for _, done in newest.values() if done}
        )
    }
    return {
        c.pk: (
            latest_by_id.get(newest[c.pk][0]),
            done_by_id.get(newest[c.pk][1]),
        )
        for c in consultations
    }


def consultation_rows_for(access: ProcessAccess) -> list[ConsultationRow]:
    """Each consultation with its statements by status, its voters and runs,
    in a fixed number of queries however many consultations the process has."""
    consultations = consultation_list_for(access)
    ids = [c.pk for c in consultations]
    statuses: dict[Any, Counter[str]] = defaultdict(Counter)
    for consultation_id, status, k in (
        Statement.objects.filter(consultation_id__in=ids)
        .values_list("consultation_id", "status")
        .annotate(k=Count("id"))
        .order_by()
    ):
        statuses[consultation_id][status] = k
    voters = dict(
        Ballot.objects.filter(consultation_id__in=ids)
        .values_list("consultation_id")
        .annotate(k=Count("id"))
        .order_by()
    )
    runs = runs_for_many(consultations)
    return [
        ConsultationRow(
            consultation=consultation,
            statements=statuses[consultation.pk],
            participants=voters.get(consultation.pk, 0),
            latest=runs[consultation.pk][0],
            results=runs[consultation.pk][1],
        )
        for consultation in consultations
    ]


def statement_list_for(
    consultation: Consultation, *, status: str | None = None
) -> list[Statement]:
    rows = Statement.objects.filter(consultation=consultation).order_by("number")
    if status is not None:
        rows = rows.filter(status=status)
    return list(rows)


def vote_counts_for(consultation: Consultation) -> dict[Any, Counter[int]]:
    """Per statement id: how many agreed (1), disagreed (-1) and passed (0)."""
    out: dict[Any, Counter[int]] = {}
    for sid, value in Vote.objects.filter(
        statement__consultation=consultation
    ).values_list("statement_id", "value"):
        out.setdefault(sid, Counter())[value] += 1
    return out


# -- the voter's side


@dataclass
class Progress:
    """Where one voter stands: the next statement, and how far they are."""

    statement: Statement | None
    voted: int
    total: int
    # The statement as the voter reads it: in their language when it has a
    # translation into it (see :func:`statement_in`), else the original.
    text: str = ""
    language: str = ""
    # The original beside a translation (empty when the original is shown).
    original: str = ""
    original_language: str = ""

    @property
    def position(self) -> int:
        return self.voted + 1


def _order_key(ballot_id: uuid.UUID, statement_id: uuid.UUID) -> bytes:
    # A shuffle of its own for each ballot, stable across requests: later
    # statements do not always come last for everyone.
    return hashlib.sha256(ballot_id.bytes + statement_id.bytes).digest()


def _primary(code: str) -> str:
    return code.lower().split("-", 1)[0]


def statement_in(statement: Statement, language: str) -> tuple[str, str]:
    """``(text, language)`` of a statement for a reader of ``language``: its
    translation into that language (``fr`` also takes ``fr-CA``, exact first),
    else its original. The analysis never reads translations."""
    original = (str(statement.text), statement.language)
    if not language or (
        statement.language and _primary(statement.language) == _primary(language)
    ):
        return original
    # Through the reverse relation: translations sit above consultations in
    # the layers (their registry knows the kinds of text), so no import here.
    candidates = list(
        statement.translations.only("id", "data_key_id", "language", "text")
    )
    exact = [t for t in candidates if t.language.lower() == language.lower()]
    close = [t for t in candidates if _primary(t.language) == _primary(language)]
    chosen = (exact or close)[:1]
    return (str(chosen[0].text), chosen[0].language) if chosen else original


def progress_for(
    consultation: Consultation, ballot_id: uuid.UUID | None, language: str = ""
) -> Progress:
    """The next accepted statement this ballot has not voted on: seed statements
    first in their order, then voters' statements in the ballot's own order."""
    accepted = list(
        Statement.objects.filter(
            consultation=consultation, status=StatementStatus.ACCEPTED
        ).values_list("id", "number", "origin")
    )
    voted: set[uuid.UUID] = set()
    if ballot_id is not None:
        voted = set(
            Vote.objects.filter(
                ballot_id=ballot_id, statement__consultation=consultation
            ).values_list("statement_id", flat=True)
        )
    todo = [row for row in accepted if row[0] not in voted]
    seeds = sorted(
        (r for r in todo if r[2] == StatementOrigin.SEED), key=lambda r: r[1]
    )
    others = sorted(
        (r for r in todo if r[2] != StatementOrigin.SEED),
        key=lambda r: _order_key(ballot_id or uuid.UUID(int=0), r[0]),
    )
    upcoming = seeds + others
    statement = Statement.objects.get(pk=upcoming[0][0]) if upcoming else None
    done = sum(1 for row in accepted if row[0] in voted)
    text, lang = statement_in(statement, language) if statement else ("", "")
    translated = statement is not None and text != str(statement.text)
    return Progress(
        statement=statement,
        voted=done,
        total=len(accepted),
        text=text,
        language=lang,
        original=str(statement.text) if translated and statement else "",
        original_language=statement.language if translated and statement else "",
    )


# -- results


@dataclass
class Results:
    """A finished run's results, with the texts of the statements they name.

    Statements rejected since the run are left out of every list."""

    run: AnalysisRun
    data: dict[str, Any]
    groups: list[dict[str, Any]] = field(default_factory=list)
    consensus: list[dict[str, Any]] = field(default_factory=list)
    divisive: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.data.get("votes")


def _with_texts(
    entries: list[dict[str, Any]],
    texts: dict[str, dict[str, str]],
    labels: list[str],
) -> list[dict[str, Any]]:
    out = []
    for entry in entries:
        if entry["statement"] not in texts:
            continue
        by_group = [
            {**g, "label": labels[g["group"]]} for g in entry.get("by_group", [])
        ]
        out.append({**entry, **texts[entry["statement"]], "by_group": by_group})
    return out


def _as_read(statement: Statement, language: str) -> dict[str, str]:
    """A statement's text for a reader of ``language`` (see :func:`statement_in`)
    and, when that is a translation, its original beside it."""
    text, lang = statement_in(statement, language)
    original = str(statement.text)
    translated = text != original
    return {
        "text": text,
        "language": lang,
        "original": original if translated else "",
        "original_language": statement.language if translated else "",
    }


def results_for(run: AnalysisRun | None, language: str = "") -> Results | None:
    """The latest results; ``language``: statements in the reader's language
    where they have a translation into it, the original kept beside it."""
    if run is None or run.status != RunStatus.DONE or run.result is None:
        return None
    data = run.result
    groups = data.get("groups", [])
    named = [*data.get("consensus", []), *data.get("divisive", [])]
    named += [entry for group in groups for entry in group["representative"]]
    ids = {entry["statement"] for entry in named}
    texts = {
        str(s.pk): _as_read(s, language)
        for s in Statement.objects.filter(
            consultation_id=run.consultation_id,
            pk__in=ids,
            status=StatementStatus.ACCEPTED,
        )
    }
    labels = [g["label"] for g in groups]
    return Results(
        run=run,
        data=data,
        groups=[
            {
                **g,
                "representative": _with_texts(g["representative"], texts, labels),
            }
            for g in groups
        ],
        consensus=_with_texts(data.get("consensus", []), texts, labels),
        divisive=_with_texts(data.get("divisive", []), texts, labels),
    )
