"""From a consultation's rows to the Pol.is analysis and back: the stored results.

The engine (:mod:`backchannel.analysis`) works on arrays and knows nothing of
Django; this module loads the votes as arrays, runs it, and keeps what the
results pages show, as JSON:

``participants``, ``in_map``, ``votes``, ``statements``
    counts (ballots that voted, those placed on the map, votes, statements
    voted on);
``groups``
    per opinion group: ``id``, ``label`` (A, B, …), ``size`` and its
    ``representative`` statements (Pol.is repness), each with the group's
    agree / disagree / pass shares;
``consensus``
    statements every group leans the same way on, ranked by group-informed
    consensus (the product over groups of ``(A + 1) / (S + 2)``);
``divisive``
    statements the groups split on most: the spread between the groups' agree
    shares;
``map``
    the PCA projection of (a sample of at most ``MAP_POINTS``) participants as
    ``[x, y, group]``, with the extent of all of them.

Statements are referred to by id (and number); their texts stay in their
encrypted rows and are read when a page is drawn.
"""

from __future__ import annotations

import os
import string
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from numpy.typing import NDArray

from backchannel.analysis import VoteTable, run_analysis
from backchannel.consultations.models import (
    AnalysisRun,
    Consultation,
    RunStatus,
    Statement,
    StatementStatus,
)
from backchannel.consultations.models import Vote as VoteRow

MAP_POINTS = 1500
PICK = 5
#: A statement is consensus when at least this share of every group leans its way.
CONSENSUS_SHARE = 0.5
#: Divisive: the groups' agree shares differ by at least this much...
DIVISIVE_SPREAD = 0.3
#: ...counting only groups where this many members voted on it.
MIN_GROUP_VOTES = 3


@dataclass(frozen=True)
class VoteArrays:
    """The votes of one consultation as aligned arrays."""

    participants: NDArray[np.int64]  # 0..n-1, one per ballot
    statements: NDArray[np.int64]  # statement numbers
    values: NDArray[np.int8]
    excluded: list[int]  # numbers of statements not accepted, or meta
    ids: dict[int, str]  # statement number → id
    ballots: int  # ballots that voted


@dataclass(frozen=True)
class Summary:
    result: dict[str, Any]
    participants: int
    votes: int


def load_votes(consultation: Consultation) -> VoteArrays:
    """Every vote of the consultation, as arrays (one query, no model instances:
    a consultation may hold millions)."""
    statements = list(
        Statement.objects.filter(consultation=consultation).values_list(
            "id", "number", "status", "is_meta"
        )
    )
    vote, statement = (
        connection.ops.quote_name(m._meta.db_table) for m in (VoteRow, Statement)
    )
    cid = Consultation._meta.pk.get_db_prep_value(consultation.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.ballot_id, s.number, v.value FROM {vote} v "  # noqa: S608 - quoted table names
            f"JOIN {statement} s ON s.id = v.statement_id "
            "WHERE s.consultation_id = %s ORDER BY v.ballot_id, s.number",
            [cid],
        )
        rows = cursor.fetchall()
    index: dict[Any, int] = {}
    participants = np.fromiter(
        (index.setdefault(r[0], len(index)) for r in rows), np.int64, len(rows)
    )
    return VoteArrays(
        participants=participants,
        statements=np.fromiter((r[1] for r in rows), np.int64, len(rows)),
        values=np.fromiter((r[2] for r in rows), np.int8, len(rows)),
        # Pol.is leaves meta statements out of the math, as moderated-out ones.
        excluded=[
            n for _, n, s, meta in statements if s != StatementStatus.ACCEPTED or meta
        ],
        ids={number: str(sid) for sid, number, _, _ in statements},
        ballots=len(index),
    )


def _shares(a: float, d: float, p: float) -> dict[str, float]:
    total = a + d + p
    if not total:
        return {"agree": 0.0, "disagree": 0.0, "pass": 0.0, "votes": 0}
    return {
        "agree": round(a / total, 4),
        "disagree": round(d / total, 4),
        "pass": round(p / total, 4),
        "votes": int(total),
    }


