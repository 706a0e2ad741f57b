import string
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backchannel.analysis import (
    PolisFormatError,
    VoteTable,
    build_vote_matrix,
    read_polis_export,
    write_polis_export,
)
from backchannel.analysis.polis_io import PolisComment
from backchannel.textinput import csvsafe

pytestmark = pytest.mark.no_db_difference

COMMENTS = "timestamp,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
VOTES = "timestamp,datetime,comment-id,voter-id,vote\n"


def _write(d: Path, **files: str) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (d / f"{name.replace('_', '-')}.csv").write_text(text, encoding="utf-8")
    return d


def test_reads_real_export(polis_data: Path) -> None:
    ex = read_polis_export(polis_data / "london.youth.policing")
    assert len(ex.comments) == 39
    assert {c.comment_id for c in ex.comments if c.moderated == -1} == set(
        ex.mod_out_ids()
    )
    vm = build_vote_matrix(ex.votes)
    assert vm.shape == (26, 36)
    assert vm.nnz == 638  # 640 rows, last vote per voter x comment kept
    assert ex.participant_groups is not None
    assert sum(g is not None for g in ex.participant_groups.values()) == 24
    assert ex.summary["url"] == "https://pol.is/9xxwa9jpkm"


def test_wide_form_only_matches_long_form(polis_data: Path, tmp_path: Path) -> None:
    src = polis_data / "brexit-consensus"
    d = _write(
        tmp_path / "wide",
        comments=(src / "comments.csv").read_text(),
        participants_votes=(src / "participants-votes.csv").read_text(),
    )
    wide = build_vote_matrix(read_polis_export(d).votes)
    long = build_vote_matrix(read_polis_export(src).votes)
    assert wide.participant_ids.tolist() == long.participant_ids.tolist()
    assert (wide.values != long.values).nnz == 0
    assert wide.nnz == long.nnz


def test_round_trip(polis_data: Path, tmp_path: Path) -> None:
    ex = read_polis_export(polis_data / "scoop-hivemind.ubi")
    write_polis_export(tmp_path / "out", ex)
    back = read_polis_export(tmp_path / "out")
    assert back.comments == ex.comments
    assert back.participant_groups == ex.participant_groups
    np.testing.assert_array_equal(back.votes.votes, ex.votes.votes)
    np.testing.assert_array_equal(back.votes.timestamps, ex.votes.timestamps)
    a, b = build_vote_matrix(ex.votes), build_vote_matrix(back.votes)
    assert (a.values != b.values).nnz == 0
    # The wide file alone rebuilds the same matrix.
    (tmp_path / "out" / "votes.csv").unlink()
    c = build_vote_matrix(read_polis_export(tmp_path / "out").votes)
    assert (a.values != c.values).nnz == 0 and a.nnz == c.nnz


def test_round_trip_without_comments(tmp_path: Path) -> None:
    votes = VoteTable.from_records([(3, 1, 1), (4, 1, -1), (3, 2, 0), (3, 1, -1)])
    write_polis_export(tmp_path, votes, participant_groups={3: 0, 4: 1})
    ex = read_polis_export(tmp_path)
    assert [c.comment_id for c in ex.comments] == [1, 2]
    assert ex.participant_groups == {3: 0, 4: 1}
    assert build_vote_matrix(ex.votes).values.toarray().tolist() == [[-1, 0], [-1, 0]]


