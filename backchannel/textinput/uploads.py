"""Checks on every file or payload that enters from outside: size, text encoding,
decompression. Framework-free: callers pass the limits (the ``DEFAULT_*``
constants below are the defaults of the settings); the configured ones
(``BACKCHANNEL_MAX_UPLOAD_BYTES``, ``BACKCHANNEL_MAX_EXPANSION``,
``BACKCHANNEL_MAX_DECOMPRESSED_BYTES``) are read by :mod:`backchannel.core.uploads`.

Every refusal is an :class:`InputRefused` whose message names the input, the
problem and the fix, and happens before anything is written.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

MIB = 1 << 20
DEFAULT_MAX_UPLOAD_BYTES = 20 * MIB
DEFAULT_MAX_EXPANSION = 100
DEFAULT_MAX_DECOMPRESSED_BYTES = 8 * 1024 * MIB

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


_ARCHIVES = (
    (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"Rar!\x1a\x07", "RAR"),
)


class InputRefused(ValueError):
    """An input refused before anything was written.

    ``kind`` is one of ``too_large``, ``encoding``, ``truncated``,
    ``compressed``, ``bomb``, ``too_deep``, ``not_a_file``; ``line`` and ``column``
    say where, when known.
    """

    def __init__(
        self,
        label: str,
        problem: str,
        fix: str,
        *,
        kind: str,
        line: int | None = None,
        column: str | int | None = None,
    ) -> None:
        self.label, self.problem, self.fix = label, problem, fix
        self.kind, self.line, self.column = kind, line, column
        where = ""
        if line is not None:
            where = f" (line {line}" + (f", column {column}" if column else "") + ")"
        super().__init__(f"{label}{where}: {problem}. {fix[:1].upper()}{fix[1:]}.")


def size_text(n: int) -> str:
    if n >= MIB:
        return f"{n / MIB:.1f} MiB".replace(".0 MiB", " MiB")
    if n >= 1024:
        return f"{n // 1024} KiB"
    return f"{n} bytes"


def too_large(label: str, limit: int) -> InputRefused:
    return InputRefused(
        label,
        f"larger than the limit of {size_text(limit)}",
        "split it into smaller files, or raise BACKCHANNEL_MAX_UPLOAD_BYTES",
        kind="too_large",
    )


def check_size(size: int, *, limit: int, label: str) -> None:
    if size > limit:
        raise too_large(label, limit)


MAX_JSON_DEPTH = 64


def json_loads(
    text: str | bytes, *, label: str, max_depth: int = MAX_JSON_DEPTH
) -> Any:
    """``json.loads`` that refuses nesting deeper than ``max_depth`` levels.

    The standard parser recurses once per level: ``[`` × 200,000 would end in a
    ``RecursionError`` (a 500 and a traceback), and a structure just shallow
    enough to parse could still break code that walks it. Either is refused
    here with :class:`InputRefused` (``kind="too_deep"``); a syntax error stays
    the ``json.JSONDecodeError`` (a ``ValueError``) it always was.
    """
    refused = InputRefused(
        label,
        f"JSON nested more than {max_depth} levels deep",
        "send a flatter document (no real Backchannel document nests that deep)",
        kind="too_deep",
    )
    try:
        value = json.loads(text)
    except RecursionError:
        raise refused from None
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = (
            item.values()
            if isinstance(item, dict)
            else item
            if isinstance(item, list)
            else ()
        )
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= max_depth:
                    raise refused
                stack.append((child, depth + 1))
    return value


def read_limited(source: str | Path | IO[bytes], *, limit: int, label: str) -> bytes:
    """At most ``limit`` bytes of a file (``"-"`` = standard input) or stream.

    Reads one byte more than the limit, never the whole of an oversized input.
    Raises :class:`InputRefused` when larger, ``OSError`` when unreadable.
    """
    if isinstance(source, (str, Path)):
        if str(source) == "-":
            return read_limited(sys.stdin.buffer, limit=limit, label=label)
        # Opened without blocking, then looked at: a named pipe or socket would
        # otherwise hold the command in open() or read() for ever.
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as fh:
            mode = os.fstat(fd).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISCHR(mode)):
                raise InputRefused(
                    label,
                    "not a regular file (a named pipe, socket or directory)",
                    "give a file, or '-' to read standard input",
                    kind="not_a_file",
                )
            os.set_blocking(fd, True)
            return read_limited(fh, limit=limit, label=label)
    data = source.read(limit + 1)
    if len(data) > limit:
        raise too_large(label, limit)
    return data


def decode_text(data: bytes, *, label: str) -> str:
    """Strict UTF-8 (a leading byte-order mark is dropped); else :class:`InputRefused`.

    A compressed file or archive is refused without being opened (so a zip
    bomb never expands), as are UTF-16/32 text, NUL bytes and invalid bytes.
    """
    archive = [name for magic, name in _ARCHIVES if data.startswith(magic)]
    if data[:3] == b"BZh" and data[4:10] == b"1AY&SY":
        archive.append("bzip2")
    if archive:
        raise InputRefused(
            label,
            f"a compressed file or archive ({archive[0]}), not text; it was not opened",
            "decompress it yourself and give the text file inside",
            kind="compressed",
            line=1,
        )
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _refuse_encoding(label, name, f"iconv -f {name} -t UTF-8")
    if b"\x00" in data[:4096]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputRefused(
            label,
            "holds NUL bytes: it is UTF-16 text or a binary file, not UTF-8 text",
            "save it as UTF-8 text (e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8)",
            kind="encoding",
            line=line,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if exc.end >= len(data) and "unexpected end" in exc.reason:
            raise InputRefused(
                label,
                "ends in the middle of a character: the file is truncated",
                "copy or download it again, whole",
                kind="truncated",
                line=line,
            ) from None
        raise InputRefused(
            label,
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at byte offset {exc.start}; "
            "Latin-1 or Windows-1252 text looks like this)",
            "save it as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8",
            kind="encoding",
            line=line,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputRefused(
            label,
            "holds a NUL byte (binary data)",
            "remove the binary data; give UTF-8 text",
            kind="encoding",
            line=line,
        )
    return text.removeprefix("\ufeff")


def _refuse_encoding(label: str, name: str, command: str) -> str:
    raise InputRefused(
        label,
        f"{name} text (it starts with a {name} byte-order mark), not UTF-8",
        f"save it as UTF-8, e.g. {command} FILE > FILE.utf8",
        kind="encoding",
        line=1,
    )


def read_text(source: str | Path | IO[bytes], *, limit: int, label: str) -> str:
    """A bounded read of UTF-8 text: :func:`read_limited` then :func:`decode_text`."""
    return decode_text(read_limited(source, limit=limit, label=label), label=label)


def gunzip_limited(
    chunks: Iterable[bytes],
    *,
    label: str,
    max_ratio: int = DEFAULT_MAX_EXPANSION,
    max_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES,
    floor: int = 16 * MIB,
) -> Iterator[bytes]:
    """Decompress a gzip stream piece by piece, refusing a decompression bomb.

    Stops (:class:`InputRefused`, kind ``bomb``) as soon as the output exceeds
    ``max_bytes`` or ``max_ratio`` times the compressed input read so far
    (outputs below ``floor`` are never refused for their ratio). A damaged or
    cut stream raises kind ``truncated``. Never holds more than one piece.
    """
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    read = written = 0
    step = 1 << 16
    for chunk in chunks:
        read += len(chunk)
        pending = chunk
        while pending:
            try:
                out = inflater.decompress(pending, step)
            except zlib.error as exc:
                raise InputRefused(
                    label,
                    f"its compressed content is damaged ({exc})",
                    "use an undamaged copy",
                    kind="truncated",
                ) from None
            pending = inflater.unconsumed_tail
            written += len(out)
            if written > max_bytes or (
                written > floor and written > max_ratio * max(read, 1)
            ):
                raise InputRefused(
                    label,
                    f"expands to more than {size_text(min(written, max_bytes))} from "
                    f"{size_text(read)} compressed (a decompression bomb)",
                    "give a file written by Backchannel; raise "
                    "BACKCHANNEL_MAX_EXPANSION or BACKCHANNEL_MAX_DECOMPRESSED_BYTES "
                    "only if it really is one",
                    kind="bomb",
                )
            if out:
                yield out
            if inflater.eof:
                break
    tail = inflater.flush()
    if tail:
        yield tail
    if not inflater.eof:
        raise InputRefused(
            label,
            "its compressed content ends too early (truncated)",
            "use a complete copy",
            kind="truncated",
        )


def lines(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Whole lines (without the newline) from a stream of byte pieces."""
    buffer = io.BytesIO()
    for piece in pieces:
        start = 0
        while True:
            end = piece.find(b"\n", start)
            if end < 0:
                buffer.write(piece[start:])
                break
            buffer.write(piece[start:end])
            yield buffer.getvalue()
            buffer = io.BytesIO()
            start = end + 1
    rest = buffer.getvalue()
    if rest:
        yield rest
