"""A consultation in the Pol.is export format (comments.csv, votes.csv,
participants-votes.csv), written by :func:`backchannel.analysis.write_polis_export`.

The files have Pol.is' own columns, filled as Pol.is fills them (checked
against its open-data exports): times in milliseconds since 1970 with their
``datetime``, author and voter ids as pseudonymous whole numbers. Statements
keep their number; the facilitators (the conversation's owner, who write the
seed statements) are author 0 and ballots are numbered 1, 2, … in the order of
their ids, so the numbering holds for one export only (a ballot is never named
by anything that outlives the file). Only days are stored, never a time of
day: a statement's timestamp is midnight (UTC) of the day it was written, and
a vote, which keeps no date at all, takes its statement's day plus its place
in the file in milliseconds.
Only accepted statements, and the votes cast on them, are exported: they are
the statements already shown to the public voters. Pending and rejected
proposals (a rejected one may name someone) never leave the server, so
``moderated`` is always 1; ``group-id`` is left empty (the groups belong to an analysis run, not to the
votes).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from backchannel.analysis import PolisComment, VoteTable, write_polis_export
from backchannel.consultations.models import (
    Consultation,
    Statement,
    StatementOrigin,
    StatementStatus,
    Vote,
)
from backchannel.core.files import FileRefused, check_target, refusal, write_private

FILES = ("comments.csv", "votes.csv", "participants-votes.csv")


def polis_export_write(consultation: Consultation, directory: str | Path) -> int:
    """Write the export into ``directory`` (created if needed); returns the votes."""
    statements = list(
        Statement.objects.filter(
            consultation=consultation, status=StatementStatus.ACCEPTED
        ).order_by("number")
    )
    rows = list(
        Vote.objects.filter(
            statement__consultation=consultation,
            statement__status=StatementStatus.ACCEPTED,
        )
        .order_by("ballot_id", "statement__number")
        .values_list("ballot_id", "statement__number", "value")
    )
    ballots = sorted(
        {r[0] for r in rows} | {s.author_id for s in statements if s.author_id}
    )
    # 0 is the conversation's owner (the facilitators' seed statements), as in
    # Pol.is; voters are 1, 2, … in the order of their ballot ids.
    number_of = {b: i for i, b in enumerate(ballots, 1)}
    day_of = {s.number: _day_ms(s.created_on) for s in statements}
    comments = [
        PolisComment(
            comment_id=s.number,
            text=str(s.text),
            author_id=number_of[s.author_id] if s.author_id else OWNER,
            moderated=1,
            is_meta=s.is_meta,
            timestamp=day_of[s.number],
            is_seed=s.origin == StatementOrigin.SEED,
        )
        for s in statements
    ]
    # A vote keeps no time (by design): each is stamped with its statement's
    # day, plus its place in the file in milliseconds, so that readers that
    # order votes by time keep the file's order.
    votes = VoteTable(
        np.fromiter((number_of[r[0]] for r in rows), np.int64, len(rows)),
        np.fromiter((r[1] for r in rows), np.int64, len(rows)),
        np.fromiter((r[2] for r in rows), np.int8, len(rows)),
        np.fromiter(
            (day_of[r[1]] + i for i, r in enumerate(rows)), np.int64, len(rows)
        ),
    )
    write_polis_export(directory, votes, comments)
    return len(rows)


OWNER = 0


def _day_ms(day: dt.date) -> int:
    """Midnight (UTC) of a stored day, in milliseconds as Pol.is counts time."""
    return int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp()) * 1000


def polis_export_private(
    consultation: Consultation, directory: str | Path, *, force: bool = False
) -> int:
    """Write the export into ``directory`` for an operator: owner-only files.

    A missing directory is created 0700; each file is a new 0600 file, never
    written through a symbolic link nor over an existing file unless ``force``
    (:mod:`backchannel.core.files`). Every target is checked before anything is
    written, and the files are made in a private temporary directory first.
    Returns the number of votes."""
    directory = Path(directory)
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise FileRefused(
            f"Cannot write into {directory}: it is not a directory (or is a "
            "symbolic link, which is never followed); give a real directory."
        )
    if not directory.exists():
        try:
            directory.mkdir(mode=0o700, parents=True)
        except OSError as exc:
            raise refusal(directory / FILES[0], exc) from None
    for name in FILES:
        check_target(directory / name, force=force)
    with tempfile.TemporaryDirectory(prefix="bc-polis-") as tmp:
        votes = polis_export_write(consultation, tmp)
        for name in FILES:
            write_private(
                directory / name, (Path(tmp) / name).read_bytes(), force=force
            )
    return votes


def polis_export_zip(consultation: Consultation) -> bytes:
    """The export as a zip archive, for a download."""
    with tempfile.TemporaryDirectory(prefix="bc-polis-") as tmp:
        polis_export_write(consultation, tmp)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in FILES:
                archive.write(Path(tmp) / name, arcname=name)
    return buffer.getvalue()
