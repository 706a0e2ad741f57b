"""A consultation in the Pol.is export format (comments.csv, votes.csv,
participants-votes.csv), written by :func:`backchannel.analysis.write_polis_export`.

Pol.is ids are whole numbers: statements keep their number; ballots are
numbered 0, 1, … in the order of their ids, so the numbering holds for one
export only (a ballot is never named by anything that outlives the file).
Only accepted statements, and the votes cast on them, are exported: they are
the statements already shown to the public voters. Pending and rejected
proposals (a rejected one may name someone) never leave the server, so
``moderated`` is always 1; ``group-id`` is left empty (the groups belong to an analysis run, not to the
votes).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from backchannel.analysis import PolisComment, VoteTable, write_polis_export
from backchannel.consultations.models import (
    Consultation,
    Statement,
    StatementStatus,
    Vote,
)

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
    number_of = {b: i for i, b in enumerate(ballots)}
    comments = [
        PolisComment(
            comment_id=s.number,
            text=str(s.text),
            author_id=number_of[s.author_id] if s.author_id else None,
            moderated=1,
        )
        for s in statements
    ]
    votes = VoteTable(
        np.fromiter((number_of[r[0]] for r in rows), np.int64, len(rows)),
        np.fromiter((r[1] for r in rows), np.int64, len(rows)),
        np.fromiter((r[2] for r in rows), np.int8, len(rows)),
    )
    write_polis_export(directory, votes, comments)
    return len(rows)


def polis_export_zip(consultation: Consultation) -> bytes:
    """The export as a zip archive, for a download."""
    with tempfile.TemporaryDirectory(prefix="bc-polis-") as tmp:
        polis_export_write(consultation, tmp)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in FILES:
                archive.write(Path(tmp) / name, arcname=name)
    return buffer.getvalue()
