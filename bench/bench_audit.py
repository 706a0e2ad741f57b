"""Benchmark verifying the audit log: a full pass against the audit page's.

Usage::

    python bench/bench_audit.py                # 20,000 entries
    python bench/bench_audit.py --entries 100000

Builds a fresh SQLite database in a temporary data directory, appends
``--entries`` entries through ``audit_record`` (half of them within a process,
their actor sealed), then prints the time of ``audit_verify`` (what
``backchannel audit verify`` runs: every entry) and of ``audit_verify_recent``
(what the audit page and API run): its first call, a full pass, and later
calls after 10 new entries, which read the new entries, a random sample of the
old ones and the checkpoints. The ratio is the figure to compare across
machines. Not run by the test suite.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _intact(broken: object) -> None:
    if broken is not None:
        raise SystemExit(f"The audit log does not verify: {broken}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--views", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BACKCHANNEL_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backchannel.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import transaction

        from backchannel.accounts.services import (
            membership_set,
            organisation_create,
            user_create,
        )
        from backchannel.core.audit import (
            audit_checkpoint,
            audit_process,
            audit_record,
            audit_verify,
        )
        from backchannel.core.audit_recent import audit_verify_recent
        from backchannel.processes.services import process_create

        call_command("migrate", "--noinput", "-v0")
        user = user_create(username="bench-convener", password=secrets.token_urlsafe())
        org = organisation_create(name="Bench organisation")
        membership_set(organisation=org, user=user, role="convener")
        process = process_create(
            organisation=org,
            actor=user,
            title="Bench process",
            track="2",
            stage="preventive",
            approach="relationship_building",
            sides=["North", "South"],
        )
        started = time.perf_counter()
        with transaction.atomic():
            for i in range(args.entries):
                if i % 2:
                    audit_process(user, process, "bench.in_process", process)
                else:
                    audit_record(actor=user, verb="bench.org", organisation_id=org.pk)
        wrote = time.perf_counter() - started
        audit_checkpoint()

        started = time.perf_counter()
        _intact(audit_verify())
        full = time.perf_counter() - started
        started = time.perf_counter()
        _intact(audit_verify_recent().broken)
        first = time.perf_counter() - started
        views = []
        for _ in range(args.views):
            for _ in range(10):
                audit_process(user, process, "bench.new", process)
            started = time.perf_counter()
            _intact(audit_verify_recent().broken)
            views.append(time.perf_counter() - started)
        view = statistics.median(views)
        print(f"entries: {args.entries} (written in {wrote:.1f} s)")
        print(f"audit verify (every entry):       {full * 1000:8.1f} ms")
        print(f"audit page, first view (full):    {first * 1000:8.1f} ms")
        print(f"audit page, later views (median): {view * 1000:8.1f} ms")
        print(f"ratio full / later view:          {full / view:8.0f}x")


if __name__ == "__main__":
    main()
