"""Read and write Pol.is export directories (the openData CSV format).

An export directory holds ``comments.csv`` and either or both of
``votes.csv`` (long form, one row per vote event) and
``participants-votes.csv`` (wide form, one row per participant with Pol.is'
``group-id`` and one column per comment). ``summary.csv`` is optional.
Votes use ``+1`` = agree, ``-1`` = disagree, ``0`` = pass.

Any malformed input raises :class:`PolisFormatError` (a ``ValueError``)
naming the file, line and column, the problem and how to fix it: a file cut
short (inside a quoted field or a character), bytes that are not UTF-8, a
compressed file, a row with the wrong number of fields, a value that is not
a number where one is needed.

Free text is data when reading: a statement that starts with ``=``, ``+``,
``-`` or ``@`` (``@Klimarat …``) is read as written. Spreadsheet formulas are
a risk of what we *write*: :func:`write_polis_export` escapes such a cell
with a leading ``'`` (OWASP), and reading undoes exactly that escape, so an
export written here reads back unchanged.
"""

from __future__ import annotations

import csv
import io
import operator
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import numpy as np

from backchannel.textinput import csvsafe, uploads

from ._csvtable import PolisFormatError
from ._csvtable import Table as _Table
from ._csvtable import check_int64 as _check_int64
from ._csvtable import fast_int_column as _fast_int_column
from ._csvtable import parse_int as _parse_int
from ._csvtable import plain_int_columns as _plain_int_columns
from ._csvtable import read_text as _read_text
from .matrix import VoteTable, build_vote_matrix

__all__ = [
    "PolisComment",
    "PolisExport",
    "PolisFormatError",
    "read_polis_export",
    "write_polis_export",
]

_WIDE_META = (
    "participant",
    "xid",
    "group-id",
    "n-comments",
    "n-votes",
    "n-agree",
    "n-disagree",
)


@dataclass(frozen=True)
class PolisComment:
    """One row of ``comments.csv``.

    ``moderated``: ``1`` accepted, ``0`` unmoderated, ``-1`` moderated out.
    """

    comment_id: int
    text: str = ""
    author_id: int | None = None
    moderated: int = 0
    is_meta: bool = False
    timestamp: int | None = None
    is_seed: bool | None = None  # written as ``is-seed`` when known
    #: Where the row starts in ``comments.csv`` (for an importer's errors).
    line: int | None = field(default=None, compare=False)


@dataclass
class PolisExport:
    """Contents of an export directory.

    Attributes
    ----------
    comments : list of PolisComment
    votes : VoteTable
    participant_groups : dict or None
        Pol.is' ``group-id`` per participant from ``participants-votes.csv``
        (``None`` values for participants outside Pol.is' clustering).
    summary : dict
        ``summary.csv`` key/value pairs, if present.
    """

    comments: list[PolisComment]
    votes: VoteTable
    participant_groups: dict[int, int | None] | None = None
    summary: dict[str, str] = field(default_factory=dict)
    path: str | None = None

    def mod_out_ids(self) -> list[int]:
        """Comments Pol.is excludes from the math: moderated out or meta."""
        return [c.comment_id for c in self.comments if c.moderated == -1 or c.is_meta]


def _parse_bool(raw: str | None) -> bool | None:
    if raw is None or raw == "":
        return False
    low = raw.lower()
    if low in ("true", "t", "1", "yes"):
        return True
    if low in ("false", "f", "0", "no"):
        return False
    return None


def _read_comments(path: Path, max_bytes: int) -> list[PolisComment]:
    t = _Table(path, ["comment-id"], "comments.csv", max_bytes)
    out: list[PolisComment] = []
    ids: set[int] = set()
    for line, rec in t.rows:
        cid = t.req_int(line, rec, "comment-id")
        if cid in ids:
            raise PolisFormatError(
                path,
                f"comment-id {cid} appears twice",
                "keep one row per comment",
                line=line,
                column="comment-id",
            )
        ids.add(cid)
        mod = t.int_field(
            line, rec, "moderated", allowed=(-1, 0, 1), blank=0, blank_ok=True
        )
        author = t.int_field(line, rec, "author-id", blank=None, blank_ok=True)
        ts = t.int_field(line, rec, "timestamp", blank=None, blank_ok=True)
        if author is not None:
            _check_int64(path, line, "author-id", author)
        if ts is not None:
            _check_int64(path, line, "timestamp", ts)
        meta = _parse_bool(t.get(rec, "is-meta"))
        if meta is None:
            raise PolisFormatError(
                path,
                f"{t.get(rec, 'is-meta')!r} is not true or false",
                "write true or false in 'is-meta'",
                line=line,
                column="is-meta",
            )
        seed = _parse_bool(t.get(rec, "is-seed")) if "is-seed" in t.col else None
        out.append(
            PolisComment(
                comment_id=cid,
                text=_comment_text(t.get(rec, "comment-body") or ""),
                author_id=author,
                moderated=int(mod or 0),
                is_meta=meta,
                timestamp=ts,
                is_seed=seed,
                line=line,
            )
        )
    return out


