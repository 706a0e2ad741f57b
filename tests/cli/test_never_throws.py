"""A CLI that never throws (issue 22, 6): every command of the README's
command table, fed a missing directory, an unwritable path, no terminal, a
wrong master key, an unmigrated database, a nonexistent id or a malformed
file, prints one line naming the problem and the fix and exits non-zero.

Each case runs in a process of its own, with standard input closed (no
terminal), against one of three data directories: ``ready`` (the demo loaded),
``empty`` (keys but a database never migrated) and ``ready`` with a wrong
``BACKCHANNEL_MASTER_KEY``. The first case of each and the ones whose data
directory cannot even be created run the real ``backchannel`` console script;
the others are forked from one set-up process per deployment
(tests/cli/forkrun.py), which saves the interpreter's start and Django's set-up
on each (several seconds apiece).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.forkrun import ForkServer

pytestmark = pytest.mark.no_db_difference

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "data" / "process-example.json"
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (INFO|WARNING) ")


def _command() -> list[str]:
    script = shutil.which("backchannel", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "backchannel"]


def _env(data_dir: Path | str, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "TEST_DB_NAME"}
        and not k.startswith(("BACKCHANNEL_", "DJANGO_SETTINGS"))
    }
    env.update(BACKCHANNEL_DATA_DIR=str(data_dir), DEBUG="false", **extra)
    return env


def run(
    data_dir: Path | str, args: list[str], **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_command(), *args],
        env=_env(data_dir, **extra),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@dataclass
class Places:
    ready: Path
    empty: Path
    files: Path
    process: str
    meeting: str
    backup: Path


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Places:
    base = tmp_path_factory.mktemp("never-throws")
    ready, empty, files = base / "ready", base / "empty", base / "files"
    files.mkdir()
    result = run(ready, ["demo", "--no-serve"])
    assert result.returncode == 0, result.stderr
    empty.mkdir()
    for name in ("master.key", "secret.key"):
        shutil.copy(ready / name, empty / name)
    ids = run(
        ready,
        [
            "shell",
            "-c",
            "from backchannel.processes.models import Process;"
            "from backchannel.meetings.models import Meeting;"
            "p = Process.objects.filter(meetings__isnull=False).first();"
            "print(p.pk, p.meetings.first().pk)",
        ],
    ).stdout.split()
    (files / "bad.json").write_text('{"format": "backchannel-process", ', "utf-8")
    (files / "latin1.txt").write_bytes("Zoë Müller".encode("latin-1"))
    (files / "existing").write_text("keep me\n", "utf-8")
    (files / "existing").chmod(0o644)
    (files / "link").symlink_to(files / "link-target")
    (files / "doc.txt").write_text("A note.\n", "utf-8")
    backup = files / "snapshot.bak"
    assert run(ready, ["backup", "-o", str(backup)]).returncode == 0
    return Places(ready, empty, files, ids[-2], ids[-1], backup)


WRONG_KEY = {"BACKCHANNEL_MASTER_KEY": base64.b64encode(b"\x07" * 32).decode()}
UNWRITABLE = "/proc/backchannel-data"

# (command of the README's table, where, arguments, extra environment)
# ``{...}`` fields are filled from Places; "unwritable" runs with a data
# directory that cannot be created.
CASES: list[tuple[str, str, list[str], dict[str, str]]] = [
    ("demo", "unwritable", ["demo", "--no-serve"], {}),
    ("serve", "ready", ["serve", "--port", "70000"], {}),
    ("migrate", "unwritable", ["migrate"], {}),
    ("organisation", "empty", ["organisation", "list"], {}),
    ("organisation", "ready", ["organisation", "rename", "nope", "--name", "X"], {}),
    (
        "organisation",
        "ready",
        ["organisation", "create", "Not A Slug", "--name", "X"],
        {},
    ),
    ("setup-token", "empty", ["setup-token"], {}),
    ("setup-token", "ready", ["setup-token"], {}),
    ("createuser", "ready", ["createuser", "newcomer"], {}),  # no terminal
    ("createuser", "empty", ["createuser", "newcomer", "--password-stdin"], {}),
    ("resetpassword", "ready", ["resetpassword", "demo-convener"], {}),
    ("resetpassword", "ready", ["resetpassword", "nobody", "--password-stdin"], {}),
    ("token", "ready", ["token", "create", "nobody"], {}),
    ("token", "empty", ["token", "create", "demo-convener"], {}),
    ("export", "ready", ["export", "{process}", "-o", "/missing-dir/x.json"], {}),
    ("export", "ready", ["export", "{process}", "-o", "{files}/existing"], {}),
    ("export", "ready", ["export", "{process}", "-o", "{files}/link"], {}),
    ("export", "ready", ["export", "{process}"], WRONG_KEY),
    ("export", "ready", ["export", "00000000-0000-4000-8000-000000000000"], {}),
    ("import", "ready", ["import", "{files}/bad.json"], {}),
    ("import", "ready", ["import", "{files}/latin1.txt"], {}),
    ("import", "ready", ["import", "/missing-dir/process.json"], {}),
    ("import", "ready", ["import", str(EXAMPLE), "--organisation", "nope"], {}),
    ("import", "empty", ["import", str(EXAMPLE)], {}),
    (
        "seat",
        "ready",
        ["seat", "import", "{process}", "{files}/latin1.txt", "--as", "demo-convener"],
        {},
    ),
    (
        "seat",
        "ready",
        ["seat", "import", "abcdef12", "{files}/doc.txt", "--as", "demo-convener"],
        {},
    ),
    (
        "seat",
        "ready",
        ["seat", "import", "{process}", "/missing-dir/r.csv", "--as", "demo-convener"],
        {},
    ),
    (
        "seat",
        "ready",
        ["seat", "import", "{process}", "{files}/doc.txt", "--as", "nobody"],
        {},
    ),
    (
        "seat",
        "empty",
        ["seat", "import", "abcdef12", "{files}/doc.txt", "--as", "x"],
        {},
    ),
    ("invite", "ready", ["invite", "list", "abcdef12", "--as", "demo-convener"], {}),
    (
        "invite",
        "ready",
        ["invite", "create", "{process}", "--all", "--as", "nobody"],
        {},
    ),
    ("person", "ready", ["person", "login", "abcdef12", "--as", "demo-convener"], {}),
    ("person", "ready", ["person", "unlink-login", "abcdef12", "--as", "nobody"], {}),
    ("person", "empty", ["person", "login", "abcdef12", "--as", "x"], {}),
    ("process", "ready", ["process", "destroy", "abcdef12", "--yes"], {}),
    ("process", "empty", ["process", "retention"], {}),
    ("keys", "ready", ["keys", "rotate"], WRONG_KEY),
    ("keys", "empty", ["keys", "rotate"], {}),
    ("audit", "ready", ["audit", "checkpoint", "--output", "/missing-dir/c.json"], {}),
    ("audit", "ready", ["audit", "checkpoint", "--output", "{files}/existing"], {}),
    ("audit", "ready", ["audit", "verify", "--checkpoint", "{files}/bad.json"], {}),
    ("audit", "empty", ["audit", "verify"], {}),
    ("inventory", "ready", ["inventory", "--output", "/missing-dir/i.md"], {}),
    ("inventory", "ready", ["inventory", "--output", "{files}/link"], {}),
    ("analyze", "ready", ["analyze", "/missing-dir"], {}),
    ("analyze", "ready", ["analyze", "{files}/bad.json"], {}),
    ("record", "ready", ["record", "{meeting}"], WRONG_KEY),
    ("record", "ready", ["record", "abcdef12"], {}),
    ("record", "empty", ["record", "abcdef12"], {}),
    ("airtime", "ready", ["airtime", "abcdef12"], {}),
    ("ideas", "ready", ["ideas", "{process}"], WRONG_KEY),
    ("ideas", "ready", ["ideas", "abcdef12"], {}),
    ("translation", "ready", ["translation", "export", "abcdef12"], {}),
    ("evaluation", "ready", ["evaluation", "abcdef12"], {}),
    ("evaluation", "ready", ["evaluation", "{process}"], WRONG_KEY),
    (
        "report",
        "ready",
        ["report", "{process}", "--format", "html", "--output", "/missing-dir/r.html"],
        {},
    ),
    (
        "report",
        "ready",
        ["report", "abcdef12", "--format", "html", "--output", "{files}/r.html"],
        {},
    ),
    (
        "gate",
        "ready",
        ["gate", "--roster", "/missing-dir/r.csv", "{files}/doc.txt"],
        {},
    ),
    (
        "gate",
        "ready",
        ["gate", "--roster", "{files}/latin1.txt", "{files}/doc.txt"],
        {},
    ),
    ("output", "ready", ["output", "list", "{process}", "--as", "nobody"], {}),
    ("output", "ready", ["output", "export", "abcdef12", "--as", "demo-convener"], {}),
    (
        "output",
        "ready",
        ["output", "ledger", "{process}", "--as", "demo-participant"],
        {},
    ),
    ("backup", "ready", ["backup", "-o", "/missing-dir/b.bak"], {}),
    ("backup", "ready", ["backup", "-o", "{files}/existing"], {}),
    ("backup", "ready", ["backup", "-o", "{files}/link"], {}),
    ("backup", "empty", ["backup", "-o", "{files}/never.bak"], {}),
    ("restore", "empty", ["restore", "{backup}"], {}),  # never migrated
    ("restore", "ready", ["restore", "{files}/bad.json"], {}),
    ("restore", "ready", ["restore", "/missing-dir/b.bak"], {}),
    ("consultation", "ready", ["consultation", "export", "abcdef12", "{files}"], {}),
    ("consultation", "ready", ["consultation", "analyze", "abcdef12"], {}),
    ("db_worker", "empty", ["db_worker"], {}),
    ("doctor", "empty", ["doctor"], {}),
]


def _readme_commands() -> set[str]:
    """The first word of every ``backchannel …`` in the README's command table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Command line", 1)[1].split("\n\n", 2)[2]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    names = set()
    for row in rows:
        first_cell = row.split(" | ", 1)[0]
        names |= set(re.findall(r"`backchannel ([a-z_-]+)", first_cell))
    return names


