"""The long version of the kill -9 durability test.

    python bench/bench_durability.py [--rounds 50] [--seconds 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_durability.py

Starts gunicorn on loopback (SQLite WAL, or a throwaway PostgreSQL database when
DATABASE_URL is set), streams writes from three clients, kills the whole server
with SIGKILL at random moments, restarts it, and counts acknowledged writes lost
and half-written (must both be 0).
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

from tests.reliability.durability import Harness, run_rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    url, created = "", None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        created = f"bc_durability_{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", created], check=True
        )
        url = f"postgres://postgres@127.0.0.1:5432/{created}"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        harness = Harness(data_dir=Path(tmp) / "data", database_url=url)
        try:
            harness.setup()
            results = run_rounds(
                harness, rounds=args.rounds, seconds=args.seconds, seed=args.seed
            )
        finally:
            if harness.process and harness.process.poll() is None:
                harness.kill()
            if created:
                subprocess.run(
                    [
                        "dropdb",
                        "-h",
                        "127.0.0.1",
                        "-U",
                        "postgres",
                        "--if-exists",
                        created,
                    ],
                    check=False,
                )
    lost = sum(len(r.lost) for r in results)
    half = sum(len(r.half_written) for r in results)
    db = "PostgreSQL" if url else "SQLite (WAL)"
    print(
        f"{db}: {args.rounds} kill -9 rounds in {time.perf_counter() - started:.0f} s, "
        f"{results[-1].acknowledged} acknowledged writes, {lost} lost, {half} half-written"
    )
    if lost or half:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