def _read_votes(path: Path, max_bytes: int) -> VoteTable:
    required = ["comment-id", "voter-id", "vote"]
    text = _read_text(path, max_bytes)
    plain = _plain_int_columns(text, required, ["timestamp"])
    if plain is not None and np.isin(plain["vote"], (-1, 0, 1)).all():
        ts = plain.get("timestamp")
        return VoteTable(
            plain["voter-id"], plain["comment-id"], plain["vote"].astype(np.int8), ts
        )
    t = _Table(path, required, "votes.csv", max_bytes, text)
    has_ts = "timestamp" in t.col
    fast = [
        _fast_int_column(t, "voter-id"),
        _fast_int_column(t, "comment-id"),
        _fast_int_column(t, "vote", (-1, 0, 1)),
        _fast_int_column(t, "timestamp") if has_ts else np.zeros(0, np.int64),
    ]
    pid_a, cid_a, vote_a, ts_a = fast
    if (
        pid_a is not None
        and cid_a is not None
        and vote_a is not None
        and ts_a is not None
    ):
        return VoteTable(pid_a, cid_a, vote_a.astype(np.int8), ts_a if has_ts else None)
    pids: list[int] = []
    cids: list[int] = []
    votes: list[int] = []
    stamps: list[int] = []
    for line, rec in t.rows:
        pids.append(t.req_int(line, rec, "voter-id"))
        cids.append(t.req_int(line, rec, "comment-id"))
        votes.append(t.req_int(line, rec, "vote", allowed=(-1, 0, 1)))
        if has_ts:
            stamps.append(t.req_int(line, rec, "timestamp"))
    return VoteTable(
        np.asarray(pids, dtype=np.int64),
        np.asarray(cids, dtype=np.int64),
        np.asarray(votes, dtype=np.int8),
        np.asarray(stamps, dtype=np.int64) if has_ts else None,
    )


_CELL_VOTES: dict[str, int | None] = {"": None, "1": 1, "-1": -1, "0": 0}
_OTHER = object()


def _fast_wide_votes(
    t: _Table, comment_cols: list[tuple[int, int]], pids: list[int]
) -> VoteTable | None:
    """The vote cells of every row at once when all are ``1``, ``-1``, ``0``
    or empty (as Pol.is writes them); else ``None`` for the careful reading."""
    if not comment_cols or not t.rows:
        return VoteTable(
            np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int8)
        )
    idx = [i for i, _ in comment_cols]
    pick = operator.itemgetter(*idx)
    cells = np.array(
        [pick(rec) if len(idx) > 1 else (pick(rec),) for _, rec in t.rows], dtype=str
    )
    agree, disagree = cells == "1", cells == "-1"
    voted = agree | disagree | (cells == "0")
    if not (voted | (cells == "")).all():
        return None
    rows, cols = np.nonzero(voted)
    value = agree[rows, cols].astype(np.int8) - disagree[rows, cols].astype(np.int8)
    cid_arr = np.array([c for _, c in comment_cols], dtype=np.int64)
    return VoteTable(np.asarray(pids, dtype=np.int64)[rows], cid_arr[cols], value)


def _read_wide(path: Path, max_bytes: int) -> tuple[VoteTable, dict[int, int | None]]:
    t = _Table(path, ["participant", "group-id"], "participants-votes.csv", max_bytes)
    comment_cols: list[tuple[int, int]] = []
    for i, h in enumerate(t.header):
        if h in _WIDE_META:
            continue
        cid = _parse_int(h) if h.lstrip("+-").isdigit() else None
        if cid is None:
            raise PolisFormatError(
                path,
                f"header column {h[:40]!r} is neither a known field nor a comment id",
                "comment columns must be named by their integer comment-id",
                line=1,
                column=str(i + 1),
            )
        comment_cols.append((i, _check_int64(path, 1, h, cid)))
    groups: dict[int, int | None] = {}
    for line, rec in t.rows:
        pid = t.req_int(line, rec, "participant")
        if pid in groups:
            raise PolisFormatError(
                path,
                f"participant {pid} appears twice",
                "keep one row per participant",
                line=line,
                column="participant",
            )
        gid = t.int_field(line, rec, "group-id", blank=None, blank_ok=True)
        groups[pid] = None if gid is None else _check_int64(path, line, "group-id", gid)
    fast = _fast_wide_votes(t, comment_cols, list(groups))
    if fast is not None:
        return fast, groups
    pids: list[int] = []
    cids: list[int] = []
    votes: list[int] = []
    for (line, rec), pid in zip(t.rows, groups, strict=True):
        for i, cid in comment_cols:
            raw = rec[i]
            v = _CELL_VOTES.get(raw, _OTHER)  # the usual cells, without parsing
            if v is _OTHER:
                cell = raw.strip()
                v = None if cell == "" else _parse_int(cell)
                if cell and (v is None or v not in (-1, 0, 1)):
                    raise PolisFormatError(
                        path,
                        f"{cell[:40]!r} is not a vote",
                        "write 1 (agree), -1 (disagree), 0 (pass) or leave the "
                        "cell empty",
                        line=line,
                        column=t.header[i],
                    )
            if v is None:
                continue
            pids.append(pid)
            cids.append(cid)
            votes.append(cast(int, v))
    table = VoteTable(
        np.asarray(pids, dtype=np.int64),
        np.asarray(cids, dtype=np.int64),
        np.asarray(votes, dtype=np.int8),
    )
    return table, groups


