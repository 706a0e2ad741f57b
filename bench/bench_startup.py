"""Whole-process time of ``backchannel analyze`` beside red-dwarf's, same files.

    python bench/bench_startup.py                      # 2,031 × 896 export + vTaiwan
    python bench/bench_startup.py --runs 7 DIR [DIR…]
    python bench/bench_startup.py --reddwarf-python /path/to/venv/bin/python

Each command is a fresh process, run ``--runs`` times in turn (interleaved,
so that a change of load on a shared machine hits every command alike); the
table gives the median wall time and the median CPU time (user + system) of
the process. The baseline is a bare ``python -c 'import numpy, scipy.sparse'``:
the floor any NumPy/SciPy command pays. red-dwarf (0.4.0, benchmark only:
``pip install red-dwarf==0.4.0``) runs its own Pol.is pipeline on the same
``votes.csv``/``comments.csv`` in a script of a few lines that reads them with
the csv module; ``--reddwarf-python`` names an interpreter that has it when
this one does not. The machine's load average is printed: figures taken on a
loaded machine say so.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPEN_DATA = Path("/work/shared/data/polis-open-data")
BIN = Path(sys.executable).parent

REDDWARF = r"""
import csv, sys, warnings
from pathlib import Path
from reddwarf.implementations.polis import run_pipeline
d = Path(sys.argv[1])
last = {}
with open(d / "votes.csv", newline="", encoding="utf-8") as fh:
    for row in csv.DictReader(fh):
        key = (int(row["voter-id"]), int(row["comment-id"]))
        t = int(row["timestamp"])
        if key not in last or t >= last[key][0]:
            last[key] = (t, int(row["vote"]))
mod_out = []
with open(d / "comments.csv", newline="", encoding="utf-8") as fh:
    for row in csv.DictReader(fh):
        if row.get("moderated") == "-1" or row.get("is-meta") == "true":
            mod_out.append(int(row["comment-id"]))
votes = [{"participant_id": p, "statement_id": c, "vote": v, "modified": t}
         for (p, c), (t, v) in last.items()]
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    res = run_pipeline(votes=votes, mod_out_statement_ids=mod_out, random_state=0)
print(res.participants_df["cluster_id"].notna().sum())
"""


def _synthetic(n: int, m: int, out: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from backchannel.analysis import write_polis_export
    from backchannel.analysis.synthetic import make_conversation

    conv = make_conversation(n, m, seed=7)
    write_polis_export(out, conv.votes)
    return out


def _timed(cmd: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    # From a neutral directory: `python -m` puts the working directory first on
    # sys.path, which would shadow --before's tree with the checkout's.
    done = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tempfile.gettempdir(),
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise RuntimeError(f"{cmd[:3]} failed: {done.stderr[-400:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="*", help="Pol.is export directories")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--reddwarf-python", default=sys.executable)
    ap.add_argument(
        "--before",
        metavar="DIR",
        help="a copy of an earlier tree's backchannel/ package (e.g. `git archive "
        "REV backchannel | tar -x -C DIR`): its python -m backchannel.analysis "
        "runs beside this one's",
    )
    args = ap.parse_args()
    dirs = [Path(d).resolve() for d in args.dirs]
    tmp = tempfile.TemporaryDirectory()
    if not dirs:
        dirs = [_synthetic(2031, 896, Path(tmp.name) / "synthetic-2031x896")]
        if (OPEN_DATA / "vtaiwan.uberx").is_dir():
            dirs.append(OPEN_DATA / "vtaiwan.uberx")
    rd_ok = (
        subprocess.run(
            [args.reddwarf_python, "-c", "import reddwarf.implementations.polis"],
            capture_output=True,
        ).returncode
        == 0
    )
    print(
        f"machine: {os.cpu_count()} cores, load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
        f"red-dwarf: {'yes' if rd_ok else 'no'}; {args.runs} runs, medians"
    )
    python = sys.executable
    for d in dirs:
        commands = {
            "import numpy, scipy.sparse": [
                python,
                "-c",
                "import numpy, scipy.sparse",
            ],
            "backchannel analyze --format json": [
                str(BIN / "backchannel"),
                "analyze",
                str(d),
                "--format",
                "json",
            ],
            "python -m backchannel.analysis": [
                python,
                "-m",
                "backchannel.analysis",
                str(d),
                "--format",
                "json",
            ],
        }
        if args.before:
            commands["before: python -m backchannel.analysis"] = [
                "env",
                f"PYTHONPATH={Path(args.before).resolve()}",
                python,
                "-m",
                "backchannel.analysis",
                str(d),
                "--format",
                "json",
            ]
        if rd_ok and (d / "votes.csv").is_file():
            commands["red-dwarf 0.4.0 (whole process)"] = [
                args.reddwarf_python,
                "-c",
                REDDWARF,
                str(d),
            ]
        times: dict[str, list[tuple[float, float]]] = {k: [] for k in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(_timed(cmd))
        print(f"\n## {d.name}")
        print(f"{'command':36} {'wall s':>7} {'cpu s':>7} {'× baseline':>10}")
        base = statistics.median(w for w, _ in times["import numpy, scipy.sparse"])
        med = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
        for name, runs in times.items():
            cpu = statistics.median(c for _, c in runs)
            print(f"{name:36} {med[name]:7.2f} {cpu:7.2f} {med[name] / base:10.1f}")
        rd = med.get("red-dwarf 0.4.0 (whole process)")
        if rd:
            ours = med["backchannel analyze --format json"]
            cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
            ratio = (
                cpu["red-dwarf 0.4.0 (whole process)"]
                / cpu["backchannel analyze --format json"]
            )
            print(
                f"red-dwarf / backchannel analyze: {rd / ours:.1f}× wall, "
                f"{ratio:.1f}× CPU"
            )
    print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
