"""Import a large Pol.is export into a consultation: the whole command's time.

Usage::

    python bench/bench_import.py                       # SQLite, 2,031 × 896
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        python bench/bench_import.py --participants 2031 --statements 896

It makes a database of its own (as ``bench_votes.py`` does: a fresh
PostgreSQL database from ``DATABASE_URL``'s server, dropped at the end, or a
SQLite file in a temporary directory), a process with an empty consultation,
and a synthetic export (``backchannel.analysis.synthetic``, seed 7: the
export ``bench_startup.py`` times the analysis on) whose statements are
sentences the identification gate reads. Then it runs
``backchannel consultation import`` as a whole process and prints its wall
and CPU time, the votes written and the votes per second, and checks that
the stored votes are exactly the export's. Not run by the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_votes import ROOT, Database, environment, manage

SETUP = """
import json
from backchannel.accounts.services import membership_set, organisation_create, user_create
from backchannel.consultations.services import consultation_create
from backchannel.processes.access import access_process_by_id
from backchannel.processes.services import process_create
u = user_create(username="bench", password="bench-passphrase-2026")
o = organisation_create(name="Bench Org")
membership_set(organisation=o, user=u, role="convener")
p = process_create(actor=u, organisation=o, title="Bench", track="2", stage="preventive",
                   approach="problem_solving", sides=["A", "B"])
c = consultation_create(access=access_process_by_id(u, p.pk), title="Moved from Pol.is")
print(json.dumps({"id": str(c.pk)}))
"""
COUNT = """
import json
from backchannel.consultations.models import Vote
print(json.dumps(Vote.objects.filter(ballot__consultation_id=%r).count()))
"""


def _export(n: int, m: int, out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from backchannel.analysis import PolisComment, write_polis_export
    from backchannel.analysis.synthetic import make_conversation

    conv = make_conversation(n, m, seed=7)
    ids = sorted(set(conv.votes.comment_ids.tolist()))
    comments = [
        PolisComment(
            comment_id=c,
            text=f"Statement {c}: the river's water should be shared by season.",
            author_id=0,
            moderated=1,
        )
        for c in ids
    ]
    write_polis_export(out, conv.votes, comments)
    return len(conv.votes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=2031)
    parser.add_argument("--statements", type=int, default=896)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL server to create the benchmark's database on "
        "(default: DATABASE_URL; SQLite when empty)",
    )
    args = parser.parse_args()
    if shutil.which("createdb") is None and args.database_url:
        parser.error("createdb (PostgreSQL client) is needed with a database URL")
    data_dir = Path(tempfile.mkdtemp(prefix="bc-bench-import-"))
    database = Database(args.database_url, data_dir)
    try:
        env = environment(data_dir, database.url)
        manage(env, "migrate", "--noinput", "-v0")
        consultation = json.loads(manage(env, "shell", "-c", SETUP))["id"]
        export = data_dir / "export"
        events = _export(args.participants, args.statements, export)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        line = manage(
            env, "consultation", "import", consultation, str(export), "--as", "bench"
        )
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        stored = json.loads(manage(env, "shell", "-c", COUNT % consultation))
        print(f"database: {database.label}; export: {events} votes")
        print(line)
        print(
            f"import, whole process: {wall:.2f} s wall, {cpu:.2f} s CPU; "
            f"{stored / wall:,.0f} votes/s"
        )
        if stored != events:
            print(f"MISMATCH: {stored} votes stored, the export has {events}")
            return 1
        return 0
    finally:
        database.drop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