def _comment_text(raw: str) -> str:
    """Free text of a comment, as written (``@Klimarat …``, ``=``, ``-``).

    Only the escape our own writer adds (a ``'`` before a formula character)
    is undone, so that a written export reads back unchanged.
    """
    return csvsafe.unescape_cell(raw)


def _read_summary(path: Path, max_bytes: int) -> dict[str, str]:
    text = _read_text(path, max_bytes)
    out: dict[str, str] = {}
    try:
        for rec in csv.reader(io.StringIO(text.replace("\x00", ""), newline="")):
            if len(rec) >= 2:
                out[rec[0].strip()] = rec[1]
    except csv.Error as exc:
        raise PolisFormatError(
            path, f"unreadable CSV ({exc})", "check quoting"
        ) from None
    return out


def _export_file(root: Path, *names: str) -> Path:
    """``root/NAME``, or the one file named ``…-NAME`` (newer Pol.is exports
    prefix every file with the date and the conversation id:
    ``2025-08-29-0002-7btrabcujr-votes.csv``, ``…-participant-votes.csv``)."""
    for name in names:
        if (root / name).is_file():
            return root / name
    others = {"comments.csv", "votes.csv", "participants-votes.csv"}
    others |= {"participant-votes.csv", "summary.csv", "comment-groups.csv"}
    longer = [o for o in others if any(o.endswith("-" + n) for n in names)]
    found = sorted(
        f
        for f in root.glob("*.csv")
        if any(f.name.endswith("-" + n) for n in names)
        and not any(f.name == o or f.name.endswith("-" + o) for o in longer)
    )
    if len(found) > 1:
        raise PolisFormatError(
            root,
            f"several files could be the export's {names[0]}: "
            + ", ".join(f.name for f in found),
            "keep one export per folder",
        )
    return found[0] if found else root / names[0]


def read_polis_export(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = uploads.DEFAULT_MAX_UPLOAD_BYTES,
    groups: bool = True,
) -> PolisExport:
    """Read a Pol.is export directory, each file at most ``max_bytes`` long.

    Votes come from ``votes.csv`` when present (the last vote per voter and
    comment by timestamp wins), otherwise from ``participants-votes.csv``;
    Pol.is' ``group-id`` column is kept in ``participant_groups``. With
    ``groups=False`` (the analysis, which makes its own groups)
    ``participants-votes.csv`` is read only when there is no ``votes.csv``.

    Raises
    ------
    PolisFormatError
        On a missing directory or file, or any malformed content.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "comments.csv").write_text("comment-id,moderated\\n1,1\\n")
    >>> _ = (d / "votes.csv").write_text(
    ...     "timestamp,comment-id,voter-id,vote\\n2,1,7,-1\\n1,1,7,1\\n")
    >>> read_polis_export(d).votes.votes.tolist()
    [-1, 1]
    """
    root = Path(path)
    if not root.is_dir():
        raise PolisFormatError(
            root,
            "not a directory",
            "pass the folder holding comments.csv and votes.csv",
        )
    comments_path = _export_file(root, "comments.csv")
    if not comments_path.is_file():
        raise PolisFormatError(
            comments_path,
            "file not found",
            "add the export's comments.csv to the folder",
        )
    comments = _read_comments(comments_path, max_bytes)
    votes_path = _export_file(root, "votes.csv")
    wide_path = _export_file(root, "participants-votes.csv", "participant-votes.csv")
    votes: VoteTable | None = None
    if votes_path.is_file():
        votes = _read_votes(votes_path, max_bytes)
    pol_groups = None
    if wide_path.is_file() and (groups or votes is None):
        wide, pol_groups = _read_wide(wide_path, max_bytes)
        if votes is None:
            votes = wide
    if votes is None:
        raise PolisFormatError(
            root,
            "neither votes.csv nor participants-votes.csv was found",
            "add the export's votes.csv (or participants-votes.csv)",
        )
    summary_path = _export_file(root, "summary.csv")
    summary = _read_summary(summary_path, max_bytes) if summary_path.is_file() else {}
    return PolisExport(comments, votes, pol_groups, summary, str(root))


