"""Reading the CSV files of a Pol.is export: the table, its numbers, and
errors that name the file, line and column (used by :mod:`.polis_io`)."""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from backchannel.textinput import uploads

__all__ = [
    "PolisFormatError",
    "Table",
    "bad_byte_column",
    "check_int64",
    "column_name",
    "csv_error",
    "fast_int_column",
    "parse_int",
    "plain_int_columns",
    "read_text",
]


class PolisFormatError(ValueError):
    """A Pol.is export file is malformed.

    Attributes
    ----------
    file : str
    line : int or None
        1-based physical line in the file.
    column : str or None
        Column name (or 1-based position when the header is unusable).
    problem, fix : str
    """

    def __init__(
        self,
        file: str | os.PathLike[str],
        problem: str,
        fix: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = str(file)
        self.line = line
        self.column = column
        self.problem = problem
        self.fix = fix
        where = self.file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}. Fix: {fix}")


def plain_int_columns(
    text: str, names: Sequence[str], optional: Sequence[str] = ()
) -> dict[str, np.ndarray] | None:
    """Whole-number columns of a CSV text as Pol.is writes ``votes.csv``, split
    in C: no quote, no blank line, lines ending in LF or CRLF, one header naming each
    column once, every row with the header's number of fields and a whole
    number in every cell read. ``None`` otherwise, and the careful
    :class:`Table` then reads the file (and names any faulty line and column).
    """
    if '"' in text:
        return None
    if "\r" in text:  # CRLF line ends (the csv module's, ours) are plain too
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    body = text[:-1] if text.endswith("\n") else text
    head, sep, rest = body.partition("\n")
    if not sep or not rest or "\n\n" in rest:
        return None
    header = [h.strip() for h in head.split(",")]
    width = len(header)
    if len(set(header)) != width or any(n not in header for n in names):
        return None
    data = np.frombuffer(rest.encode(), dtype=np.uint8)
    ends = np.append(np.flatnonzero(data == 10), len(data))  # b"\n"
    commas = np.searchsorted(np.flatnonzero(data == 44), ends)  # b"," before each
    if np.any(np.diff(commas, prepend=0) != width - 1):
        return None
    cells = rest.replace("\n", ",").split(",")
    out: dict[str, np.ndarray] = {}
    for name in [*names, *(o for o in optional if o in header)]:
        i = header.index(name)
        try:
            out[name] = np.array(cells[i::width], dtype=np.int64)
        except (ValueError, OverflowError):
            return None
    return out


class Table:
    def __init__(
        self,
        path: Path,
        required: Sequence[str],
        what: str,
        max_bytes: int,
        text: str | None = None,
    ) -> None:
        self.path = path
        self.name = str(path)
        if text is None:
            text = read_text(path, max_bytes)
        self.rows: list[tuple[int, list[str]]] = []
        header_line = 1
        header: list[str] | None = None
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            records = list(reader)
        except csv.Error as exc:
            records = None
            error = exc
        if records is not None and reader.line_num == len(records):
            # One line per record (the usual case): record i is on line i + 1.
            numbered: Iterable[tuple[int, list[str]]] = enumerate(records, 1)
        else:
            numbered = self._numbered(text)
        try:
            for line, rec in numbered:
                if not rec or (len(rec) == 1 and not rec[0].strip()):
                    continue
                if header is None:
                    header = [h.strip() for h in rec]
                    header_line = line
                    continue
                self.rows.append((line, rec))
        except csv.Error:
            pass
        if records is None:
            raise csv_error(path, text, header, error) from None
        if header is None:
            raise PolisFormatError(
                path,
                "an empty file with no header",
                f"write the {what} header row: " + ",".join(required),
                line=1,
            )
        seen: set[str] = set()
        for pos, h in enumerate(header, 1):
            if h in seen:
                raise PolisFormatError(
                    path,
                    f"header column {h!r} appears twice",
                    "keep each column name once",
                    line=header_line,
                    column=str(pos),
                )
            seen.add(h)
        for req in required:
            if req not in seen:
                raise PolisFormatError(
                    path,
                    f"the required column {req!r} is missing from the header",
                    f"the {what} header must include: " + ", ".join(required),
                    line=header_line,
                )
        self.header = header
        self.col = {h: i for i, h in enumerate(header)}
        if {len(rec) for _, rec in self.rows} <= {len(header)}:
            return
        for line, rec in self.rows:
            if len(rec) != len(header):
                raise PolisFormatError(
                    path,
                    f"{len(rec)} fields where the header has {len(header)}",
                    "give every row one value per header column (quote commas in text)",
                    line=line,
                )

    @staticmethod
    def _numbered(text: str) -> Iterator[tuple[int, list[str]]]:
        """Records with the line each starts on (a quoted field may span lines)."""
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        start = 1
        for rec in reader:
            line, start = start, reader.line_num + 1
            yield line, rec

    def req_int(self, line: int, rec: list[str], name: str, **kw: Any) -> int:
        value = self.int_field(line, rec, name, **kw)
        if value is None:  # pragma: no cover - int_field raises on blanks
            raise PolisFormatError(self.path, "an empty value", "fill in the value")
        return check_int64(self.path, line, name, value)

    def get(self, rec: list[str], name: str) -> str | None:
        i = self.col.get(name)
        return None if i is None else rec[i].strip()

    def int_field(
        self,
        line: int,
        rec: list[str],
        name: str,
        *,
        allowed: Iterable[int] | None = None,
        blank: int | None = None,
        blank_ok: bool = False,
    ) -> int | None:
        raw = self.get(rec, name)
        if raw is None or raw == "":
            if blank_ok:
                return blank
            raise PolisFormatError(
                self.path,
                "an empty value",
                f"write a whole number in {name!r}",
                line=line,
                column=name,
            )
        value = parse_int(raw)
        if value is None:
            raise PolisFormatError(
                self.path,
                f"{raw[:40]!r} is not a whole number",
                f"write a whole number in {name!r}",
                line=line,
                column=name,
            )
        if allowed is not None and value not in set(allowed):
            allowed_s = ", ".join(str(a) for a in allowed)
            raise PolisFormatError(
                self.path,
                f"{value} is not an allowed value",
                f"use one of {allowed_s} in {name!r}",
                line=line,
                column=name,
            )
        return value


