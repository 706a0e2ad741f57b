"""Adversary (round 3): a CLI read that never returns.

README, "Command line": "No command ends in a traceback: ... a malformed file
each give one line naming the problem and the fix, and a non-zero exit";
round 2 bounded reads (``/dev/zero`` now gives "larger than the limit").
A named pipe (FIFO) given as a file to read is not refused: the command
blocks in ``open()`` forever (``gate``, ``import`` and ``keys restore`` were
tried; each still hung after 8 s), with no line and no exit. Low severity (an
operator's own terminal), but the same class as the unbounded reads: a path
that is not a regular file should be refused before it is opened.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROSTER = Path(__file__).resolve().parents[1] / "data" / "gate" / "roster.csv"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_gate_refuses_a_named_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "doc.md"
    os.mkfifo(fifo)
    env = dict(os.environ, BACKCHANNEL_DATA_DIR=str(tmp_path / "var"))
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "backchannel",
                "gate",
                "--roster",
                str(ROSTER),
                str(fifo),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("backchannel gate is still reading a FIFO after 20 s")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
