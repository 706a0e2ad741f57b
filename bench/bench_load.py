"""Load benchmark: many users of several organisations at once, on loopback.

Starts gunicorn (4 workers) on 127.0.0.1 against SQLite, or PostgreSQL when
DATABASE_URL is set (in its own throwaway database), creates N organisations
each with a convener, a process and an API token, then runs concurrent clients
for a bounded time: each browses its dashboards (HTML), lists processes (API)
and writes meetings (API). Every response is checked for another
organisation's data (each organisation's process title is a unique marker).

    python bench/bench_load.py [--seconds 20] [--clients 16] [--orgs 4]

Prints requests/s and p50/p95/p99 latency per kind, and the leak count (must be 0).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.durability import Harness


@dataclass
class Tenant:
    title: str
    token: str
    process_id: str
    username: str
    password: str


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: int = 0
    leaks: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def make_tenants(harness: Harness, n: int) -> list[Tenant]:
    script = (
        "import json\n"
        "from backchannel.accounts.services import *\n"
        "from backchannel.processes.services import process_create\n"
        f"n = {n}\n"
        "out = []\n"
        "for i in range(n):\n"
        "    u = user_create(username=f'load-{i}', password='load-passphrase-2026')\n"
        "    o = organisation_create(name=f'Load Org {i}')\n"
        "    membership_set(organisation=o, user=u, role='convener')\n"
        "    title = f'LoadMarker{i:03d}Process'\n"
        "    p = process_create(actor=u, organisation=o, title=title, track='2',"
        " stage='negotiation', approach='problem_solving', sides=['A', 'B'])\n"
        "    out.append([title, api_token_create(user=u)[1], str(p.pk), u.username])\n"
        "print(json.dumps(out))\n"
    )
    rows = json.loads(harness.manage("shell", "-c", script).strip().splitlines()[-1])
    return [
        Tenant(t, tok, pid, user, "load-passphrase-2026") for t, tok, pid, user in rows
    ]


def _login(conn: http.client.HTTPConnection, tenant: Tenant) -> str:
    conn.request("GET", "/login/")
    response = conn.getresponse()
    body = response.read().decode()
    cookies = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    csrf = body.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    form = (
        f"csrfmiddlewaretoken={csrf}&login={tenant.username}&password={tenant.password}"
    )
    conn.request(
        "POST",
        "/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    response = conn.getresponse()
    response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def client(
    port: int, tenant: Tenant, others: list[str], stop: threading.Event, stats: Stats
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookie = _login(conn, tenant)
    api = {
        "Authorization": f"Bearer {tenant.token}",
        "Content-Type": "application/json",
    }
    i = 0
    while not stop.is_set():
        kind = ("dashboard", "api-list", "api-write")[i % 3]
        i += 1
        started = time.perf_counter()
        try:
            if kind == "dashboard":
                conn.request(
                    "GET",
                    f"/processes/{tenant.process_id}/",
                    headers={"Cookie": cookie},
                )
            elif kind == "api-list":
                conn.request("GET", "/api/processes", headers=api)
            else:
                body = json.dumps(
                    {"title": f"m-{uuid.uuid4().hex[:6]}", "date": "2027-03-01"}
                )
                conn.request(
                    "POST",
                    f"/api/processes/{tenant.process_id}/meetings",
                    body=body,
                    headers=api,
                )
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            with stats.lock:
                stats.errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        elapsed = time.perf_counter() - started
        ok = response.status in (200, 201)
        leaked = [o for o in others if o in text]
        with stats.lock:
            stats.latencies[kind].append(elapsed)
            if not ok:
                stats.errors += 1
            if leaked:
                stats.leaks.append(f"{kind}: {leaked}")


def run(seconds: float, clients: int, orgs: int, workers: int = 4) -> Stats:
    with tempfile.TemporaryDirectory() as tmp:
        url = ""
        created = None
        base = os.environ.get("DATABASE_URL", "")
        if base.startswith("postgres"):
            created = f"bc_load_{uuid.uuid4().hex[:8]}"
            subprocess.run(
                ["createdb", "-h", "127.0.0.1", "-U", "postgres", created], check=True
            )
            url = f"postgres://postgres@127.0.0.1:5432/{created}"
        harness = Harness(
            data_dir=Path(tmp) / "data", database_url=url, workers=workers
        )
        try:
            harness.manage("migrate", "--noinput", "-v0")
            tenants = make_tenants(harness, orgs)
            harness.start()
            stats = Stats()
            stop = threading.Event()
            threads = []
            for c in range(clients):
                tenant = tenants[c % len(tenants)]
                others = [t.title for t in tenants if t is not tenant]
                threads.append(
                    threading.Thread(
                        target=client, args=(harness.port, tenant, others, stop, stats)
                    )
                )
            started = time.perf_counter()
            for t in threads:
                t.start()
            time.sleep(seconds)
            stop.set()
            for t in threads:
                t.join(timeout=60)
            stats.latencies["_elapsed"] = [time.perf_counter() - started]
            return stats
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


def report(stats: Stats) -> str:
    elapsed = stats.latencies.pop("_elapsed")[0]
    lines = [
        f"{'kind':<12} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    ]
    total = 0
    for kind, values in sorted(stats.latencies.items()):
        values = sorted(values)
        total += len(values)
        q = statistics.quantiles(values, n=100) if len(values) > 1 else [values[0]] * 99
        lines.append(
            f"{kind:<12} {len(values):>9} {len(values) / elapsed:>8.1f} "
            f"{q[49] * 1000:>8.1f} {q[94] * 1000:>8.1f} {q[98] * 1000:>8.1f}"
        )
    lines.append(f"{'all':<12} {total:>9} {total / elapsed:>8.1f}")
    lines.append(
        f"errors: {stats.errors}; responses carrying another organisation's data: {len(stats.leaks)}"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--orgs", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    stats = run(args.seconds, args.clients, args.orgs, args.workers)
    db = (
        "PostgreSQL"
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else "SQLite"
    )
    print(
        f"Load: {args.clients} clients, {args.orgs} organisations, {args.seconds:.0f} s, gunicorn {args.workers} workers, {db}, {os.cpu_count()} cores"
    )
    print(report(stats))
    if stats.leaks:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
