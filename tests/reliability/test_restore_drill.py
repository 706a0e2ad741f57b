"""The restore drill, short: a backup taken under write load (meetings through
the API, consultation votes through the public endpoint) restores into an empty
database, passes restore's own verification (row counts, checksums, audit
chain), and holds every write acknowledged before the backup began, whole.

SQLite (WAL) by default; PostgreSQL when the suite runs on it (a throwaway
source database and a fresh ``<name>_restore_<hex>`` target, both dropped). The
long version is bench/bench_restore_drill.py.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.reliability.restore_drill import DrillHarness, run_drill

pytestmark = pytest.mark.slow


def _pg(args: list[str]) -> None:
    settings = connection.settings_dict
    subprocess.run(
        [
            args[0],
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or "5432"),
            "-U",
            settings["USER"],
            *args[1:],
        ],
        check=True,
    )


@pytest.fixture
def databases(db: None) -> Iterator[tuple[str, str]]:
    """(source URL, target URL): empty strings for SQLite files in the data dirs."""
    if connection.vendor != "postgresql":
        yield "", ""
        return
    settings = connection.settings_dict
    base = str(settings["NAME"]).removeprefix("test_")
    suffix = uuid.uuid4().hex[:6]
    names = [f"{base}_drill_{suffix}", f"{base}_restore_{suffix}"]
    for name in names:
        _pg(["createdb", name])
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or "5432"
    urls = [f"postgres://{settings['USER']}@{host}:{port}/{n}" for n in names]
    try:
        yield urls[0], urls[1]
    finally:
        for name in names:
            _pg(["dropdb", "--if-exists", "--force", name])


def test_a_backup_under_write_load_restores_every_acknowledged_write(
    tmp_path: Path, databases: tuple[str, str]
) -> None:
    source_url, target_url = databases
    source = DrillHarness(data_dir=tmp_path / "source", database_url=source_url)
    target = DrillHarness(data_dir=tmp_path / "target", database_url=target_url)
    result = run_drill(source, target, tmp_path, before=2.0, after=1.5)
    assert result.restore_report.startswith("Restored and verified"), result
    assert "audit chain is intact" in result.restore_report
    # The stream really ran on both sides of the backup.
    assert result.meetings_before > 0 and result.votes_before > 0, result
    assert result.meetings_during + result.votes_during > 0, result
    assert result.missing_meetings == [], result
    assert result.missing_votes == 0, result
    assert result.half_written == [], result
    assert result.unknown == [], result
    assert result.meetings_restored >= result.meetings_before
    assert result.votes_restored >= result.votes_before
