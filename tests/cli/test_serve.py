from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import backchannel

# Subprocesses on SQLite data directories of their own, or settings only:
# the same on any database.
pytestmark = pytest.mark.no_db_difference

STATIC = Path(backchannel.__file__).parent / "static"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local URL
        return response.status, response.read()


def test_serve_refuses_a_port_that_is_not_one() -> None:
    with pytest.raises(CommandError, match="--port 0 is not a port"):
        call_command("serve", "--port", "0")


def test_the_console_script_runs_the_demo_and_serves_static_files(
    tmp_path: Path,
) -> None:
    """`backchannel demo` end to end, in a fresh data directory: migrate, load,
    serve with DEBUG off, static files included."""
    script = shutil.which("backchannel", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "backchannel"]
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(BACKCHANNEL_DATA_DIR=str(tmp_path), DEBUG="false", PYTHONUNBUFFERED="1")
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*command, "demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 45
        while True:
            try:
                status, _ = get(f"{base}/healthz")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp_path / "serve.log").read_text())
                time.sleep(0.2)
        assert status == 200
        output = (tmp_path / "serve.log").read_text()
        assert "demo-convener" in output and "demo-convener-2026" in output
        assert f"Serving on {base}/" in output
        static = sorted(
            p for p in STATIC.rglob("*") if p.is_file() and p.name != ".keep"
        )
        if static:
            name = static[0].relative_to(STATIC).as_posix()
            status, body = get(f"{base}/static/{name}")
            assert (status, body) == (200, static[0].read_bytes())
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
