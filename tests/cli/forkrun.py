"""Run many ``backchannel`` commands for one deployment, each in its own process,
without paying the interpreter's start and Django's set-up every time.

A :class:`ForkServer` is a child Python started with a deployment's environment
(data directory, master key, ...) exactly as a command would see it; it imports
the settings and sets Django up once, then, for each command, forks: the fork
closes its standard input, sends its output to files, calls
``backchannel.cli.main`` (what the console script calls) and exits with its
status. A command therefore still runs in a process of its own, whose exit
status, standard output and standard error are those a shell would see; only
the set-up shared by every command of the same deployment is done once. Errors
that happen while the settings load are not reachable this way: run those
commands with a real subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# The child's loop: one JSON request per line on stdin, one JSON answer per line.
_SERVER = r"""
import json, os, sys
out = os.fdopen(os.dup(1), "w")
setup_out, setup_err = sys.argv[1], sys.argv[2]
# What setting up prints, a command would print too: kept for every answer.
saved_err = os.dup(2)
for fd, path in ((1, setup_out), (2, setup_err)):
    os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
import django
django.setup()
import backchannel.urls  # what every command's system checks import anyway
from backchannel.cli import main
sys.stdout.flush()
sys.stderr.flush()
os.dup2(saved_err, 2)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        sys.stdin = open(0)
        for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        code = 0
        try:
            main(["backchannel", *request["args"]])
        except SystemExit as exc:
            if isinstance(exc.code, str):
                sys.stderr.write(exc.code + "\n")
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except BaseException:
            import traceback
            traceback.print_exc()
            code = 1
        finally:
            # What the end of a real process does: its SQLite connections
            # close, so a WAL database is checkpointed into its main file.
            try:
                from django.db import connections
                from backchannel.core import keystore
                connections.close_all()
                keystore.close()
            except BaseException:
                import traceback
                traceback.print_exc()
                code = code or 1
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    out.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
    out.flush()
"""


@dataclass
class ForkServer:
    env: dict[str, str]
    scratch: Path
    process: subprocess.Popen[str] | None = None
    count: int = 0

    def start(self) -> None:
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _SERVER,
                str(self.scratch / "setup.out"),
                str(self.scratch / "setup.err"),
            ],
            env={**self.env, "DJANGO_SETTINGS_MODULE": "backchannel.settings"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        assert self.process is not None and self.process.stdin is not None
        assert self.process.stdout is not None
        self.count += 1
        out = self.scratch / f"{self.count}.out"
        err = self.scratch / f"{self.count}.err"
        request = {"args": args, "stdout": str(out), "stderr": str(err)}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the fork server for {self.env} died")
        returncode = json.loads(answer)["returncode"]
        return subprocess.CompletedProcess(
            args, returncode, self._read("setup.out", out), self._read("setup.err", err)
        )

    def _read(self, setup: str, path: Path) -> str:
        texts = (self.scratch / setup, path)
        return "".join(p.read_text("utf-8", errors="replace") for p in texts)

    def stop(self) -> None:
        if self.process is not None:
            if self.process.stdin is not None:
                self.process.stdin.close()
            self.process.wait(timeout=60)
            self.process = None
