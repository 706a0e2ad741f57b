"""The kill -9 harness: writes stream in, the server dies at random, nothing is lost.

Used by tests/reliability/test_durability.py (short) and bench/bench_durability.py
(long). A real server (gunicorn, two workers) runs in its own process group on a
loopback port against a real database; a client streams writes through the JSON
API (meetings with three segments: all-or-nothing) and records every write the
server acknowledged. At a random moment the whole process group gets SIGKILL; the
server restarts; every acknowledged write must be there, complete.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from tests.cli.forkrun import ForkServer

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Harness:
    data_dir: Path
    database_url: str = ""
    port: int = field(default_factory=free_port)
    workers: int = 2
    process: subprocess.Popen[bytes] | None = None
    token: str = ""
    process_id: str = ""
    _commands: ForkServer | None = field(default=None, repr=False)
    _commands_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "TEST_DB_NAME"}
        }
        env.update(
            BACKCHANNEL_DATA_DIR=str(self.data_dir),
            DJANGO_SETTINGS_MODULE="backchannel.settings",
            DEBUG="true",  # lets a DATABASE_URL deployment generate its keys into data_dir
            SECURE_COOKIES="false",
            SECURE_SSL_REDIRECT="false",
            # Scripted clients have no authenticator app.
            BACKCHANNEL_REQUIRE_MFA="false",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def seed_schema(self, template: Path) -> None:
        """Start this SQLite deployment from ``template``, a database that
        ``migrate`` built once for the session (the ``migrated_sqlite`` fixture):
        under load a fresh migrate takes over a minute per deployment, and the
        schema is the same every time. The data directory holds nothing else
        (its keys are made on first use, as on a fresh install), and a later
        ``migrate`` still runs, finding nothing to do."""
        if self.database_url:
            raise ValueError("seed_schema is for SQLite deployments only")
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copy2(template, self.data_dir / "backchannel.sqlite3")

    def manage(self, *args: str, stdin: str | None = None) -> str:
        """Run ``backchannel ARGS`` for this deployment and return its standard
        output; a non-zero exit raises ``CalledProcessError`` with its output.

        Each command runs in a process of its own, forked from one process per
        deployment that has already set Django up (tests/cli/forkrun.py): a
        fresh interpreter per command spent seconds of CPU importing Django and
        the app before doing anything, a dozen times per drill. The fork server
        starts at the first command, so it reads the data directory (keys
        copied in, a seeded schema) as that command would have. A command that
        reads standard input gets a real subprocess."""
        if stdin is not None:
            return self._subprocess(*args, stdin=stdin)
        with self._commands_lock:
            if self._commands is None:
                scratch = self.data_dir.with_name(f"{self.data_dir.name}-commands")
                self._commands = ForkServer(env=self.env, scratch=scratch)
                self._commands.start()
                weakref.finalize(self, self._commands.stop)
            result = self._commands.run(list(args))
        if result.returncode:
            raise subprocess.CalledProcessError(
                result.returncode,
                ["backchannel", *args],
                output=result.stdout,
                stderr=result.stderr,
            )
        return result.stdout

    def _subprocess(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "backchannel", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,  # a migrate on a loaded, shared machine has taken > 120 s
            check=True,
        )
        return result.stdout

    def close(self) -> None:
        """Stop the deployment's command process (started by :meth:`manage`)."""
        with self._commands_lock:
            if self._commands is not None:
                self._commands.stop()
                self._commands = None

    def setup(self) -> None:
        self.manage("migrate", "--noinput", "-v0")
        script = (
            "from backchannel.accounts.services import *\n"
            "from backchannel.processes.services import process_create\n"
            "u = user_create(username='durability', password='durability-passphrase')\n"
            "o = organisation_create(name='Durability Org')\n"
            "membership_set(organisation=o, user=u, role='convener')\n"
            "p = process_create(actor=u, organisation=o, title='Durability', track='2',"
            " stage='negotiation', approach='problem_solving', sides=['A', 'B'])\n"
            "print(api_token_create(user=u)[1], p.pk)\n"
        )
        out = self.manage("shell", "-c", script).split()
        self.token, self.process_id = out[-2], out[-1]

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "backchannel.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Generous: on a loaded shared machine gunicorn on PostgreSQL has taken > 30 s.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/healthz", timeout=1
                ):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start within 120 s")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def create_meeting(self, title: str) -> bool:
        body = json.dumps(
            {
                "title": title,
                "date": "2027-01-01",
                "segments": [
                    {"title": f"{title}-{i}", "record_rule": "chatham_house"}
                    for i in range(3)
                ],
            }
        ).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/processes/{self.process_id}/meetings",
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return response.status == 201
        except (urllib.error.URLError, OSError, TimeoutError):
            return False

    def stored_meetings(self) -> dict[str, int]:
        script = (
            "from backchannel.meetings.models import Meeting\n"
            "import json\n"
            "print(json.dumps({str(m.title): m.segments.count() for m in Meeting.objects.all()}))\n"
        )
        return dict(
            json.loads(self.manage("shell", "-c", script).strip().splitlines()[-1])
        )


@dataclass
class RoundResult:
    acknowledged: int
    lost: list[str]
    half_written: list[str]


def run_rounds(
    harness: Harness, rounds: int, seconds: float, seed: int = 0
) -> list[RoundResult]:
    rng = random.Random(seed)
    acked: list[str] = []
    results = []
    for r in range(rounds):
        harness.start()
        stop = threading.Event()
        counter = iter(range(10**9))

        def writer(
            stop: threading.Event = stop, r: int = r, counter: object = counter
        ) -> None:
            while not stop.is_set():
                title = f"r{r}-w{next(counter)}"  # type: ignore[call-overload]
                if harness.create_meeting(title):
                    acked.append(title)

        threads = [threading.Thread(target=writer) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.2, seconds))
        harness.kill()
        stop.set()
        for t in threads:
            t.join(timeout=10)
        stored = harness.stored_meetings()
        lost = [t for t in acked if t not in stored]
        half = [t for t, n in stored.items() if n != 3]
        results.append(RoundResult(len(acked), lost, half))
    return results
