"""Load benchmark of public voting: votes/s and latency on loopback.

Usage::

    python bench/bench_votes.py                      # SQLite, 20 s
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        python bench/bench_votes.py --seconds 20 --clients 32 --workers 2 --threads 8

It starts gunicorn on 127.0.0.1 against a database of its own (a fresh
PostgreSQL database created from ``DATABASE_URL``'s server and dropped at
the end, or a SQLite file in a temporary directory), creates an open
consultation with ``--statements`` statements. It first drives the bare-view
probe (``bench/vote_probe.py``: a Django view doing one upsert, no middleware)
with the same gunicorn settings and load, then drives
``POST /c/<token>/vote`` (the JSON fast path) from ``--clients`` concurrent
connections spread over ``--processes`` client processes, for ``--seconds``.
Each client votes as one voter (a ballot cookie) on every statement once, then
starts again as a new voter. It prints votes/s, p50/p95/p99 latency, both beside the probe's and as a ratio
of it (the honest figure on a loaded machine), and
checks, vote by vote, that every acknowledged vote (HTTP 200) is stored, once.

The flood limits are raised for the run (the counters still run on every
vote): they exist to stop one voter or one script, not a benchmark. The load
generator shares the machine with the server and the database, so on a small
machine the figures are a floor. Not run by the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOOD = (
    "ballot_votes=1000000/m,consultation_votes=100000000/m,client_ballots=10000000/m,"
    "consultation_ballots=10000000/m"
)
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
c = consultation_create(access=access_process_by_id(u, p.pk), title="Bench consultation",
                        seed_statements=[f"Statement {n}" for n in range(%d)], status="open")
print(json.dumps({"id": str(c.pk), "token": str(c.token),
                  "statements": [str(s.pk) for s in c.statements.order_by("number")]}))
"""
CHECK = """
import json, uuid
from backchannel.consultations.models import Ballot, Vote
cid = uuid.UUID(%r)
acked = {(Ballot.id_for(cid, t), uuid.UUID(s)) for t, s in json.load(open(%r))}
stored = set(Vote.objects.filter(statement__consultation_id=cid).values_list(
    "ballot_id", "statement_id"))
print(json.dumps({"stored": len(stored), "ballots": len({b for b, _ in stored}),
                  "lost": len(acked - stored), "unacknowledged": len(stored - acked)}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Database:
    """A database of the benchmark's own: created now, dropped at the end."""

    def __init__(self, base_url: str, data_dir: Path) -> None:
        self.base = base_url
        self.name = ""
        if not base_url:
            self.url = ""
            return
        parts = urllib.parse.urlsplit(base_url)
        self.name = f"bc_bench_{uuid.uuid4().hex[:8]}"
        self.conn = [
            "-h",
            parts.hostname or "127.0.0.1",
            "-p",
            str(parts.port or 5432),
            "-U",
            parts.username or "postgres",
        ]
        subprocess.run(["createdb", *self.conn, self.name], check=True)
        self.url = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))

    def drop(self) -> None:
        if self.name:
            subprocess.run(
                ["dropdb", *self.conn, "--if-exists", "--force", self.name], check=False
            )

    @property
    def label(self) -> str:
        return f"PostgreSQL ({self.name})" if self.name else "SQLite (WAL)"


