"""How long the process report's PDF takes to build, for the demo process.

Usage::

    python bench/bench_report.py            # 5 runs, English
    python bench/bench_report.py --runs 10 --language ar

Loads the demo into a throwaway SQLite data directory, then times, per run:
building the report (queries, decryption); the PDF with every chart drawn
(the first PDF of a report: matplotlib draws, fpdf2 lays out and subsets the
fonts); and the PDF again with the charts kept from the page or an earlier
PDF (``charts.RENDERED``: the same data draws nothing twice). Prints the
median and the slowest of each, wall clock and CPU. Target (issue 18): the
PDF ≤ 1 s on the project's 2-core machine. Not run by the test suite; the
machine's load skews it: compare with the code before a change in the same
session (``git worktree``/``git archive`` of it, run alternately).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--language", default="en")
    parser.add_argument("--output", help="also write the last PDF built here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BACKCHANNEL_DATA_DIR"] = tmp
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backchannel.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.utils import translation

        call_command("migrate", "--noinput", verbosity=0)
        from backchannel.accounts.models import User
        from backchannel.charts import RENDERED
        from backchannel.demo import load_demo
        from backchannel.reports.builder import build_report
        from backchannel.reports.render import render_pdf_document
        from backchannel.reports.services import report_access

        info = load_demo()
        user = User.objects.get(username="demo-facilitator")
        access = report_access(user, info.process.pk)
        steps = ("build", "pdf, charts drawn", "pdf, charts kept")
        timings: dict[str, list[float]] = {name: [] for name in steps}
        # CPU seconds of this process too: on a shared, loaded machine the
        # wall clock measures the neighbours as much as the report.
        cpu: dict[str, list[float]] = {name: [] for name in steps}
        with translation.override(args.language):
            render_pdf_document(build_report(access))  # warm: imports, fonts
            for _ in range(args.runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                report = build_report(access)
                marks = [(time.perf_counter(), time.process_time())]
                RENDERED.clear()
                render_pdf_document(report)
                marks.append((time.perf_counter(), time.process_time()))
                data = render_pdf_document(report)
                marks.append((time.perf_counter(), time.process_time()))
                previous = (start, start_cpu)
                for name, mark in zip(steps, marks, strict=True):
                    timings[name].append(mark[0] - previous[0])
                    cpu[name].append(mark[1] - previous[1])
                    previous = mark
        if args.output:
            Path(args.output).write_bytes(data)
        print(f"demo report PDF, {args.language}, {args.runs} runs, {len(data)} bytes")
        for name, values in timings.items():
            print(
                f"  {name:<18} median {statistics.median(values):.3f} s"
                f"   slowest {max(values):.3f} s"
                f"   CPU median {statistics.median(cpu[name]):.3f} s"
            )
        print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
