"""`backchannel analyze`: the CLI over the Pol.is engine."""

from __future__ import annotations

import json
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