def test_every_command_of_the_readme_table_is_fed_bad_input_here() -> None:
    commands = _readme_commands()
    assert len(commands) > 25
    assert commands <= {case[0] for case in CASES}, commands - {c[0] for c in CASES}


def _fill(arg: str, places: Places) -> str:
    return arg.format(
        process=places.process,
        meeting=places.meeting,
        files=places.files,
        backup=places.backup,
    )


@pytest.fixture(scope="module")
def servers(places: Places) -> Iterator[dict[tuple[str, bool], ForkServer]]:
    """One fork server per deployment (data directory, right or wrong key),
    started on first use."""
    started: dict[tuple[str, bool], ForkServer] = {}
    yield started
    for server in started.values():
        server.stop()


def _run_case(
    servers: dict[tuple[str, bool], ForkServer],
    data_dir: Path | str,
    args: list[str],
    extra: dict[str, str],
    base: Path,
) -> subprocess.CompletedProcess[str]:
    key = (str(data_dir), bool(extra))
    if data_dir == UNWRITABLE or key not in servers:
        # A real console script: settings that cannot load, and the first case
        # of each deployment (which also proves the deployment itself is sound).
        result = run(data_dir, args, **extra)
        if data_dir != UNWRITABLE:
            server = ForkServer(
                _env(data_dir, **extra), base / f"server-{len(servers)}"
            )
            server.start()
            servers[key] = server
        return result
    return servers[key].run(args)