def environment(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(
        BACKCHANNEL_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="backchannel.settings",
        DEBUG="true",  # lets a DATABASE_URL run generate its keys into data_dir
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        CONSULTATION_FLOOD_LIMITS=FLOOD,
        LOG_LEVEL="WARNING",
        # Persistent connections, as a deployment would run (SQLite also keeps
        # its WAL open instead of checkpointing it at every request's end).
        DB_CONN_MAX_AGE="600",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "backchannel", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def start_server(
    env: dict[str, str],
    port: int,
    workers: int,
    threads: int,
    app: str = "backchannel.wsgi",
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    os.killpg(server.pid, signal.SIGKILL)
    raise RuntimeError("gunicorn did not start within 30 s")


def client(
    port: int,
    token: str,
    statements: list[str],
    connections: int,
    start_at: float,
    stop_at: float,
    out: Any,
) -> None:
    """One client process: ``connections`` voters, driven round-robin from
    threads so that each keeps one request in flight."""
    import threading

    latencies: list[float] = []
    acked: list[tuple[str, str]] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    path = f"/c/{token}/vote"

    def voter() -> None:
        mine: list[float] = []
        ok: list[tuple[str, str]] = []
        bad: dict[str, int] = {}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        cookie = ""
        i = 0
        while time.time() < start_at:
            time.sleep(0.001)
        while True:
            now = time.time()
            if now >= stop_at:
                break
            if i == len(statements):
                cookie, i = "", 0  # a new voter
            body = json.dumps({"statement": statements[i], "vote": "agree"})
            headers = {"Content-Type": "application/json"}
            if cookie:
                headers["Cookie"] = cookie
            t0 = time.perf_counter()
            try:
                connection.request("POST", path, body, headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                bad[type(exc).__name__] = bad.get(type(exc).__name__, 0) + 1
                continue
            mine.append(time.perf_counter() - t0)
            if status == 200:
                set_cookie = response.getheader("Set-Cookie")
                if set_cookie:
                    cookie = set_cookie.split(";", 1)[0]
                ok.append((cookie.partition("=")[2], statements[i]))
                i += 1
            else:
                bad[str(status)] = bad.get(str(status), 0) + 1
        with lock:
            latencies.extend(mine)
            acked.extend(ok)
            for key, n in bad.items():
                errors[key] = errors.get(key, 0) + n

    threads = [threading.Thread(target=voter) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put({"latencies": latencies, "acked": acked, "errors": errors})


def drive(
    port: int, token: str, statements: list[str], args: Any, seconds: float
) -> list[dict[str, Any]]:
    """``args.clients`` voters in ``args.processes`` processes for ``seconds``."""
    start_at = time.time() + 1.0
    stop_at = start_at + seconds
    queue: Any = multiprocessing.Queue()
    share = [args.clients // args.processes] * args.processes
    for i in range(args.clients % args.processes):
        share[i] += 1
    procs = [
        multiprocessing.Process(
            target=client,
            args=(port, token, statements, n, start_at, stop_at, queue),
        )
        for n in share
        if n
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=seconds + 60) for _ in procs]
    for p in procs:
        p.join(timeout=10)
    return results


def stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def probe(
    env: dict[str, str], data_dir: Path, database: Database, args: Any, seconds: float
) -> list[dict[str, Any]]:
    """The bare-view probe (``bench/vote_probe.py``): one upsert a request into
    a throwaway table, no middleware, same gunicorn settings and client load."""
    env = {
        **env,
        "PROBE_DATABASE_URL": database.url or f"sqlite:///{data_dir / 'probe.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "vote_probe.py"), "create"],
        cwd=ROOT / "bench",
        env=env,
        check=True,
        timeout=120,
    )
    port = free_port()
    env["PYTHONPATH"] = str(ROOT / "bench")
    server = start_server(env, port, args.workers, args.threads, app="vote_probe")
    try:
        statements = [str(uuid.uuid4()) for _ in range(args.statements)]
        return drive(port, "probe", statements, args, seconds)
    finally:
        stop(server)


def summary(results: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    ms = [x * 1000 for r in results for x in r["latencies"]]
    errors: dict[str, int] = {}
    for r in results:
        for key, n in r["errors"].items():
            errors[key] = errors.get(key, 0) + n
    acked = sum(len(r["acked"]) for r in results)
    return {
        "acked": acked,
        "rate": acked / seconds,
        "latency": (
            f"p50 {percentile(ms, 0.50):.1f}  p95 {percentile(ms, 0.95):.1f}  "
            f"p99 {percentile(ms, 0.99):.1f}  max {max(ms, default=float('nan')):.1f}"
        ),
        "errors": errors,
    }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, default=8, help="threads per worker (gthread if > 1)"
    )
    parser.add_argument("--statements", type=int, default=40)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL server to create the benchmark's database on "
        "(default: DATABASE_URL; SQLite when empty)",
    )
    args = parser.parse_args()
    if shutil.which("createdb") is None and args.database_url:
        parser.error("createdb (PostgreSQL client) is needed with a database URL")
    seconds = min(max(args.seconds, 1.0), 120.0)  # bounded, whatever is asked

    data_dir = Path(tempfile.mkdtemp(prefix="bc-bench-votes-"))
    database = Database(args.database_url, data_dir)
    server = None
    try:
        env = environment(data_dir, database.url)
        manage(env, "migrate", "--noinput", "-v0")
        setup = json.loads(manage(env, "shell", "-c", SETUP % args.statements))
        bare = summary(probe(env, data_dir, database, args, seconds), seconds)
        port = free_port()
        server = start_server(env, port, args.workers, args.threads)
        results = drive(port, setup["token"], setup["statements"], args, seconds)
        acked_file = data_dir / "acked.json"
        acked_file.write_text(
            json.dumps([pair for r in results for pair in r["acked"]])
        )
        check = json.loads(
            manage(env, "shell", "-c", CHECK % (setup["id"], str(acked_file)))
        )
    finally:
        if server is not None:
            stop(server)
        database.drop()
        shutil.rmtree(data_dir, ignore_errors=True)

    ours = summary(results, seconds)
    acked = ours["acked"]
    server_kind = f"{args.workers} {'gthread x' + str(args.threads) if args.threads > 1 else 'sync'} worker(s)"
    print(
        f"{database.label}, gunicorn {server_kind}, {args.clients} clients in "
        f"{args.processes} processes, {os.cpu_count()} CPUs, {seconds:g} s, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(
        f"bare-view probe (one upsert, no middleware): {bare['rate']:.0f} req/s  "
        f"latency ms: {bare['latency']}  errors: {bare['errors'] or 'none'}"
    )
    print(f"votes acknowledged: {acked}  ({ours['rate']:.0f} votes/s)")
    print(f"latency ms: {ours['latency']}")
    print(f"errors: {ours['errors'] or 'none'}")
    ratio = ours["rate"] / bare["rate"] if bare["rate"] else float("nan")
    print(f"ratio ours / probe: {ratio:.2f}")
    print(
        f"stored votes: {check['stored']} in {check['ballots']} ballots; "
        f"acknowledged but not stored: {check['lost']}; stored but not "
        f"acknowledged (the client gave up waiting): {check['unacknowledged']}"
    )
    same = check["lost"] == 0 and check["stored"] == acked + check["unacknowledged"]
    print("check: " + ("every acknowledged vote is stored, once" if same else "FAILED"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
