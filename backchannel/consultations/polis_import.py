"""Continue a Pol.is conversation here: its export read into a consultation.

The files are those ``backchannel analyze`` reads (:func:`read_polis_export`):
``comments.csv`` with its ``moderated`` flag, and ``votes.csv`` or
``participants-votes.csv``. What is kept, and what is not:

* each comment becomes a statement with its number (the ``comment-id``), its
  text, its moderation (``1`` accepted, ``-1`` rejected, ``0`` pending) and
  its ``is-meta`` flag (a statement about the conversation itself, which the
  analysis leaves out of the groups as Pol.is does);
  a seed (``is-seed``, or author 0, the conversation's owner, when the export
  does not say) has no author;
* each Pol.is participant becomes one fresh ballot with a random id: no
  Pol.is id is kept (exporting again numbers ballots anew, as for any
  consultation), and nobody can vote on an imported ballot again;
* each voter keeps one vote per statement, the last one (by ``timestamp``)
  when ``votes.csv`` holds several.

Everything is checked before anything is written (:func:`polis_import_plan`):
every problem is listed with its file, line and column, a statement that
identifies someone of the organisation's registry included, since statements
are public text. Then :func:`polis_import_write` writes in batches.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.db import connection, models
from django.utils.translation import gettext

from backchannel.analysis import PolisComment, PolisExport, read_polis_export
from backchannel.analysis.polis_io import PolisFormatError
from backchannel.consultations.models import (
    STATEMENT_MAX,
    Ballot,
    Consultation,
    Statement,
    StatementOrigin,
    StatementStatus,
    Vote,
)
from backchannel.core import uploads
from backchannel.core.errors import ValidationFailed
from backchannel.core.findings import spans_described
from backchannel.transfer.roster import gate_for_process

#: Rows per INSERT: large enough to be fast, small enough for SQLite's limits.
BATCH = 2000
#: Problems listed at most (the rest are counted).
PROBLEMS_SHOWN = 20
#: The largest statement number a database integer column holds.
NUMBER_MAX = 2_147_483_647
#: File names an upload may carry (a newer export prefixes them with its date
#: and conversation id, which the reader accepts too).
NAMES = ("comments.csv", "votes.csv", "participants-votes.csv", "participant-votes.csv")
STATUS_OF = {
    1: StatementStatus.ACCEPTED,
    -1: StatementStatus.REJECTED,
    0: StatementStatus.PENDING,
}


@dataclass(frozen=True)
class ImportPlan:
    """What an import will write, checked whole."""

    comments: list[PolisComment]
    # The last vote of each voter on each comment.
    voters: np.ndarray
    comment_ids: np.ndarray
    values: np.ndarray


@dataclass(frozen=True)
class ImportSummary:
    statements: int
    accepted: int
    rejected: int
    pending: int
    ballots: int
    votes: int


def _fail(problems: list[str]) -> None:
    if not problems:
        return
    shown = problems[:PROBLEMS_SHOWN]
    if len(problems) > PROBLEMS_SHOWN:
        shown.append(
            gettext("Further problems not shown: %(count)s.")
            % {"count": len(problems) - PROBLEMS_SHOWN}
        )
    raise ValidationFailed({"file": shown})


def polis_export_read(directory: str | Path) -> PolisExport:
    """The export in ``directory``; a malformed file is a ``ValidationFailed``
    naming its file, line and column (each file at most the upload limit)."""
    try:
        return read_polis_export(
            directory, max_bytes=uploads.limit("MAX_UPLOAD_BYTES"), groups=False
        )
    except PolisFormatError as exc:
        raise ValidationFailed({"file": [str(exc)]}) from None


def _where(comment: PolisComment, column: str) -> str:
    return gettext("comments.csv, line %(line)s, column %(column)s") % {
        "line": comment.line if comment.line is not None else "?",
        "column": column,
    }


def _last_votes(export: PolisExport) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One vote per voter and comment: the last by timestamp (file order
    breaks ties, as the analysis reads them)."""
    table = export.votes
    pids = np.asarray(table.participant_ids, dtype=np.int64)
    cids = np.asarray(table.comment_ids, dtype=np.int64)
    values = np.asarray(table.votes, dtype=np.int8)
    if len(pids) == 0:
        return pids, cids, values
    order = np.arange(len(pids))
    if table.timestamps is not None and len(table.timestamps) == len(pids):
        order = np.lexsort((order, np.asarray(table.timestamps)))
    # Reversed, the first occurrence of a pair is its last vote.
    last = order[::-1]
    _, first = np.unique(
        np.stack([pids[last], cids[last]], axis=1), axis=0, return_index=True
    )
    keep = np.sort(last[first])
    return pids[keep], cids[keep], values[keep]