@pytest.mark.parametrize(
    ("files", "file", "line", "column", "words"),
    [
        (
            {"comments": COMMENTS + "1,x,0,0,0,1,hi\n", "votes": VOTES},
            "comments.csv",
            2,
            "comment-id",
            "whole number",
        ),
        (
            {"comments": COMMENTS + "1,1,0,0,0,7,hi\n", "votes": VOTES},
            "comments.csv",
            2,
            "moderated",
            "allowed",
        ),
        (
            {"comments": COMMENTS, "votes": VOTES + "1,d,1,2,3\n"},
            "votes.csv",
            2,
            "vote",
            "allowed",
        ),
        (
            {"comments": COMMENTS, "votes": VOTES + "1,d,1,2\n"},
            "votes.csv",
            2,
            None,
            "fields",
        ),
        (
            {"comments": COMMENTS, "votes": "timestamp,comment-id,vote\n"},
            "votes.csv",
            1,
            None,
            "voter-id",
        ),
        (
            {"comments": COMMENTS, "participants_votes": "participant,group-id,x\n"},
            "participants-votes.csv",
            1,
            "3",
            "comment id",
        ),
        (
            {
                "comments": COMMENTS,
                "participants_votes": "participant,group-id,5\n1,,2\n",
            },
            "participants-votes.csv",
            2,
            "5",
            "vote",
        ),
        (
            {"comments": COMMENTS + '1,1,0,0,0,1,"cut short here\n', "votes": VOTES},
            "comments.csv",
            2,
            "comment-body",
            "truncated",
        ),
        (
            {"comments": COMMENTS + '1,1,0,0,0,1,"a"b\n', "votes": VOTES},
            "comments.csv",
            2,
            "comment-body",
            "after the closing quote",
        ),
        (
            {
                "comments": COMMENTS + '1,1,0,0,0,1,"ok"\n2,"2\n3",0,0,0,1,x\n',
                "votes": VOTES,
            },
            "comments.csv",
            3,
            "comment-id",
            "whole number",
        ),
    ],
)
def test_malformed_files_name_file_line_column(
    tmp_path: Path, files, file, line, column, words
) -> None:
    d = _write(tmp_path / "x", **files)
    with pytest.raises(PolisFormatError) as err:
        read_polis_export(d)
    e = err.value
    assert isinstance(e, ValueError)
    assert e.file.endswith(file)
    if line is not None:
        assert e.line == line
    assert e.column == column
    assert words in str(e)
    assert "Fix:" in str(e)


def test_missing_files(tmp_path: Path) -> None:
    with pytest.raises(PolisFormatError, match="not a directory"):
        read_polis_export(tmp_path / "nope")
    with pytest.raises(PolisFormatError, match=r"comments\.csv"):
        read_polis_export(_write(tmp_path / "a", votes=VOTES))
    with pytest.raises(PolisFormatError, match=r"neither votes\.csv"):
        read_polis_export(_write(tmp_path / "b", comments=COMMENTS))


def test_not_utf8_reports_line(tmp_path: Path) -> None:
    d = _write(tmp_path / "c", comments=COMMENTS, votes=VOTES)
    (d / "votes.csv").write_bytes(VOTES.encode() + b"1,d,1,2,\xff\n")
    with pytest.raises(PolisFormatError) as err:
        read_polis_export(d)
    assert err.value.line == 2
    assert err.value.column == "vote"


def test_cut_inside_a_character_is_truncated(tmp_path: Path) -> None:
    d = _write(tmp_path / "c", votes=VOTES + "1,d,1,2,1\n")
    body = (COMMENTS + "1,1,0,0,0,1,Zürich\n").encode()
    (d / "comments.csv").write_bytes(body[: body.index(b"\xbc")])
    with pytest.raises(PolisFormatError, match="truncated") as err:
        read_polis_export(d)
    assert (err.value.line, err.value.column) == (2, "comment-body")


def test_compressed_file_is_refused(tmp_path: Path) -> None:
    import gzip

    d = _write(tmp_path / "c", comments=COMMENTS)
    (d / "votes.csv").write_bytes(gzip.compress((VOTES + "1,d,1,2,1\n").encode()))
    with pytest.raises(PolisFormatError, match="gzip") as err:
        read_polis_export(d)
    assert err.value.file.endswith("votes.csv")
    assert err.value.line == 1


