"""kill -9 during a stream of writes: every acknowledged write survives, whole.

Ten rounds on SQLite (WAL), and ten on PostgreSQL when DATABASE_URL is set. The
long version is bench/bench_durability.py.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.reliability.durability import Harness, run_rounds

pytestmark = pytest.mark.slow


def _database_url(tmp_path: Path) -> tuple[str, str | None]:
    if connection.vendor != "postgresql":
        return "", None
    name = f"bc_durability_{uuid.uuid4().hex[:8]}"
    settings = connection.settings_dict
    host, port, user = (
        settings["HOST"] or "127.0.0.1",
        settings["PORT"] or "5432",
        settings["USER"],
    )
    subprocess.run(
        ["createdb", "-h", host, "-p", str(port), "-U", user, name], check=True
    )
    return f"postgres://{user}@{host}:{port}/{name}", name


def test_no_acknowledged_write_is_lost_or_half_written_across_kill_9(
    tmp_path: Path, db: None, request: pytest.FixtureRequest
) -> None:
    url, created = _database_url(tmp_path)
    harness = Harness(data_dir=tmp_path / "data", database_url=url)
    if not url:
        # The session's migrated schema (only asked for here: the PostgreSQL
        # pass never needs it).
        harness.seed_schema(request.getfixturevalue("migrated_sqlite"))
    try:
        harness.setup()
        results = run_rounds(
            harness,
            rounds=10,
            seconds=1.0,
            seed=int(os.environ.get("DURABILITY_SEED", "0")),
        )
    finally:
        if harness.process and harness.process.poll() is None:
            harness.kill()
        if created:
            settings = connection.settings_dict
            subprocess.run(
                [
                    "dropdb",
                    "-h",
                    settings["HOST"] or "127.0.0.1",
                    "-U",
                    settings["USER"],
                    "--if-exists",
                    created,
                ],
                check=False,
            )
    assert results[-1].acknowledged > 20, (
        "the harness wrote too little to mean anything"
    )
    assert [r.lost for r in results if r.lost] == []
    assert [r.half_written for r in results if r.half_written] == []
