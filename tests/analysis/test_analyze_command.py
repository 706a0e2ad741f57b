"""`backchannel analyze`: the CLI over the Pol.is engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

DATA = Path(__file__).resolve().parents[1] / "data" / "polis"


def test_analyze_prints_the_json_shape_for_a_pol_is_export(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command(
        "analyze",
        str(DATA / "london.youth.policing"),
        "--format",
        "json",
        "--seed",
        "3",
    )
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"participants", "groups", "consensus", "pca"}
    assert result["groups"] and {"id", "size", "repness"} <= set(result["groups"][0])
    placed = [g for g in result["participants"].values() if g is not None]
    assert sum(g["size"] for g in result["groups"]) == len(placed)


def test_analyze_refuses_a_malformed_file_naming_file_line_and_column(
    tmp_path: Path,
) -> None:
    (tmp_path / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "1,x,not-a-number,1,0,0,1,hello\n"
    )
    (tmp_path / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n")
    with pytest.raises(CommandError) as info:
        call_command("analyze", str(tmp_path))
    message = str(info.value)
    assert "comments.csv" in message and "line 2" in message and "comment-id" in message


def test_analyze_names_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="not a directory"):
        call_command("analyze", str(tmp_path / "nowhere"))


# ------------------------------------------------------------ without Django

_NO_DJANGO = """
import sys
from backchannel import cli
try:
    cli.main(["backchannel", *sys.argv[1:]])
except SystemExit as exc:
    code = exc.code
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
sys.stderr.write("DJANGO:" + ",".join(loaded) + "\\n")
raise SystemExit(code)
"""


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", _NO_DJANGO, *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


def test_backchannel_analyze_runs_without_django(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The console command skips Django (no settings, checks, URLs, API schema)
    and prints exactly what the management command prints."""
    path = str(DATA / "london.youth.policing")
    done = _cli("analyze", path, "--format", "json", "--seed", "3")
    assert done.returncode == 0, done.stderr
    assert "DJANGO:\n" in done.stderr  # not one django module was imported
    call_command("analyze", path, "--format", "json", "--seed", "3")
    assert json.loads(done.stdout) == json.loads(capsys.readouterr().out)


def test_python_m_backchannel_analysis_text_summary() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "backchannel.analysis", str(DATA / "brexit-consensus")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("204 participants, 189 in 2 opinion groups.")
    assert "Group 0 (" in done.stdout


def test_analyze_without_django_names_file_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "comments.csv").write_text(
        'comment-id,moderated,comment-body\n1,1,"cut short\n', encoding="utf-8"
    )
    (tmp_path / "votes.csv").write_text("comment-id,voter-id,vote\n1,1,1\n")
    done = _cli("analyze", str(tmp_path))
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert "comments.csv, line 2, column 'comment-body'" in first
    assert "truncated" in first and "Fix:" in first


def test_analyze_without_django_reads_the_upload_limit(tmp_path: Path) -> None:
    done = _cli(
        "analyze",
        str(DATA / "london.youth.policing"),
        env={"BACKCHANNEL_MAX_UPLOAD_BYTES": "2048"},
    )
    assert done.returncode == 1
    assert "comments.csv: larger than the limit of 2 KiB" in done.stderr
    assert "BACKCHANNEL_MAX_UPLOAD_BYTES" in done.stderr
    bad = _cli(
        "analyze",
        str(DATA / "london.youth.policing"),
        env={"BACKCHANNEL_MAX_UPLOAD_BYTES": "lots"},
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("Configuration error: Unexpected value")


def test_python_m_backchannel_analysis_takes_its_limit_as_an_option() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "backchannel.analysis",
            str(DATA / "london.youth.policing"),
            "--max-bytes",
            "2048",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "comments.csv: larger than the limit of 2 KiB" in done.stderr


_HEAVY = """
import sys
from backchannel import cli
try:
    cli.main(["backchannel", *sys.argv[1:]])
except SystemExit as exc:
    code = exc.code
heavy = ("scipy.sparse.linalg", "scipy.spatial", "django")
loaded = sorted(m for m in sys.modules if m.startswith(heavy))
sys.stderr.write("HEAVY:" + ",".join(loaded) + "\\n")
raise SystemExit(code)
"""


def test_backchannel_analyze_of_a_wide_export_imports_no_eigensolver_or_tree(
    tmp_path: Path,
) -> None:
    """Start-up: 400 statements (above the dense PCA's 300) are solved by
    NumPy's Lanczos and clustered without a k-d tree, so neither
    ``scipy.sparse.linalg`` nor ``scipy.spatial`` (a third of a second each to
    import) is loaded."""
    from backchannel.analysis import write_polis_export
    from backchannel.analysis.synthetic import make_conversation

    conv = make_conversation(2100, 400, seed=3)
    write_polis_export(tmp_path, conv.votes)
    done = subprocess.run(
        [sys.executable, "-c", _HEAVY, "analyze", str(tmp_path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "HEAVY:\n" in done.stderr, done.stderr
    result = json.loads(done.stdout)
    assert len(result["participants"]) == 2100
    assert sum(g["size"] for g in result["groups"]) > 2000


def test_importing_the_package_loads_no_numpy_until_a_name_is_used() -> None:
    """``python -m backchannel.analysis`` asks for one BLAS thread in its
    ``__main__`` before NumPy starts: the package imports its submodules on
    first use (PEP 562), and every public name still resolves."""
    code = (
        "import sys, backchannel.analysis as a\n"
        "print('numpy' in sys.modules)\n"
        "print(all(getattr(a, n) is not None for n in a.__all__))\n"
        "print('numpy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True"]