@pytest.mark.parametrize(
    ("command", "where", "args", "extra"),
    CASES,
    ids=[f"{c[1]}: {' '.join(c[2])}" for c in CASES],
)
def test_bad_input_gets_one_line_and_a_non_zero_exit(
    places: Places,
    servers: dict[tuple[str, bool], ForkServer],
    command: str,
    where: str,
    args: list[str],
    extra: dict[str, str],
) -> None:
    data_dir = {"ready": places.ready, "empty": places.empty}.get(where, UNWRITABLE)
    before = (places.files / "existing").read_bytes()
    result = _run_case(
        servers,
        data_dir,
        [_fill(a, places) for a in args],
        extra,
        places.files.parent,
    )
    lines = [
        line for line in result.stderr.strip().splitlines() if not LOG_LINE.match(line)
    ]
    assert result.returncode != 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    if command != "doctor":  # doctor lists every check, then says what to fix
        assert len(lines) == 1, result.stderr
        assert len(lines[0]) > 30, lines  # the problem and the fix, not a code
    # Nothing already there was lost or loosened.
    assert (places.files / "existing").read_bytes() == before
    assert stat.S_IMODE((places.files / "existing").stat().st_mode) == 0o644
    assert (places.files / "link").is_symlink()
    assert not (places.files / "link-target").exists()
    assert not (places.files / "never.bak").exists()