def csv_error(
    path: Path, text: str, header: list[str] | None, exc: csv.Error
) -> PolisFormatError:
    """Where the CSV grammar broke: the line and column of the faulty field.

    The text is scanned again with the CSV quoting rules to find the first
    field whose quotes are unbalanced (a file cut inside a quoted field) or
    followed by stray characters (``"a"b``).
    """
    line = 1
    field_no = 0
    i, n = 0, len(text)
    at_start = True
    while i < n:
        ch = text[i]
        if at_start and ch == '"':
            start_line = line
            j = i + 1
            while True:
                q = text.find('"', j)
                if q < 0:
                    return PolisFormatError(
                        path,
                        "the file ends inside a quoted field: it is truncated "
                        "or a quote is not closed",
                        "copy or download the file again, whole; inside a quoted "
                        'field write a quote as ""',
                        line=start_line,
                        column=column_name(header, field_no),
                    )
                line += text.count("\n", j, q)
                if text.startswith('""', q):
                    j = q + 2
                    continue
                i = q + 1
                break
            if i < n and text[i] not in ",\r\n":
                return PolisFormatError(
                    path,
                    f"a character after the closing quote of a field ({exc})",
                    'put the whole field in quotes and write a quote inside it as ""',
                    line=line,
                    column=column_name(header, field_no),
                )
            at_start = False
            continue
        if ch == ",":
            field_no += 1
            at_start = True
        elif ch == "\n":
            line += 1
            field_no = 0
            at_start = True
        else:
            at_start = ch == "\r" and at_start
        i += 1
    return PolisFormatError(  # pragma: no cover - the scan finds what csv found
        path, f"unreadable CSV ({exc})", "check quoting: quotes must be paired"
    )


def column_name(header: list[str] | None, field_no: int) -> str:
    """The header's name of field ``field_no`` (0-based), else its position."""
    if header is not None and field_no < len(header):
        return header[field_no]
    return str(field_no + 1)


def parse_int(raw: str) -> int | None:
    s = raw.strip()
    try:
        return int(s)
    except ValueError:
        pass
    try:
        f = float(s)
    except ValueError:
        return None
    if math.isfinite(f) and f == int(f) and abs(f) < 2**62:
        return int(f)
    return None


def check_int64(path: Path, line: int, column: str, value: int) -> int:
    if not -(2**63) <= value < 2**63:
        raise PolisFormatError(
            path,
            f"{value} is too large",
            "use ids and timestamps below 2**63",
            line=line,
            column=column,
        )
    return value


def fast_int_column(
    t: Table, name: str, allowed: tuple[int, ...] | None = None
) -> np.ndarray | None:
    """A whole column as int64 in one C-level pass, or ``None`` when any cell
    needs the careful per-cell reading (which then names the faulty cell)."""
    i = t.col[name]
    try:
        arr = np.array([rec[i] for _, rec in t.rows], dtype=np.int64)
    except (ValueError, OverflowError):
        return None
    if allowed is not None and not np.isin(arr, allowed).all():
        return None
    return arr


def read_text(path: Path, max_bytes: int) -> str:
    """The file as UTF-8 text, within ``max_bytes``, or :class:`PolisFormatError`."""
    try:
        return uploads.read_text(path, limit=max_bytes, label=str(path))
    except uploads.InputRefused as exc:
        problem = exc.problem
        column = None
        if exc.kind in ("encoding", "truncated"):
            column = bad_byte_column(path, max_bytes)
        if exc.kind == "encoding":
            problem = f"bytes that are not UTF-8 text: {problem}"
        raise PolisFormatError(
            path, problem, exc.fix, line=exc.line, column=column
        ) from None


def bad_byte_column(path: Path, max_bytes: int) -> str | None:
    """The column (header name) holding the first byte that is not UTF-8."""
    data = uploads.read_limited(path, limit=max_bytes, label=str(path))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", errors="replace")
    else:  # pragma: no cover - only called after a decoding failure
        return None
    rows = before.split("\n")
    if "\x00" in before or len(rows) < 2:
        return None
    try:
        header = next(csv.reader([rows[0]]))
        fields = next(csv.reader([rows[-1]]), [""])
    except (csv.Error, StopIteration):
        return None
    return column_name([h.strip() for h in header], len(fields) - 1)