def polis_import_plan(*, consultation: Consultation, export: PolisExport) -> ImportPlan:
    """Check a whole export against the consultation; every problem at once.

    Refused: a consultation that already has statements or voters (an import
    continues a conversation, it does not merge two); an empty statement, one
    longer than a statement may be, one whose number no statement can have;
    one that identifies someone of the organisation's registry (statements
    are public); votes on a comment ``comments.csv`` does not have."""
    if (
        Statement.objects.filter(consultation=consultation).exists()
        or Ballot.objects.filter(consultation=consultation).exists()
    ):
        raise ValidationFailed(
            {
                "consultation": [
                    gettext(
                        "This consultation already has statements or votes: import a Pol.is export into a new, empty consultation."
                    )
                ]
            }
        )
    problems: list[str] = []
    # records.services.identifying(process, text), with the gate (and the
    # organisation's whole registry) read once: it reads the roster on every
    # call, 900 statements would spend seconds on it alone.
    gate = gate_for_process(consultation.process)
    for c in export.comments:
        facts = {"number": c.comment_id}
        if not 0 <= c.comment_id <= NUMBER_MAX:
            problems.append(
                gettext(
                    "%(where)s: comment %(number)s cannot be a statement number: use whole numbers from 0 to %(max)s."
                )
                % {**facts, "where": _where(c, "comment-id"), "max": NUMBER_MAX}
            )
        text = c.text.strip()
        if not text:
            problems.append(
                gettext(
                    "%(where)s: statement %(number)s is empty: write its text or remove the row."
                )
                % {**facts, "where": _where(c, "comment-body")}
            )
            continue
        if len(text) > STATEMENT_MAX:
            problems.append(
                gettext(
                    "%(where)s: statement %(number)s has %(count)s characters, more than the %(max)s a statement holds: shorten it or split it in two."
                )
                % {
                    **facts,
                    "where": _where(c, "comment-body"),
                    "count": len(text),
                    "max": STATEMENT_MAX,
                }
            )
            continue
        found = spans_described(gate.check(text).findings)
        if found:
            problems.append(
                gettext(
                    "%(where)s: statement %(number)s identifies someone: %(value)s. Statements are public: rewrite it so that it names nobody, or remove the row."
                )
                % {
                    **facts,
                    "where": _where(c, "comment-body"),
                    "value": "; ".join(found),
                }
            )
    voters, cids, values = _last_votes(export)
    known = np.fromiter((c.comment_id for c in export.comments), np.int64)
    unknown = ~np.isin(cids, known)
    if unknown.any():
        missing = sorted(set(cids[unknown].tolist()))
        problems.append(
            gettext(
                "The votes name comments that comments.csv does not have (%(value)s): use the comments.csv of the same export."
            )
            % {"value": ", ".join(str(m) for m in missing[:10])}
        )
    _fail(problems)
    return ImportPlan(list(export.comments), voters, cids, values)


def _origin(comment: PolisComment) -> str:
    if comment.is_seed is not None:
        seed = comment.is_seed
    else:
        seed = comment.author_id == 0  # Pol.is' owner writes the seeds
    return StatementOrigin.SEED if seed else StatementOrigin.PARTICIPANT


def _db(value: uuid.UUID) -> object:
    return Vote._meta.get_field("id").get_db_prep_value(value, connection)


