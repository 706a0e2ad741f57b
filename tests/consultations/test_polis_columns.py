"""The consultation's Pol.is export has every column Pol.is writes, filled as
Pol.is fills it (issue 22, 7), checked against Pol.is' own open-data exports
(``tests/data/polis``); red-dwarf's loader reads it (when red-dwarf is
installed: it is a benchmark-only dependency, see README "Benchmarks").

Before, comments.csv had no ``datetime`` column and left ``timestamp`` and
seed statements' ``author-id`` empty: red-dwarf rejected every row."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from backchannel.consultations.export import polis_export_write
from backchannel.consultations.models import Statement, StatementStatus
from backchannel.consultations.services import statement_moderate, statement_propose
from tests.consultations.conftest import Open, cast_all, two_camps
from tests.world import World

REAL = Path(__file__).parent.parent / "data" / "polis"
# Pol.is' datetime, as in its exports: "Wed Jun 18 08:16:54 WIB 2014".
POLIS_DATETIME = re.compile(
    r"^[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \w+ \d{4}$"
)


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _real_headers(name: str) -> set[tuple[str, ...]]:
    return {tuple(_rows(d / name)[0]) for d in REAL.iterdir() if (d / name).is_file()}


@pytest.fixture
def exported(opened: Open, world: World, tmp_path: Path) -> Path:
    cast_all(opened, [*two_camps(6), [None, 0, None, 1, -1]])
    proposed = statement_propose(
        consultation=opened.consultation, ballot_token="p" * 43, text="A proposal"
    )
    statement_moderate(
        access=world.access("facilitator"), statement=proposed, status="accepted"
    )
    polis_export_write(opened.consultation, tmp_path)
    return tmp_path


def test_every_column_pol_is_writes_in_its_order(exported: Path) -> None:
    classic = ("timestamp", "datetime", "comment-id", "author-id", "agrees")
    assert any(h[:5] == classic for h in _real_headers("comments.csv"))
    header, _ = _rows(exported / "comments.csv")
    assert header == [
        "timestamp",
        "datetime",
        "comment-id",
        "author-id",
        "agrees",
        "disagrees",
        "moderated",
        "is-meta",
        "is-seed",
        "comment-body",
    ]
    for name in ("votes.csv",):
        assert tuple(_rows(exported / name)[0]) in _real_headers(name)


def test_every_cell_is_filled_as_pol_is_fills_it(exported: Path, opened: Open) -> None:
    _, comments = _rows(exported / "comments.csv")
    _, votes = _rows(exported / "votes.csv")
    days = {
        s.number: s.created_on
        for s in Statement.objects.filter(
            consultation=opened.consultation, status=StatementStatus.ACCEPTED
        )
    }
    seeds = {c["comment-id"] for c in comments if c["is-seed"] == "true"}
    assert len(seeds) == len(comments) - 1  # the accepted proposal
    for row in comments:
        stamp = int(row["timestamp"])
        day = days[int(row["comment-id"])]
        assert dt.datetime.fromtimestamp(stamp / 1000, tz=dt.UTC).date() == day
        assert POLIS_DATETIME.match(row["datetime"]), row["datetime"]
        assert row["author-id"].isdigit()  # pseudonymous whole numbers, never empty
        assert (row["author-id"] == "0") == (row["comment-id"] in seeds)
        assert row["moderated"] == "1" and row["is-meta"] == "false"
    voters = {int(v["voter-id"]) for v in votes}
    assert min(voters) >= 1  # 0 is the conversation's owner, as in Pol.is
    stamps = [int(v["timestamp"]) for v in votes]
    assert stamps == sorted(stamps)
    for v in votes:
        assert POLIS_DATETIME.match(v["datetime"]) and v["vote"] in {"-1", "0", "1"}


@pytest.fixture
def served(exported: Path) -> Iterator[str]:
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(exported)
    )
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def test_red_dwarf_loads_our_export(served: str, exported: Path) -> None:
    """red-dwarf's CSV loader, over HTTP as it reads a Pol.is instance: every
    statement and every vote comes through, none rejected."""
    pytest.importorskip(
        "reddwarf",
        reason="red-dwarf is a benchmark-only dependency: "
        "`pip install red-dwarf==0.4.0` to run this check",
    )
    import warnings

    from reddwarf.data_loader import Loader

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. "CSV import is missing is_meta"
        loader = Loader(directory_url=served, is_cache_enabled=False)
    _, comments = _rows(exported / "comments.csv")
    _, votes = _rows(exported / "votes.csv")
    assert len(loader.comments_data) == len(comments) > 0
    assert len(loader.votes_data) == len(votes) > 0
    assert not loader.skipped_dup_votes
    assert {c["statement_id"] for c in loader.comments_data} == {
        int(c["comment-id"]) for c in comments
    }
