"""Property tests on the roster CSV parser, the gate's document input and the
shared input checks (textinput/uploads, textinput/csvsafe): any input parses or is
refused with the documented error naming its line (and column); valid input
round-trips, formulas included once escaped the way our exports escape them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from backchannel.core import uploads
from backchannel.textinput import csvsafe
from backchannel.transfer.management.commands.gate import _decode
from backchannel.transfer.roster import (
    REQUIRED_COLUMNS,
    RosterError,
    parse_roster_csv,
    read_roster_csv,
)

pytestmark = pytest.mark.no_db_difference

HEADER = ",".join(REQUIRED_COLUMNS) + "\n"
cells = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
@example(text=HEADER + "=cmd|' /C calc'!A0,,,,,\n")
@example(text=HEADER + '"unterminated')
def test_any_text_parses_or_is_refused_naming_its_line(text: str) -> None:
    try:
        roster = parse_roster_csv(text)
    except RosterError as exc:
        assert exc.line >= 1
        assert str(exc).startswith(f"line {exc.line}")
        if exc.column is not None:
            assert f"column {exc.column!r}" in str(exc)
        return
    assert roster and all(p.name and any(c.isalpha() for c in p.name) for p in roster)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(cells, min_size=6, max_size=6), max_size=5))
def test_any_table_after_the_header_parses_or_names_line_and_column(
    rows: list[list[str]],
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REQUIRED_COLUMNS)
    writer.writerows(rows)
    try:
        parse_roster_csv(out.getvalue())
    except RosterError as exc:
        assert exc.line >= 1
        # Problems inside a row name the column; only whole-row problems don't.
        if exc.column is None:
            assert (
                "fields" in str(exc)
                or "no participants" in str(exc)
                or ("unreadable" in str(exc))
            )


names = st.text(
    st.characters(categories=("L", "Zs", "P", "S", "N"), exclude_characters=";"),
    min_size=1,
    max_size=20,
).filter(lambda s: any(c.isalpha() for c in s) and s.strip() == s and "  " not in s)
plain = st.text(
    st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters=";"),
    max_size=15,
).map(str.strip)


@settings(max_examples=150, deadline=None)
@given(
    people=st.lists(
        st.tuples(names, st.lists(plain.filter(bool), max_size=3), plain, plain, plain),
        min_size=1,
        max_size=6,
    )
)
def test_a_roster_written_as_our_exports_write_round_trips(
    people: list[tuple[str, list[str], str, str, str]],
) -> None:
    """Cells escaped like every CSV export (a leading ' on formula-like text)
    come back as written: nothing lost, no formula refused."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REQUIRED_COLUMNS)
    for name, aliases, title, affiliation, side in people:
        writer.writerow(
            csvsafe.escape_row([name, ";".join(aliases), title, affiliation, side, ""])
        )
    roster = parse_roster_csv(out.getvalue())
    assert [p.name for p in roster] == [" ".join(n.split()) for n, *_ in people]
    for participant, (_, aliases, title, affiliation, side) in zip(
        roster, people, strict=True
    ):
        assert list(participant.aliases) == aliases
        assert participant.titles == ((title,) if title else ())
        assert participant.affiliations == ((affiliation,) if affiliation else ())
        assert participant.side == side


@settings(max_examples=100, deadline=None)
@given(
    good=st.integers(min_value=0, max_value=4),
    formula=st.sampled_from(
        ["=1+1", "@SUM(A1)", '+HYPERLINK("x")', "-cmd|' /C calc'!A0", "\t=1", " =A1"]
    ),
    column=st.sampled_from(["name", "aliases", "title", "affiliation", "side"]),
)
def test_a_formula_is_refused_naming_its_line_and_column(
    good: int, formula: str, column: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REQUIRED_COLUMNS)
    for i in range(good):
        writer.writerow([f"Person {chr(65 + i)}", "", "", "", "", ""])
    row = {"name": "Bad Row", "aliases": "", "title": "", "affiliation": "", "side": ""}
    row[column] = formula
    writer.writerow([*row.values(), ""])
    with pytest.raises(RosterError) as caught:
        parse_roster_csv(out.getvalue())
    assert (caught.value.line, caught.value.column) == (good + 2, column)
    assert "spreadsheet formula" in str(caught.value)


@pytest.fixture(scope="module")
def roster_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rosters")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.binary(max_size=400))
def test_any_roster_file_reads_or_is_refused_as_a_roster_error(
    data: bytes, roster_dir: Path
) -> None:
    path = roster_dir / "roster.csv"
    path.write_bytes(data)
    try:
        read_roster_csv(path)
    except RosterError as exc:
        assert exc.line >= 1


# -- the gate's document input and the shared checks --------------------------


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_document_bytes_decode_or_are_refused_with_exit_2(data: bytes) -> None:
    try:
        text = _decode(data, "doc.txt")
    except CommandError as exc:
        assert exc.returncode == 2
        assert str(exc).startswith("doc.txt")
        return
    assert isinstance(text, str) and "\x00" not in text


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_utf8_text_round_trips_through_the_shared_decoder(text: str) -> None:
    assume("\x00" not in text)
    data = text.encode()
    try:
        decoded = uploads.decode_text(data, label="t")
    except uploads.InputRefused as exc:  # only text that starts like an archive
        assert exc.kind == "compressed"
        return
    assert decoded == text.removeprefix("\ufeff")


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_decode_or_are_refused_naming_the_line(data: bytes) -> None:
    try:
        uploads.decode_text(data, label="t")
    except uploads.InputRefused as exc:
        assert exc.kind in {"encoding", "truncated", "compressed"}
        assert exc.line is not None and 1 <= exc.line <= data.count(b"\n") + 1
        assert str(exc).startswith(f"t (line {exc.line}): ")


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=40))
@example(value='=HYPERLINK("https://evil.example")')
@example(value="'=x")
def test_escaping_defuses_every_formula_and_round_trips(value: str) -> None:
    escaped = csvsafe.escape_cell(value)
    assert csvsafe.unescape_cell(escaped) == value
    assert not csvsafe.formula_like(escaped)
    # A number such as "-0" or "+3" stays a number: a spreadsheet shows it as one.
    is_number = csvsafe._NUMBER.fullmatch(escaped.strip()) is not None
    if escaped and escaped[0] in csvsafe.TRIGGERS and not is_number:
        pytest.fail(f"{escaped!r} still starts with a formula trigger")
    if csvsafe.formula_like(value):
        assert escaped == "'" + value


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2000), limit=st.integers(min_value=1, max_value=2000))
def test_a_bounded_read_never_returns_more_than_the_limit(
    data: bytes, limit: int
) -> None:
    try:
        got = uploads.read_limited(io.BytesIO(data), limit=limit, label="t")
    except uploads.InputRefused as exc:
        assert exc.kind == "too_large" and len(data) > limit
    else:
        assert got == data and len(got) <= limit
