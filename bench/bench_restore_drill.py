"""The long version of the restore drill: back up under write load, restore, verify.

    python bench/bench_restore_drill.py [--before 60] [--after 20] [--writers 3] [--voters 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_restore_drill.py

Starts gunicorn on loopback (SQLite WAL, or a throwaway PostgreSQL database when
DATABASE_URL is set), streams meetings (API) and consultation votes (public
endpoint) for ``--before`` seconds, runs `backchannel backup` while the stream
goes on for ``--after`` more seconds, then restores into a fresh deployment (the
same master key; on PostgreSQL a fresh database, dropped afterwards) and checks
that every write acknowledged before the backup began is there, whole. Prints
the figures; exits 1 if anything is missing or half-written.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.restore_drill import DrillHarness, run_drill


def _pg(*args: str) -> None:
    subprocess.run(
        [args[0], "-h", "127.0.0.1", "-U", "postgres", *args[1:]], check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=float, default=60.0)
    parser.add_argument("--after", type=float, default=20.0)
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--voters", type=int, default=3)
    args = parser.parse_args()
    names: list[str] = []
    urls = ["", ""]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        suffix = uuid.uuid4().hex[:6]
        names = [f"bc_drill_{suffix}", f"bc_drill_restore_{suffix}"]
        for name in names:
            _pg("createdb", name)
        urls = [f"postgres://postgres@127.0.0.1:5432/{n}" for n in names]
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            result = run_drill(
                DrillHarness(data_dir=work / "source", database_url=urls[0]),
                DrillHarness(data_dir=work / "target", database_url=urls[1]),
                work,
                before=args.before,
                after=args.after,
                writers=args.writers,
                voters=args.voters,
            )
    finally:
        for name in names:
            _pg("dropdb", "--if-exists", "--force", name)
    total = args.before + args.after
    print(f"{result.database}: {time.perf_counter() - started:.0f} s in all")
    print(
        f"  stream: {result.meetings_before + result.meetings_during} meetings "
        f"(3 segments each) and {result.votes_before + result.votes_during} votes "
        f"acknowledged in {total:.0f} s; {result.meetings_before} meetings and "
        f"{result.votes_before} votes before the backup began"
    )
    print(
        f"  backup under load: {result.backup_seconds:.1f} s (process start "
        f"included), {result.backup_bytes / 1e6:.2f} MB"
    )
    print(
        f"  restore + verification: {result.restore_seconds:.1f} s: {result.restore_report}"
    )
    print(
        f"  restored {result.meetings_restored} meetings and {result.votes_restored} "
        f"votes; acknowledged before the backup and missing: "
        f"{len(result.missing_meetings)} meetings, {result.missing_votes} votes; "
        f"half-written: {len(result.half_written)}"
    )
    if not result.ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
