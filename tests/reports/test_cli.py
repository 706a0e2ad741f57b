"""``backchannel report PROCESS --format html|pdf --output FILE``."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from backchannel.processes.services import objective_update
from tests.world import World


class Terminal(io.StringIO):
    """Standard error as a terminal would be: the progress bar shows."""

    def isatty(self) -> bool:
        return True


def _run(*args: str, stderr: io.StringIO | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_writes_both_formats_owner_only(world: World, tmp_path: Path) -> None:
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    out, _err = _run(str(world.process.pk), "--format", "pdf", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "Wrote" in out and str(pdf) in out
    _run("Lakeshore Water Dialogue", "--format", "html", "-o", str(html))
    text = html.read_text()
    assert text.startswith("<!doctype html>")
    assert "Lakeshore Water Dialogue" in text and "<svg" in text
    for path in (pdf, html):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_process_by_slug_and_by_the_start_of_its_id(
    world: World, tmp_path: Path
) -> None:
    _run("lakeshore-water-dialogue", "--format", "html", "-o", str(tmp_path / "a"))
    _run(world.process.pk.hex[:8], "--format", "html", "-o", str(tmp_path / "b"))
    assert (tmp_path / "a").exists() and (tmp_path / "b").exists()


def test_progress_shows_on_a_terminal_and_hides_otherwise(
    world: World, tmp_path: Path
) -> None:
    target = str(tmp_path / "r.html")
    _, shown = _run(
        "Lakeshore Water Dialogue", "--format", "html", "-o", target, stderr=Terminal()
    )
    assert "Identification gate" in shown or "Done" in shown
    assert "━" in shown  # the bar
    _, quiet = _run(
        "Lakeshore Water Dialogue",
        "--format",
        "html",
        "-o",
        target,
        "--force",  # the first run wrote it: never replaced without --force
        "--quiet",
        stderr=Terminal(),
    )
    assert quiet == ""
    _, piped = _run(
        "Lakeshore Water Dialogue", "--format", "html", "-o", target, "--force"
    )
    assert piped == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Nowhere Dialogue"], "No process has the id, title or slug"),
        (["--format", "docx"], "invalid choice"),
    ],
)
def test_clear_errors_exit_2(
    world: World, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "r.pdf"
    argv = args if args[0] != "--format" else ["Lakeshore Water Dialogue", *args]
    with pytest.raises(CommandError) as raised:
        _run(*argv, "-o", str(target))
    assert message in str(raised.value)
    assert raised.value.returncode in (1, 2)
    assert not target.exists()


def test_an_unknown_process_or_missing_directory_exits_2(
    world: World, tmp_path: Path
) -> None:
    with pytest.raises(CommandError) as raised:
        _run("Nowhere Dialogue", "-o", str(tmp_path / "r.pdf"))
    assert raised.value.returncode == 2
    with pytest.raises(CommandError) as raised:
        _run("Lakeshore Water Dialogue", "-o", str(tmp_path / "no" / "r.pdf"))
    assert raised.value.returncode == 2
    assert "is not a directory" in str(raised.value)


def test_the_gate_refuses_and_nothing_is_written(world: World, tmp_path: Path) -> None:
    name = str(world.people["participant"].name)
    objective_update(
        access=world.access("facilitator"),
        objective=world.objective,
        text=f"{name} will draft the data annex.",
    )
    target = tmp_path / "r.pdf"
    with pytest.raises(CommandError) as raised:
        _run("Lakeshore Water Dialogue", "-o", str(target))
    assert raised.value.returncode == 2
    assert "identification gate" in str(raised.value)
    assert name in str(raised.value)
    assert not target.exists()


def test_an_existing_file_is_refused_before_any_work(
    world: World, tmp_path: Path
) -> None:
    from backchannel.core.files import FileRefused

    target = tmp_path / "r.html"
    target.write_text("an older report", encoding="utf-8")
    with pytest.raises(FileRefused, match="--force"):
        _run("Lakeshore Water Dialogue", "--format", "html", "-o", str(target))
    assert target.read_text(encoding="utf-8") == "an older report"
