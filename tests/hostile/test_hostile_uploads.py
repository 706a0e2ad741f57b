"""Every way a file or payload enters, fed oversized, truncated, mis-encoded,
formula-laden (CSV injection) and compressed (zip bomb) input, through the
interface a user would use (CLI, JSON API): each is refused with an error that
names the problem and the fix, and the database is left exactly as it was.

Each path first accepts its valid input under the same limits, so a refusal is
the hostile part's doing. The API is not an import: formula-like text sent to it
is data (a statement may start with "="), defused on every CSV export instead
(tests/hostile/test_csv_exports.py).
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from backchannel.accounts.services import api_token_create
from tests.world import World

DATA = Path(__file__).resolve().parents[1] / "data"
LIMIT_SLACK = 1024

FORMULAS = {
    "formula_eq": "=cmd|' /C calc'!A0",
    "formula_plus": '+HYPERLINK("https://evil.example/?x","click")',
    "formula_minus": "-2+3+cmd|' /C calc'!A0",
    "formula_at": "@SUM(1+9)*cmd|' /C calc'!A0",
    "formula_tab": "\t=1+1",
    "formula_cr": '\r=HYPERLINK("https://evil.example")',
}
ENCODINGS = ("utf16", "latin1")
COMMON = ("too_large", "truncated", *ENCODINGS, "zip_bomb")


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def zip_bomb() -> bytes:
    """16 MiB of zeros in about 16 KiB: what a decompressing importer would inflate."""
    return gzip.compress(b"\0" * (16 << 20), compresslevel=9)


def cut_mid_line(data: bytes) -> bytes:
    """The file cut in the middle of its last line, as a failed copy leaves it."""
    body = data.rstrip(b"\n")
    start = body.rfind(b"\n") + 1
    return body[: start + 3 * (len(body) - start) // 4]


@dataclass
class Entry:
    """One entry path: how to build its valid input, inject a formula, and run it."""

    valid: Callable[[], str]
    inject: Callable[[str], str]
    run: Callable[[Path, bytes], str]  # raises CommandError / returns output
    truncated: Callable[[bytes], bytes] = cut_mid_line


def hostile(kind: str, path: Entry, limit: int) -> bytes:
    text = path.valid()
    data = text.encode()
    if kind == "too_large":
        return data + b" " * (limit - len(data) + 1)
    if kind == "truncated":
        return path.truncated(data)
    if kind == "utf16":
        return text.encode("utf-16")
    if kind == "latin1":  # Latin-1 bytes such as "é" inside the text, not at its end
        return text.replace(" ", " Café ", 1).encode("latin-1", errors="replace")
    if kind == "zip_bomb":
        return zip_bomb()
    return path.inject(FORMULAS[kind]).encode()


# -- the paths -----------------------------------------------------------------

EXAMPLE = (DATA / "process-example.json").read_text(encoding="utf-8")


def _process_json() -> str:
    return EXAMPLE


def _process_inject(formula: str) -> str:
    doc = json.loads(EXAMPLE)
    doc["participants"][0]["name"] = formula
    return json.dumps(doc, ensure_ascii=False)


def _run_import(tmp: Path, data: bytes) -> str:
    path = tmp / "process.json"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import", str(path), "--organisation", "home", stdout=out)
    return out.getvalue()


ROSTER = (
    "name,aliases,title,affiliation,side,email\n"
    'Aldo Ferrant,Aldo;A. Ferrant,Elder,"Calder Council, North",Calder,aldo@example.org\n'
    "Béatrice Norland,,Farmer,Norland Union,Norland,bea@example.org\n"
)


def _roster_inject(formula: str) -> str:
    cell = '"' + formula.replace('"', '""') + '"'
    return ROSTER.replace("Béatrice Norland", cell)


def _run_gate_roster(tmp: Path, data: bytes) -> str:
    roster = tmp / "roster.csv"
    roster.write_bytes(data)
    doc = tmp / "note.txt"
    doc.write_text("Nothing identifying here.", encoding="utf-8")
    return _gate("--roster", str(roster), str(doc))


def _gate(*args: str) -> str:
    out = io.StringIO()
    try:
        call_command("gate", *args, stdout=out)
    except SystemExit as exc:  # 1: findings; the run itself succeeded
        assert exc.code == 1
    return out.getvalue()


DOCUMENT = (
    "Minutes of the Merrow walk: Aldo Ferrant spoke for the herders. Café après.\n"
)


def _cut_mid_character(data: bytes) -> bytes:
    return data[: data.index("é".encode()) + 1]


def _run_gate_document(tmp: Path, data: bytes) -> str:
    roster = tmp / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    doc = tmp / "note.txt"
    doc.write_bytes(data)
    return _gate("--roster", str(roster), str(doc))


COMMENTS = (
    "timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,comment-body\n"
    "1,1,0,1,0,1,false,Grazing routes should be mapped jointly\n"
    '2,2,1,0,1,1,false,"Les itinéraires, en hiver, restent ouverts"\n'
)
VOTES = "timestamp,comment-id,voter-id,vote\n1,1,0,1\n2,2,1,-1\n3,1,1,-1\n4,2,0,1\n"


def _comments_inject(formula: str) -> str:
    cell = '"' + formula.replace('"', '""') + '"'
    return COMMENTS.replace("Grazing routes should be mapped jointly", cell)


def _run_analyze(tmp: Path, data: bytes) -> str:
    folder = tmp / "polis"
    folder.mkdir(exist_ok=True)
    (folder / "comments.csv").write_bytes(data)
    (folder / "votes.csv").write_text(VOTES, encoding="utf-8")
    out = io.StringIO()
    call_command("analyze", str(folder), stdout=out)
    return out.getvalue()


# The roster of ``backchannel seat import`` (issue 16.3); its last line is long
# and plain ASCII so that a file cut mid-line loses fields, not a character.
SEATING = (
    "name,side,role,affiliation\n"
    'Aldo Ferrant,North,participant,"Calder Council, North"\n'
    "Beatrice Norland-Castellane of the Upper River Valley Estate,South,observer,\n"
)


def _seating_inject(formula: str) -> str:
    cell = '"' + formula.replace('"', '""') + '"'
    return SEATING.replace("Aldo Ferrant", cell).replace("Beatrice", "Bea")


def _run_seat_import(tmp: Path, data: bytes) -> str:
    from backchannel.processes.models import Process

    process = Process.objects.filter(
        organisation__slug="home", seats__role="interpreter"
    ).first()
    roster = tmp / "seating.csv"
    roster.write_bytes(data)
    out = io.StringIO()
    call_command(
        "seat",
        "import",
        str(process.pk),
        str(roster),
        "--as",
        "org-convener",
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


PATHS = {
    "import": Entry(_process_json, _process_inject, _run_import),
    "seat-import": Entry(lambda: SEATING, _seating_inject, _run_seat_import),
    "gate-roster": Entry(lambda: ROSTER, _roster_inject, _run_gate_roster),
    "gate-document": Entry(
        lambda: DOCUMENT,
        lambda f: f + "\n" + DOCUMENT,
        _run_gate_document,
        truncated=_cut_mid_character,
    ),
    "analyze-polis": Entry(lambda: COMMENTS, _comments_inject, _run_analyze),
}

EXPECTED = {
    "too_large": r"larger than the limit of .*BACKCHANNEL_MAX_UPLOAD_BYTES",
    "utf16": r"UTF-16.*(save|export) it as UTF-8|UTF-16.*iconv",
    "latin1": r"not UTF-8.*(iconv|UTF-8)",
    "zip_bomb": r"compressed file or archive \(gzip\).*not opened.*[Dd]ecompress it",
    "formula": r"formula.*spreadsheet.*remove that first character, or put a '",
}
TRUNCATED = {
    "import": r"not valid JSON at line \d+, column \d+",
    "gate-roster": r"line 3: expected 6 fields",
    "seat-import": r"line 3: Expected 4 fields",
    "gate-document": r"ends in the middle of a character: the file is truncated",
    "analyze-polis": r"line 3, column 'comment-body': the file ends inside a quoted "
    r"field: it is truncated",
}
# Documents checked by the gate are prose that is never stored nor exported:
# a formula in one is just text (and is checked for names like any other).
# A Pol.is export read for analysis is data: reading is not opening it in a
# spreadsheet (real exports hold statements starting with "@" or "="); what
# Backchannel writes escapes formulas instead (tests/consultations/
# test_export_formulas.py).
READ_AS_TEXT = {"gate-document", "analyze-polis"}
CASES = [
    (name, kind)
    for name in PATHS
    for kind in (*COMMON, *([] if name in READ_AS_TEXT else FORMULAS))
]


@pytest.fixture
def home(world: World) -> World:
    world.org.slug = "home"
    world.org.save(update_fields=["slug"])
    return world


@pytest.mark.parametrize("name", list(PATHS))
def test_each_path_accepts_its_valid_input_under_the_same_limit(
    name: str, home: World, tmp_path: Path, settings: Any
) -> None:
    path = PATHS[name]
    settings.BACKCHANNEL_MAX_UPLOAD_BYTES = len(path.valid().encode()) + LIMIT_SLACK
    assert path.run(tmp_path, path.valid().encode())
    formula_text_is_fine = path.inject("- a bullet point, not a formula")
    assert path.run(tmp_path, formula_text_is_fine.encode())


@pytest.mark.parametrize("kind", FORMULAS)
def test_analyze_reads_a_formula_like_statement_as_text(
    kind: str, home: World, tmp_path: Path
) -> None:
    formula = hostile(kind, PATHS["analyze-polis"], 10**6)
    assert _run_analyze(tmp_path, formula)


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_hostile_input_is_refused_clearly_and_nothing_is_written(
    name: str, kind: str, home: World, tmp_path: Path, settings: Any
) -> None:
    path = PATHS[name]
    limit = len(path.valid().encode()) + LIMIT_SLACK
    settings.BACKCHANNEL_MAX_UPLOAD_BYTES = limit
    data = hostile(kind, path, limit)
    if kind != "too_large":  # each kind on its own: not refused for its size
        settings.BACKCHANNEL_MAX_UPLOAD_BYTES = max(limit, len(data) + LIMIT_SLACK)
    before = row_counts()
    with pytest.raises(CommandError) as caught:
        path.run(tmp_path, data)
    message = str(caught.value)
    if kind == "truncated":
        expected = TRUNCATED[name]
    else:
        expected = EXPECTED["formula" if kind in FORMULAS else kind]
    assert re.search(expected, message, re.S), message
    assert "\n" not in message.split(":")[0]
    assert row_counts() == before


def test_the_import_reads_standard_input_within_the_same_limit(
    home: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.BACKCHANNEL_MAX_UPLOAD_BYTES = len(EXAMPLE.encode()) + LIMIT_SLACK
    big = EXAMPLE.encode() + b" " * (2 * LIMIT_SLACK)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(big)))
    before = row_counts()
    with pytest.raises(CommandError, match="standard input: larger than the limit"):
        call_command("import", "-", "--organisation", "home")
    assert row_counts() == before
    settings.BACKCHANNEL_MAX_UPLOAD_BYTES = 3 * len(EXAMPLE.encode())
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.encode("utf-16")))
    )
    with pytest.raises(CommandError, match=r"standard input .*UTF-16"):
        call_command("import", "-", "--organisation", "home")
    assert row_counts() == before


# -- the JSON API ----------------------------------------------------------------


def _process_body(world: World) -> dict[str, Any]:
    return {
        "organisation_id": str(world.org.pk),
        "title": "Café talks",
        "track": "2",
        "stage": "negotiation",
        "approach": "problem_solving",
        "sides": ["North", "South"],
    }


API_EXPECTED = {
    "too_large": (413, r"larger than the limit of .*BACKCHANNEL_MAX_REQUEST_BYTES"),
    "truncated": (400, r"not valid JSON"),
    "utf16": (400, r"UTF-16.*UTF-8"),
    "latin1": (400, r"not UTF-8"),
    "zip_bomb": (400, r"compressed file or archive \(gzip\).*not opened"),
}


@pytest.mark.parametrize("kind", list(API_EXPECTED))
def test_the_api_refuses_hostile_bodies_and_writes_nothing(
    kind: str, world: World, settings: Any
) -> None:
    _, token = api_token_create(user=world.users["org_convener"])
    text = json.dumps(_process_body(world), ensure_ascii=False)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(text.encode()) + LIMIT_SLACK
    client = Client()

    def post(body: bytes) -> Any:
        return client.generic(
            "POST",
            "/api/processes",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    data = {
        "too_large": text.encode() + b" " * (2 * LIMIT_SLACK),
        "truncated": text.encode()[: len(text) // 2],
        "utf16": text.encode("utf-16"),
        "latin1": text.encode("latin-1"),
        "zip_bomb": zip_bomb()[:LIMIT_SLACK],
    }[kind]
    before = row_counts()
    response = post(data)
    status, pattern = API_EXPECTED[kind]
    assert response.status_code == status, response.content
    assert re.search(pattern, response.json()["detail"])
    assert row_counts() == before
    # The same body, well formed, is accepted: the refusal was the hostile part's.
    assert post(text.encode()).status_code == 201
