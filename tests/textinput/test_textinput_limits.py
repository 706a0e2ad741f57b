"""The text-input checks take their limits as arguments; core passes the configured ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backchannel.analysis.polis_io import PolisFormatError, read_polis_export
from backchannel.core import uploads as configured
from backchannel.textinput import uploads

COMMENTS = "comment-id,moderated,comment-body\n1,1,first\n2,1,second\n"
VOTES = "timestamp,comment-id,voter-id,vote\n1,1,7,1\n2,2,7,-1\n"


@pytest.fixture
def export(tmp_path: Path) -> Path:
    (tmp_path / "comments.csv").write_text(COMMENTS)
    (tmp_path / "votes.csv").write_text(VOTES)
    return tmp_path


def test_read_text_refuses_past_the_limit_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x" * 100)
    assert uploads.read_text(path, limit=100, label="a.txt") == "x" * 100
    with pytest.raises(uploads.InputRefused) as refused:
        uploads.read_text(path, limit=99, label="a.txt")
    assert refused.value.kind == "too_large"
    assert "99 bytes" in str(refused.value)


def test_a_pol_is_export_is_read_within_the_limit_passed_in(export: Path) -> None:
    assert len(read_polis_export(export).comments) == 2
    assert len(read_polis_export(export, max_bytes=len(COMMENTS)).comments) == 2
    with pytest.raises(PolisFormatError) as refused:
        read_polis_export(export, max_bytes=len(COMMENTS) - 1)
    message = str(refused.value)
    assert "comments.csv" in message
    assert f"larger than the limit of {len(COMMENTS) - 1} bytes" in message


def test_analyze_passes_the_configured_limit(export: Path, settings) -> None:
    settings.BACKCHANNEL_MAX_UPLOAD_BYTES = len(COMMENTS) - 1
    assert configured.limit("MAX_UPLOAD_BYTES") == len(COMMENTS) - 1
    with pytest.raises(CommandError, match="larger than the limit"):
        call_command("analyze", str(export))


def test_an_unknown_limit_name_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match="MAX_UPLOAD_BYTES") as refused:
        configured.limit("MAX_UPLOADS")
    assert "'MAX_UPLOADS'" in str(refused.value)
