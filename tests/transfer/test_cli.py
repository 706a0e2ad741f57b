"""``backchannel gate``: exit status, JSON shape, caret report, stdin, bad input."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.transfer.corpus import CORPUS

# Subprocesses on SQLite data directories of their own, or settings only:
# the same on any database.
pytestmark = pytest.mark.no_db_difference

ROSTER = str(CORPUS / "roster.csv")


class Stdin(io.StringIO):
    """call_command's stdin: the command reads bytes from .buffer."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.buffer = io.BytesIO(data)


def gate(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
    out = io.StringIO()
    extra = {"stdin": Stdin(stdin)} if stdin is not None else {}
    try:
        call_command("gate", *args, stdout=out, **extra)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def docs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "clean": "Prices rose, and young people left the park.\n",
        "leak": "Minutes\nWe then heard from Lindqvist, and from\nMs Young.\n",
    }
    paths = {}
    for name, text in files.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_a_clean_file_exits_0(docs: dict[str, Path]) -> None:
    code, out = gate("--roster", ROSTER, str(docs["clean"]))
    assert code == 0
    assert f"{docs['clean']}: clean" in out
    assert "1 file checked, 0 with findings, 0 findings." in out


def test_findings_exit_1_with_the_line_and_a_caret(docs: dict[str, Path]) -> None:
    code, out = gate("--roster", ROSTER, str(docs["clean"]), str(docs["leak"]))
    assert code == 1
    lines = out.splitlines()
    i = lines.index(
        f"{docs['leak']}:2:20: name 'Lindqvist' (participant: Ines Lindqvist; "
        "surname) -> [a participant from Varnia]"
    )
    assert lines[i + 1] == "    We then heard from Lindqvist, and from"
    assert lines[i + 2] == "    " + " " * 19 + "^" * 9
    assert f"{docs['leak']}:3:4: name 'Young'" in out
    assert lines[-1] == "2 files checked, 1 with findings, 2 findings."


def test_json_lists_one_object_per_file(docs: dict[str, Path]) -> None:
    code, out = gate(
        "--roster", ROSTER, "--format", "json", str(docs["clean"]), str(docs["leak"])
    )
    assert code == 1
    assert json.loads(out) == [
        {"file": str(docs["clean"]), "findings": []},
        {
            "file": str(docs["leak"]),
            "findings": [
                {
                    "participant": "Ines Lindqvist",
                    "kind": "name",
                    "start": 27,
                    "end": 36,
                    "text": "Lindqvist",
                },
                {
                    "participant": "Grace Young",
                    "kind": "name",
                    "start": 50,
                    "end": 55,
                    "text": "Young",
                },
            ],
        },
    ]


def test_a_dash_reads_standard_input() -> None:
    code, out = gate(
        "--roster", ROSTER, "--format", "json", "-", stdin="Núñez's draft".encode()
    )
    assert code == 1
    assert json.loads(out)[0]["findings"][0]["text"] == "Núñez"
    code, out = gate("--roster", ROSTER, "-", stdin=b"Nothing to see.")
    assert (code, out.splitlines()[0]) == (0, "<stdin>: clean")


def test_a_file_that_is_not_utf8_is_refused_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Jos\xe9 N\xfa\xf1ez".encode("latin-1"))
    with pytest.raises(
        CommandError, match=r"latin1.txt \(line 1\): not UTF-8 \(byte 0xe9"
    ) as caught:
        gate("--roster", ROSTER, str(path))
    assert caught.value.returncode == 2
    with pytest.raises(
        CommandError, match=r"<stdin> \(line 1\): UTF-16 text"
    ) as caught:
        gate("--roster", ROSTER, "-", stdin=b"\xff\xfe")
    assert caught.value.returncode == 2


def test_a_missing_file_is_refused_with_exit_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"nope\.txt: cannot read it") as caught:
        gate("--roster", ROSTER, str(tmp_path / "nope.txt"))
    assert caught.value.returncode == 2


def test_a_bad_roster_is_refused_naming_line_and_column(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,aliases,title,affiliation,side,email\nAnn Kovar,,,,,ann@\n",
        encoding="utf-8",
    )
    with pytest.raises(
        CommandError, match=r"line 2, column 'email': 'ann@' is not an email"
    ) as caught:
        gate("--roster", str(roster), "-", stdin=b"x")
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="cannot read the roster") as caught:
        gate("--roster", str(tmp_path / "missing.csv"), "-", stdin=b"x")
    assert caught.value.returncode == 2


def test_the_console_script_exits_0_1_and_2(
    tmp_path: Path, docs: dict[str, Path]
) -> None:
    """Real exit statuses, through the `backchannel` entry point."""
    script = shutil.which("backchannel", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "backchannel"]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["BACKCHANNEL_DATA_DIR"] = str(tmp_path)

    def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [*command, "gate", "--roster", ROSTER, *args],
            input=stdin,
            capture_output=True,
            env=env,
            timeout=60,
        )

    assert run(str(docs["clean"])).returncode == 0
    leak = run("--format", "json", "-", stdin=b"Ms Young")
    assert leak.returncode == 1
    assert json.loads(leak.stdout)[0]["findings"][0]["participant"] == "Grace Young"
    bad = run("-", stdin=b"\xe9t\xe9")
    assert bad.returncode == 2
    assert b"not UTF-8" in bad.stderr