# ---------------------------------------------------------------- writing
def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts / 1000.0, tz=UTC).strftime(
        "%a %b %d %H:%M:%S UTC %Y"
    )


def write_polis_export(
    path: str | os.PathLike[str],
    votes: VoteTable | PolisExport,
    comments: Sequence[PolisComment] | None = None,
    *,
    participant_groups: Mapping[Any, int | None] | None = None,
) -> None:
    """Write ``comments.csv``, ``votes.csv`` and ``participants-votes.csv``.

    ``votes.csv`` gets every vote event (timestamps default to table order);
    ``participants-votes.csv`` the last vote per participant and comment, with
    ``group-id`` from ``participant_groups`` (e.g. this library's result). A
    :class:`PolisExport` may be passed instead of ``votes``/``comments``.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> write_polis_export(d, VoteTable.from_records([(1, 5, 1), (2, 5, 0)]))
    >>> read_polis_export(d).participant_groups
    {1: None, 2: None}
    """
    if isinstance(votes, PolisExport):
        comments = votes.comments if comments is None else comments
        if participant_groups is None:
            participant_groups = votes.participant_groups
        votes = votes.votes
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    vm = build_vote_matrix(votes)
    na = np.zeros(vm.shape[1], dtype=np.int64)
    nd = np.zeros(vm.shape[1], dtype=np.int64)
    if vm.nnz:
        na, nd, _ = vm.vote_counts()
    counts = {
        int(c): (int(a), int(d)) for c, a, d in zip(vm.comment_ids, na, nd, strict=True)
    }
    if comments is None:
        comments = [
            PolisComment(comment_id=int(c), moderated=1) for c in vm.comment_ids
        ]
    authored: dict[int, int] = {}
    for c in comments:
        if c.author_id is not None:
            authored[c.author_id] = authored.get(c.author_id, 0) + 1
    # Pol.is' own columns, in its order: those of its open-data exports, with
    # ``is-meta`` (and ``is-seed`` when known) as its newer exports write them
    # (red-dwarf's CSV loader asks Pol.is' API for is-meta when it is absent).
    seed_column = any(c.is_seed is not None for c in comments)
    with open(root / "comments.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "timestamp",
                "datetime",
                "comment-id",
                "author-id",
                "agrees",
                "disagrees",
                "moderated",
                "is-meta",
                *(["is-seed"] if seed_column else []),
                "comment-body",
            ]
        )
        for c in comments:
            a, d = counts.get(c.comment_id, (0, 0))
            w.writerow(
                [
                    "" if c.timestamp is None else c.timestamp,
                    "" if c.timestamp is None else _iso(int(c.timestamp)),
                    c.comment_id,
                    "" if c.author_id is None else c.author_id,
                    a,
                    d,
                    c.moderated,
                    "true" if c.is_meta else "false",
                    *(["true" if c.is_seed else "false"] if seed_column else []),
                    csvsafe.escape_cell(c.text),
                ]
            )
    ts = votes.timestamps
    if ts is None:
        ts = np.arange(len(votes), dtype=np.int64)
    with open(root / "votes.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        for t, c, p, v in zip(
            ts.tolist(),
            votes.comment_ids.tolist(),
            votes.participant_ids.tolist(),
            votes.votes.tolist(),
            strict=True,
        ):
            w.writerow([t, _iso(int(t)), c, p, v])
    groups = dict(participant_groups or {})
    with open(root / "participants-votes.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        cids = vm.comment_ids.tolist()
        w.writerow(
            [
                "participant",
                "group-id",
                "n-comments",
                "n-votes",
                "n-agree",
                "n-disagree",
                *cids,
            ]
        )
        X = vm.values
        for r, pid in enumerate(vm.participant_ids.tolist()):
            lo, hi = X.indptr[r], X.indptr[r + 1]
            cells = [""] * len(cids)
            vals = X.data[lo:hi]
            for j, v in zip(X.indices[lo:hi].tolist(), vals.tolist(), strict=True):
                cells[j] = str(int(v))
            g = groups.get(pid)
            w.writerow(
                [
                    pid,
                    "" if g is None else g,
                    authored.get(pid, 0),
                    hi - lo,
                    int(np.sum(vals > 0)),
                    int(np.sum(vals < 0)),
                    *cells,
                ]
            )