def summarise(votes: VoteArrays, *, seed: int = 0) -> dict[str, Any]:
    """Run the analysis on ``votes`` and keep what the results pages show."""
    empty: dict[str, Any] = {
        "participants": votes.ballots,
        "in_map": 0,
        "votes": len(votes.values),
        "statements": 0,
        "groups": [],
        "consensus": [],
        "divisive": [],
        "map": {"points": [], "extent": [-1.0, 1.0, -1.0, 1.0], "sampled": False},
    }
    if not len(votes.values):
        return empty
    table = VoteTable(votes.participants, votes.statements, votes.values)
    res = run_analysis(table, seed=seed, mod_out=votes.excluded)
    numbers = res.comment_ids.astype(np.int64)
    m = len(numbers)
    k = len(res.groups)
    labels = res.group_labels
    # Counts per (group, statement, agree/disagree/pass); the last group row is
    # everyone.
    row = np.searchsorted(res.participant_ids.astype(np.int64), votes.participants)
    col = np.searchsorted(numbers, votes.statements)
    group = labels[row]
    kind = np.select([votes.values > 0, votes.values < 0], [0, 1], 2)
    counts = np.zeros((k + 1, m, 3), dtype=np.int64)
    placed = group >= 0
    np.add.at(counts, (group[placed], col[placed], kind[placed]), 1)
    np.add.at(counts, (np.full(len(col), k), col, kind), 1)
    excluded = set(votes.excluded)

    def ref(j: int) -> dict[str, Any]:
        number = int(numbers[j])
        return {"statement": votes.ids[number], "number": number}

    def by_group(j: int) -> list[dict[str, Any]]:
        return [{"group": g, **_shares(*counts[g, j].tolist())} for g in range(k)]

    col_of = {int(n): j for j, n in enumerate(numbers.tolist())}
    groups = []
    for g in res.groups:
        reps = []
        for entry in g.repness:
            j = col_of[int(entry["comment_id"])]
            reps.append(
                {
                    **ref(j),
                    "direction": entry["repful"],
                    **_shares(*counts[g.id, j].tolist()),
                }
            )
        groups.append(
            {
                "id": g.id,
                "label": string.ascii_uppercase[g.id],
                "size": g.size,
                "representative": reps,
            }
        )
    consensus = _consensus(counts, numbers, excluded, res, ref, by_group)
    divisive = _divisive(counts, numbers, excluded, ref, by_group)
    in_map = np.flatnonzero(labels >= 0)
    points = res.projections[in_map]
    extent = [-1.0, 1.0, -1.0, 1.0]
    if len(points):
        lo, hi = points.min(axis=0), points.max(axis=0)
        extent = [float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])]
    sample = in_map
    if len(in_map) > MAP_POINTS:
        rng = np.random.default_rng(seed)
        sample = np.sort(rng.choice(in_map, MAP_POINTS, replace=False))
    voted = counts[k].sum(axis=1) > 0
    return {
        "participants": votes.ballots,
        "in_map": len(in_map),
        "votes": len(votes.values),
        "statements": int(
            sum(voted[j] for j in range(m) if int(numbers[j]) not in excluded)
        ),
        "groups": groups,
        "consensus": consensus,
        "divisive": divisive,
        "map": {
            "points": [
                [round(float(x), 4), round(float(y), 4), int(labels[i])]
                for i, (x, y) in zip(
                    sample.tolist(), res.projections[sample].tolist(), strict=True
                )
            ],
            "extent": [round(v, 4) for v in extent],
            "sampled": len(sample) < len(in_map),
        },
    }


def _consensus(
    counts: NDArray[np.int64],
    numbers: NDArray[np.int64],
    excluded: set[int],
    res: Any,
    ref: Any,
    by_group: Any,
) -> list[dict[str, Any]]:
    k = counts.shape[0] - 1
    if k < 2:
        # One group or none: Pol.is' overall consensus is all there is.
        col_of = {int(n): j for j, n in enumerate(numbers.tolist())}
        out = []
        for e in res.consensus:
            j = col_of[int(e["comment_id"])]
            out.append(
                {
                    **ref(j),
                    "direction": e["direction"],
                    **_shares(*counts[k, j].tolist()),
                    "by_group": by_group(j),
                }
            )
        return out
    out = []
    totals = counts[:k].sum(axis=2)
    for direction, which, score in (
        ("agree", 0, res.group_aware_consensus),
        ("disagree", 1, res.group_aware_consensus_disagree),
    ):
        share = counts[:k, :, which] / np.maximum(totals, 1)
        ok = (share >= CONSENSUS_SHARE).all(axis=0) & (totals > 0).all(axis=0)
        candidates = [
            j for j in np.flatnonzero(ok).tolist() if int(numbers[j]) not in excluded
        ]
        candidates.sort(key=lambda j: (-float(score[j]), int(numbers[j])))
        for j in candidates[:PICK]:
            out.append(
                {
                    **ref(j),
                    "direction": direction,
                    "score": round(float(score[j]), 4),
                    **_shares(*counts[k, j].tolist()),
                    "by_group": by_group(j),
                }
            )
    return out


