"""The restore drill: a backup taken while writes stream in restores, verified,
into an empty database, with every write acknowledged before it began.

Used by tests/reliability/test_restore_drill.py (short) and
bench/bench_restore_drill.py (long). A real server (gunicorn, the durability
harness) runs on a real database; clients stream meetings with three segments
(all-or-nothing) through the JSON API and consultation votes through the public
vote endpoint, and record what the server acknowledged. `backchannel backup`
runs in its own process in the middle of the stream; the writes go on during
and after it. Then a second deployment (same master key, an empty database)
runs `backchannel migrate` and `backchannel restore`, whose own verification
(row counts, SHA-256 per table, the audit chain) must pass, and the drill
checks that every write acknowledged before the backup started is there, whole.
"""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.durability import Harness

# The drill writes faster than any person votes: the flood limits stay out of the way.
FLOOD = "ballot_votes=1000000/m,consultation_votes=100000000/m,consultation_ballots=10000000/m"

CONSULTATION = """
import json
from backchannel.accounts.models import User
from backchannel.consultations.services import consultation_create
from backchannel.processes.access import access_process_by_id
u = User.objects.get(username="durability")
c = consultation_create(access=access_process_by_id(u, %r), title="Drill",
                        seed_statements=[f"Statement {n}" for n in range(12)], status="open")
print(json.dumps({"id": str(c.pk), "token": str(c.token),
                  "statements": [str(s.pk) for s in c.statements.order_by("number")]}))
"""

STORED = """
import json, uuid
from backchannel.consultations.models import Ballot, Vote
from backchannel.meetings.models import Meeting
cid = uuid.UUID(%r)
acked = [(Ballot.id_for(cid, t), uuid.UUID(s)) for t, s in json.load(open(%r))]
stored = set(Vote.objects.filter(statement__consultation_id=cid).values_list(
    "ballot_id", "statement_id"))
meetings = {str(m.title): m.segments.count() for m in Meeting.objects.all()}
print(json.dumps({"meetings": meetings, "votes": len(stored),
                  "votes_missing": sum(1 for pair in acked if pair not in stored)}))
"""


class DrillHarness(Harness):
    @property
    def env(self) -> dict[str, str]:
        env = super().env
        env["CONSULTATION_FLOOD_LIMITS"] = FLOOD
        env["LOG_LEVEL"] = "WARNING"
        return env


@dataclass
class Stream:
    """Writes acknowledged by the server, in order, from every client thread."""

    meetings: list[str] = field(default_factory=list)
    votes: list[tuple[str, str]] = field(
        default_factory=list
    )  # (ballot token, statement)
    attempted: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> tuple[list[str], list[tuple[str, str]]]:
        with self.lock:
            return list(self.meetings), list(self.votes)


@dataclass
class DrillResult:
    database: str
    backup_seconds: float
    restore_seconds: float
    backup_bytes: int
    restore_report: str
    meetings_before: int
    votes_before: int
    meetings_during: int
    votes_during: int
    meetings_restored: int
    votes_restored: int
    missing_meetings: list[str]
    missing_votes: int
    half_written: list[str]
    unknown: list[str]

    @property
    def ok(self) -> bool:
        return not (
            self.missing_meetings
            or self.missing_votes
            or self.half_written
            or self.unknown
        )


def _meeting_writer(
    harness: Harness, stream: Stream, stop: threading.Event, n: int
) -> None:
    i = 0
    while not stop.is_set():
        title = f"drill-{n}-{i}"
        i += 1
        with stream.lock:
            stream.attempted.add(title)
        if harness.create_meeting(title):
            with stream.lock:
                stream.meetings.append(title)


def _voter(
    port: int, token: str, statements: list[str], stream: Stream, stop: threading.Event
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    cookie, i = "", 0
    while not stop.is_set():
        if i == len(statements):
            cookie, i = "", 0  # a new voter
        headers = {"Content-Type": "application/json"}
        if cookie:
            headers["Cookie"] = cookie
        body = json.dumps({"statement": statements[i], "vote": "agree"})
        try:
            connection.request("POST", f"/c/{token}/vote", body, headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            time.sleep(0.05)
            continue
        if response.status != 200:
            time.sleep(0.05)
            continue
        set_cookie = response.getheader("Set-Cookie")
        if set_cookie:
            cookie = set_cookie.split(";", 1)[0]
        with stream.lock:
            stream.votes.append((cookie.partition("=")[2], statements[i]))
        i += 1
    connection.close()


def run_drill(
    source: DrillHarness,
    target: DrillHarness,
    work: Path,
    *,
    before: float,
    after: float,
    writers: int = 2,
    voters: int = 2,
) -> DrillResult:
    """Stream writes for ``before`` s, back up, keep writing ``after`` s, restore, check."""
    source.setup()
    setup = json.loads(
        source.manage("shell", "-c", CONSULTATION % source.process_id).splitlines()[-1]
    )
    source.start()
    stream, stop = Stream(), threading.Event()
    threads = [
        threading.Thread(target=_meeting_writer, args=(source, stream, stop, n))
        for n in range(writers)
    ] + [
        threading.Thread(
            target=_voter,
            args=(source.port, setup["token"], setup["statements"], stream, stop),
        )
        for _ in range(voters)
    ]
    backup = work / "drill.bcbk"
    try:
        for t in threads:
            t.start()
        time.sleep(before)
        meetings_before, votes_before = stream.snapshot()
        started = time.monotonic()
        source.manage("backup", "--output", str(backup))
        backup_seconds = time.monotonic() - started
        time.sleep(after)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=15)
        if source.process is not None and source.process.poll() is None:
            source.kill()
    meetings_all, votes_all = stream.snapshot()

    # The key store travels apart from the database backup: its own backup,
    # taken after the database backup (it must hold every key that one names).
    source.manage("keys", "backup")
    key_backups = sorted((source.data_dir / "key-backups").glob("keys-*.json"))

    # A second deployment: the same master key, an empty database, the key store
    # restored from its newest backup (README, deployment section).
    target.data_dir.mkdir(parents=True, exist_ok=True)
    for key in ("master.key", "secret.key"):
        if (source.data_dir / key).exists():
            shutil.copy2(source.data_dir / key, target.data_dir / key)
    target.manage("migrate", "--noinput", "-v0")
    target.manage("keys", "restore", str(key_backups[-1]))
    started = time.monotonic()
    report = target.manage("restore", str(backup)).strip()
    restore_seconds = time.monotonic() - started

    acked_file = work / "acked-votes.json"
    acked_file.write_text(json.dumps(votes_before))
    stored = json.loads(
        target.manage(
            "shell", "-c", STORED % (setup["id"], str(acked_file))
        ).splitlines()[-1]
    )
    restored: dict[str, int] = stored["meetings"]
    return DrillResult(
        database="PostgreSQL" if target.database_url else "SQLite (WAL)",
        backup_seconds=backup_seconds,
        restore_seconds=restore_seconds,
        backup_bytes=backup.stat().st_size,
        restore_report=report,
        meetings_before=len(meetings_before),
        votes_before=len(votes_before),
        meetings_during=len(meetings_all) - len(meetings_before),
        votes_during=len(votes_all) - len(votes_before),
        meetings_restored=sum(1 for t in restored if t.startswith("drill-")),
        votes_restored=stored["votes"],
        missing_meetings=[t for t in meetings_before if t not in restored],
        missing_votes=stored["votes_missing"],
        half_written=[t for t, n in restored.items() if n != 3],
        unknown=[
            t for t in restored if t.startswith("drill-") and t not in stream.attempted
        ],
    )