@pytest.mark.parametrize(
    "body",
    [
        "@Klimarat. Wie soll man Vorschläge bewerten?",
        "=SUM(A1:A3) is how my council counts",
        "+ more buses (and trams)",
        "-1 for the ring road",
        "'=already escaped",
    ],
)
def test_free_text_is_data_when_reading(tmp_path: Path, body: str) -> None:
    """A statement that looks like a formula is read as written (issue 17);
    the formula escape belongs to what we write, and reading undoes it."""
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerow([1, 1, 0, 0, 0, 1, body])
    d = _write(tmp_path / "p", comments=COMMENTS + buf.getvalue(), votes=VOTES)
    ex = read_polis_export(d)
    assert [c.text for c in ex.comments] == [body.removeprefix("'")]
    out = tmp_path / "out"
    write_polis_export(out, VoteTable.from_records([(2, 1, 1)]), ex.comments)
    with open(out / "comments.csv", newline="", encoding="utf-8") as fh:
        cell = list(csv.reader(fh))[1][-1]
    assert not csvsafe.formula_like(cell)  # escaped on the way out
    assert read_polis_export(out).comments[0].text == ex.comments[0].text


_SETTINGS = settings(
    max_examples=60,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
_FILES = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")


def _read_or_format_error(d: Path) -> None:
    try:
        read_polis_export(d)
    except PolisFormatError:
        pass


@_SETTINGS
@given(blobs=st.lists(st.binary(max_size=300), min_size=4, max_size=4))
def test_arbitrary_bytes_only_raise_format_error(tmp_path: Path, blobs) -> None:
    d = tmp_path / "bytes"
    d.mkdir(exist_ok=True)
    for name, blob in zip(_FILES, blobs, strict=True):
        (d / name).write_bytes(blob)
    _read_or_format_error(d)


_cell = st.one_of(
    st.sampled_from(["", "0", "1", "-1", "2", "1.0", "x", "1e3", '"', "9" * 30]),
    st.text(alphabet=string.printable, max_size=6),
)
_header = st.lists(
    st.sampled_from(
        [
            "timestamp",
            "comment-id",
            "voter-id",
            "vote",
            "participant",
            "group-id",
            "moderated",
            "is-meta",
            "author-id",
            "comment-body",
            "1",
            "2",
            "n-votes",
            "?",
        ]
    ),
    min_size=1,
    max_size=7,
)


@st.composite
def _csv(draw) -> str:
    header = draw(_header)
    rows = draw(
        st.lists(st.lists(_cell, min_size=0, max_size=len(header) + 1), max_size=6)
    )
    return "\n".join(",".join(r) for r in [header, *rows]) + "\n"


@_SETTINGS
@given(texts=st.lists(_csv(), min_size=3, max_size=3))
def test_arbitrary_csv_only_raise_format_error(tmp_path: Path, texts) -> None:
    d = tmp_path / "csv"
    d.mkdir(exist_ok=True)
    for name, text in zip(_FILES[:3], texts, strict=True):
        (d / name).write_text(text, encoding="utf-8")
    _read_or_format_error(d)


@_SETTINGS
@given(
    votes=st.lists(
        st.tuples(
            st.integers(0, 6),
            st.integers(0, 4),
            st.sampled_from([-1, 0, 1]),
            st.integers(0, 3),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_round_trip_property(tmp_path: Path, votes) -> None:
    table = VoteTable.from_records(votes)
    comments = [PolisComment(comment_id=c, text=f'c{c}, "q"') for c in range(5)]
    write_polis_export(tmp_path / "rt", table, comments)
    back = read_polis_export(tmp_path / "rt")
    assert back.comments == comments
    a, b = build_vote_matrix(table), build_vote_matrix(back.votes)
    assert a.participant_ids.tolist() == b.participant_ids.tolist()
    assert a.shape == b.shape and (a.values != b.values).nnz == 0 and a.nnz == b.nnz


def test_newer_exports_prefix_their_file_names(
    polis_data: Path, tmp_path: Path
) -> None:
    """Pol.is now names its files ``<date>-<id>-votes.csv``,
    ``…-participant-votes.csv``: they read like the plain names."""
    src = polis_data / "brexit-consensus"
    d = tmp_path / "new"
    d.mkdir()
    prefix = "2025-08-29-0002-7wmvbjcjhp-"
    for old, new in [
        ("comments.csv", "comments.csv"),
        ("votes.csv", "votes.csv"),
        ("participants-votes.csv", "participant-votes.csv"),
        ("summary.csv", "summary.csv"),
    ]:
        (d / (prefix + new)).write_bytes((src / old).read_bytes())
    ex, plain = read_polis_export(d), read_polis_export(src)
    assert ex.participant_groups == plain.participant_groups
    assert ex.summary == plain.summary
    a, b = build_vote_matrix(ex.votes), build_vote_matrix(plain.votes)
    assert (a.values != b.values).nnz == 0 and a.nnz == b.nnz
    (d / "2024-01-01-0001-otherconvid-votes.csv").write_bytes(b"")
    with pytest.raises(PolisFormatError, match="several files could be"):
        read_polis_export(d)


_REAL = sorted(
    (Path(__file__).resolve().parents[1] / "data" / "polis").glob("*/votes.csv")
)


def _careful(path: Path, monkeypatch: pytest.MonkeyPatch):
    from backchannel.analysis import polis_io

    with monkeypatch.context() as m:
        m.setattr(polis_io, "_plain_int_columns", lambda *a: None)
        return polis_io._read_votes(path, 1 << 26)


def _same(a, b) -> bool:
    return a.votes.dtype == b.votes.dtype and all(
        np.array_equal(getattr(a, f), getattr(b, f))
        for f in ("participant_ids", "comment_ids", "votes", "timestamps")
    )


@pytest.mark.parametrize("path", _REAL, ids=lambda p: p.parent.name)
def test_votes_split_in_c_equal_the_careful_reading(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up: every real votes.csv is plain (no quotes) and is split in
    one C pass, giving exactly what the csv-module reading gives."""
    from backchannel.analysis import polis_io
    from backchannel.analysis._csvtable import plain_int_columns, read_text

    text = read_text(path, 1 << 26)
    assert plain_int_columns(text, ["comment-id", "voter-id", "vote"]) is not None
    assert _same(polis_io._read_votes(path, 1 << 26), _careful(path, monkeypatch))


@pytest.mark.parametrize(
    "body",
    [
        "timestamp,comment-id,voter-id,vote\r\n1,2,3,1\r\n4,2,5,-1\r\n",
        'timestamp,comment-id,voter-id,vote\n1,2,3,1\n4,"2",5,-1\n',
        "timestamp,comment-id,voter-id,vote\n1,2,3,1\n\n4,2,5,-1\n",
        "comment-id,voter-id,vote\n2,3,1\n2,5,0",
        "timestamp,datetime,comment-id,voter-id,vote\n1,Mon 1,2,3,1\n4,Tue,2,5,-1\n",
    ],
)
def test_plain_and_careful_readings_agree_on_edge_files(
    tmp_path: Path, body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backchannel.analysis import polis_io

    path = tmp_path / "votes.csv"
    path.write_bytes(body.encode())
    assert _same(polis_io._read_votes(path, 1 << 26), _careful(path, monkeypatch))


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("comment-id,voter-id,vote\n2,3,1\n2,5\n", "line 3"),
        ("comment-id,voter-id,vote\n2,3,1\n2,x,1\n", "line 3, column 'voter-id'"),
        ("comment-id,voter-id,vote\n2,3,1\n2,4,2\n", "line 3, column 'vote'"),
        ("comment-id,voter-id\n2,3\n", "'vote' is missing"),
    ],
)
def test_a_file_the_plain_split_declines_is_still_named_by_line(
    tmp_path: Path, body: str, where: str
) -> None:
    path = tmp_path / "votes.csv"
    path.write_bytes(body.encode())
    (tmp_path / "comments.csv").write_text("comment-id,comment-body\n2,a\n")
    with pytest.raises(PolisFormatError) as exc:
        read_polis_export(tmp_path)
    assert where in str(exc.value)