def _divisive(
    counts: NDArray[np.int64],
    numbers: NDArray[np.int64],
    excluded: set[int],
    ref: Any,
    by_group: Any,
) -> list[dict[str, Any]]:
    k = counts.shape[0] - 1
    if k < 2:
        return []
    totals = counts[:k].sum(axis=2)
    agree = counts[:k, :, 0] / np.maximum(totals, 1)
    enough = totals >= MIN_GROUP_VOTES
    scored = []
    for j in range(counts.shape[1]):
        if int(numbers[j]) in excluded or enough[:, j].sum() < 2:
            continue
        shares = agree[enough[:, j], j]
        spread = float(shares.max() - shares.min())
        if spread >= DIVISIVE_SPREAD:
            scored.append((spread, j))
    scored.sort(key=lambda t: (-t[0], int(numbers[t[1]])))
    return [
        {
            **ref(j),
            "spread": round(spread, 4),
            **_shares(*counts[k, j].tolist()),
            "by_group": by_group(j),
        }
        for spread, j in scored[:PICK]
    ]


def analyze(consultation: Consultation, *, seed: int = 0) -> Summary:
    votes = load_votes(consultation)
    result = summarise(votes, seed=seed)
    return Summary(
        result=result, participants=result["participants"], votes=result["votes"]
    )


# -- a queued run, executed


def to_the_minute() -> Any:
    """Now, to the minute: when a run was asked for and finished."""
    return timezone.now().replace(second=0, microsecond=0)


def analysis_execute(*, run_id: Any) -> AnalysisRun:
    """Run a queued analysis (the worker's side) and store its results.

    1. Claim the run (queued → running) under a row lock. A run already
       running is a retried task whose worker died (the queues retry only
       then, backchannel/core/queues.py): it is taken over. A run done or
       failed is left alone.
    2. Load the votes and compute, outside any transaction: readers keep
       seeing the previous results meanwhile.
    3. Store the results (done) or the error's kind (failed), in one
       transaction and only if the run is still running: a retry replaces
       nothing that another attempt finished, and a worker killed before this
       step has written nothing.
    """
    with transaction.atomic():
        run = (
            AnalysisRun.objects.select_for_update()
            .select_related("consultation")
            .filter(pk=run_id)
            .first()
        )
        if run is None or run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            return run  # type: ignore[return-value]
        run.status = RunStatus.RUNNING
        run.save(update_fields=["status"])
    try:
        summary = analyze(run.consultation)
        _hold_for_tests(run_id)
    except Exception as exc:
        # Recorded on the run (its kind only: messages may quote content), then
        # re-raised for the worker's log.
        run.status = RunStatus.FAILED
        run.error = type(exc).__name__
        run.finished_at = to_the_minute()
        _store(run, ["status", "error", "finished_at"])
        raise
    run.status = RunStatus.DONE
    run.result = summary.result
    run.participants = summary.participants
    run.votes = summary.votes
    run.finished_at = to_the_minute()
    return _store(run, ["status", "result", "participants", "votes", "finished_at"])


def _store(run: AnalysisRun, fields: list[str]) -> AnalysisRun:
    """Write an attempt's outcome in one statement, if no other attempt did."""
    with transaction.atomic():
        current = (
            AnalysisRun.objects.select_for_update()
            .filter(pk=run.pk)
            .values_list("status", flat=True)
            .first()
        )
        if current != RunStatus.RUNNING:
            return AnalysisRun.objects.get(pk=run.pk)
        run.save(update_fields=fields)
    return run


#: Tests only (tests/reliability/test_queues.py): a directory; the worker then
#: announces each computed run there (``RUN.held``) and waits for ``RUN.release``
#: before storing it, so a test can kill it at that moment.
HOLD_ENV = "BACKCHANNEL_TEST_HOLD_DIR"


def _hold_for_tests(run_id: Any) -> None:
    folder = os.environ.get(HOLD_ENV)
    if not folder:
        return
    (Path(folder) / f"{run_id}.held").touch()
    while not (Path(folder) / f"{run_id}.release").exists():
        time.sleep(0.05)