def _insert(
    model: type[models.Model], columns: tuple[str, ...], rows: Iterable[tuple]
) -> None:
    """Multi-row INSERTs of ``BATCH`` rows: ballots and votes have no
    encrypted field, and building a model per vote costs more than writing it
    (a 2,000 × 900 export holds up to 1.8 million votes)."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"

    def write(batch: list[tuple]) -> None:
        values = ", ".join([row_marks] * len(batch))
        params = [value for row in batch for value in row]
        cursor.execute(
            f"INSERT INTO {table} ({names}) VALUES {values}",  # noqa: S608 - quoted names
            params,
        )

    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                write(batch)
                batch = []
        if batch:
            write(batch)


def polis_import_write(
    *, consultation: Consultation, plan: ImportPlan
) -> ImportSummary:
    """Write a checked plan (inside the caller's transaction): ballots, then
    statements, then votes, each in batches."""
    authors = {
        c.author_id
        for c in plan.comments
        if c.author_id is not None and _origin(c) == StatementOrigin.PARTICIPANT
    }
    pids = sorted(set(np.unique(plan.voters).tolist()) | authors)
    ballot_of = {pid: uuid.uuid4() for pid in pids}
    ballot_db = {pid: _db(b) for pid, b in ballot_of.items()}
    here = _db(consultation.pk)
    _insert(Ballot, ("id", "consultation_id"), ((b, here) for b in ballot_db.values()))
    statements = []
    for c in plan.comments:
        origin = _origin(c)
        statements.append(
            Statement(
                id=uuid.uuid4(),
                consultation=consultation,
                data_key_id=consultation.data_key_id,
                number=c.comment_id,
                text=c.text.strip(),
                origin=origin,
                status=STATUS_OF[c.moderated],
                is_meta=c.is_meta,
                author_id=(
                    ballot_of[c.author_id]
                    if origin == StatementOrigin.PARTICIPANT and c.author_id is not None
                    else None
                ),
            )
        )
    # Statements go through the ORM: their text is encrypted on the way in.
    Statement.objects.bulk_create(statements, batch_size=BATCH)
    statement_db = {s.number: _db(s.pk) for s in statements}
    _insert(
        Vote,
        ("id", "ballot_id", "statement_id", "value"),
        (
            (_db(uuid.uuid4()), ballot_db[pid], statement_db[cid], value)
            for pid, cid, value in zip(
                plan.voters.tolist(),
                plan.comment_ids.tolist(),
                plan.values.tolist(),
                strict=True,
            )
        ),
    )
    count = max(statement_db, default=0)
    Consultation.objects.filter(pk=consultation.pk).update(statement_count=count)
    consultation.statement_count = count
    return ImportSummary(
        statements=len(statements),
        accepted=sum(s.status == StatementStatus.ACCEPTED for s in statements),
        rejected=sum(s.status == StatementStatus.REJECTED for s in statements),
        pending=sum(s.status == StatementStatus.PENDING for s in statements),
        ballots=len(ballot_of),
        votes=len(plan.voters),
    )


# -- an upload (the web page, the API) into a directory the reader reads


def _export_name(name: str) -> str | None:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    for known in NAMES:
        if base == known or base.endswith("-" + known):
            return known
    return None


def upload_unpack(files: Iterable[tuple[str, bytes]], directory: Path) -> None:
    """Write uploaded export files into ``directory`` (private, empty): the
    CSV files themselves, or one zip holding them (as the export download of a
    consultation is). Other files are refused by name; each file, and each
    member of a zip, is read to at most the upload limit."""
    limit = uploads.limit("MAX_UPLOAD_BYTES")
    given = list(files)
    if len(given) == 1 and given[0][1][:4] == b"PK\x03\x04":
        name, data = given[0]
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            given = []
            for info in archive.infolist():
                if info.is_dir() or _export_name(info.filename) is None:
                    continue
                with archive.open(info) as member:
                    content = member.read(limit + 1)
                if len(content) > limit:
                    _fail([str(uploads.too_large(info.filename, limit))])
                given.append((info.filename, content))
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
            raise ValidationFailed(
                {
                    "file": [
                        gettext(
                            "%(name)s is not a readable zip archive (%(error)s): upload the export's CSV files instead."
                        )
                        % {"name": name, "error": exc}
                    ]
                }
            ) from None
    problems = []
    for name, data in given:
        known = _export_name(name)
        if known is None:
            problems.append(
                gettext(
                    "%(name)s is not a file of a Pol.is export: upload comments.csv with votes.csv or participants-votes.csv (or the zip holding them)."
                )
                % {"name": name}
            )
            continue
        if len(data) > limit:
            problems.append(str(uploads.too_large(name, limit)))
            continue
        target = directory / known
        if target.exists():
            problems.append(
                gettext("%(name)s is given twice: upload one export at a time.")
                % {"name": known}
            )
            continue
        target.write_bytes(data)
    if not given:
        problems.append(
            gettext(
                "Upload the export's comments.csv with its votes.csv or participants-votes.csv (or the zip holding them)."
            )
        )
    _fail(problems)
