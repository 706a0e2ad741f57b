"""Rosters for the identification gate: from a CSV file (offline checking) or
from a process's seats (in the workspace).

The CSV has a header line with the columns ``name,aliases,title,affiliation,
side,email`` in any order; ``aliases`` (and ``email``) hold several values
separated by ``;``. Optional columns: ``phones`` and ``handles`` (``;``
separated) and ``gender`` (woman, man, non_binary, undisclosed). Any problem is
reported as a :class:`RosterError` naming the line and the column, including a
free-text cell that would run as a spreadsheet formula (``=cmd|...``; a cell
escaped with a leading ``'`` is taken as text, without the ``'``).
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backchannel.core import uploads
from backchannel.gate import Gate, Participant, build_gate
from backchannel.participants.models import Person, Seat
from backchannel.textinput import csvsafe

if TYPE_CHECKING:
    from backchannel.processes.models import Process

REQUIRED_COLUMNS = ("name", "aliases", "title", "affiliation", "side", "email")
OPTIONAL_COLUMNS = ("phones", "handles", "gender")
GENDERS = ("woman", "man", "non_binary", "undisclosed")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,24}$")


class RosterError(ValueError):
    """A roster that cannot be used; ``line`` is 1-based, ``column`` a name."""

    def __init__(self, message: str, *, line: int, column: str | None = None) -> None:
        self.line = line
        self.column = column
        where = f"line {line}" + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {message}")


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def parse_roster_csv(text: str) -> list[Participant]:
    """Participants from CSV text; raises :class:`RosterError`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise RosterError(f"unreadable CSV ({exc}).", line=1) from None
    if header is None or not any(h.strip() for h in header):
        raise RosterError(
            "the roster is empty: give a header line "
            f"{','.join(REQUIRED_COLUMNS)} and one line per participant.",
            line=1,
        )
    columns = [h.strip().lower() for h in header]
    for position, column in enumerate(columns, start=1):
        if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            raise RosterError(
                f"unknown column {header[position - 1]!r} (column {position}): "
                f"use {', '.join(REQUIRED_COLUMNS)} "
                f"(optional: {', '.join(OPTIONAL_COLUMNS)}).",
                line=1,
                column=header[position - 1],
            )
        if columns.count(column) > 1:
            raise RosterError("this column appears twice.", line=1, column=column)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise RosterError(
            f"missing column(s) {', '.join(missing)}: the header must name "
            f"{','.join(REQUIRED_COLUMNS)}.",
            line=1,
            column=missing[0],
        )
    participants: list[Participant] = []
    line = reader.line_num
    while True:
        start_line = line + 1
        try:
            row = next(reader, None)
        except csv.Error as exc:
            raise RosterError(f"unreadable CSV ({exc}).", line=start_line) from None
        if row is None:
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise RosterError(
                f"expected {len(columns)} fields ({','.join(columns)}), found "
                f"{len(row)}: quote values that contain a comma.",
                line=start_line,
            )
        participants.append(
            _participant(dict(zip(columns, row, strict=True)), start_line)
        )
    if not participants:
        raise RosterError("the roster has no participants.", line=line + 1)
    return participants


# Free text; emails, phones and handles ("@name") have their own checks.
FREE_TEXT_COLUMNS = ("name", "aliases", "title", "affiliation", "side")


def _participant(values: dict[str, str], line: int) -> Participant:
    for column in FREE_TEXT_COLUMNS:
        cell = values[column]
        if csvsafe.formula_like(cell):
            raise RosterError(
                f"{cell.strip()[:40]!r} would run as a spreadsheet formula; "
                f"{csvsafe.FIX}.",
                line=line,
                column=column,
            )
        values[column] = csvsafe.unescape_cell(cell)
    name = " ".join(values["name"].split())
    if not name:
        raise RosterError("the name is empty.", line=line, column="name")
    if not any(c.isalpha() for c in name):
        raise RosterError(
            f"{name!r} is not a name (no letters).", line=line, column="name"
        )
    emails = _split(values["email"])
    for email in emails:
        if not _EMAIL.match(email):
            raise RosterError(
                f"{email!r} is not an email address such as name@example.org.",
                line=line,
                column="email",
            )
    phones = _split(values.get("phones", ""))
    for phone in phones:
        if not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 6:
            raise RosterError(
                f"{phone!r} is not a phone number such as +41 22 123 45 67.",
                line=line,
                column="phones",
            )
    gender = values.get("gender", "").strip().lower()
    if gender and gender not in GENDERS:
        raise RosterError(
            f"{gender!r} is not one of {', '.join(GENDERS)} (or leave it empty).",
            line=line,
            column="gender",
        )
    title = values["title"].strip()
    affiliation = values["affiliation"].strip()
    return Participant(
        name=name,
        aliases=_split(values["aliases"]),
        titles=(title,) if title else (),
        affiliations=(affiliation,) if affiliation else (),
        side=values["side"].strip(),
        gender=gender,
        emails=emails,
        phones=phones,
        handles=_split(values.get("handles", "")),
        key=f"line {line}",
    )


def read_roster_csv(path: str | Path) -> list[Participant]:
    """Read a roster file (UTF-8, within ``BACKCHANNEL_MAX_UPLOAD_BYTES``).

    Raises :class:`RosterError` (too large, not UTF-8, truncated, bad content)
    or ``OSError``.
    """
    try:
        text = uploads.read_text(
            path, limit=uploads.limit("MAX_UPLOAD_BYTES"), label="the roster"
        )
    except uploads.InputRefused as exc:
        fix = exc.fix[:1].upper() + exc.fix[1:]
        raise RosterError(f"{exc.problem}. {fix}.", line=exc.line or 1) from None
    return parse_roster_csv(text)


def roster_for_process(
    process: Process, *, seated_only: bool = False
) -> list[Participant]:
    """The gate's roster for a process: the whole organisation's registry
    (``seated_only``: the people seated in the process, nobody else).

    Everyone seated in the process comes first (``rank`` 0, ``key`` the seat
    id, side from the seat); then every other person of the organisation's
    people registry, seated in another process or in none (``rank`` 1, ``key``
    ``person-<id>``): a colleague of another dialogue, with their email and
    phone, identifies as surely. Reads encrypted fields: call it only behind
    an access check. All of a person's affiliations count (past ones identify
    too); phones, emails and handles come from the person's contact.
    """
    seats = (
        Seat.objects.filter(process=process)
        .select_related("person", "side")
        .prefetch_related("person__affiliations")
    )
    participants = []
    seated: set[uuid.UUID] = set()
    for seat in seats:
        seated.add(seat.person_id)
        participants.append(
            _participant_of(
                seat.person,
                side=str(seat.side.name) if seat.side is not None else "",
                key=str(seat.pk),
                rank=0,
            )
        )
    participants.sort(key=lambda p: p.key)
    if seated_only:
        return participants
    others = (
        Person.objects.filter(organisation_id=process.organisation_id)
        .exclude(pk__in=seated)
        .prefetch_related("affiliations")
        .order_by("pk")
    )
    participants.extend(
        _participant_of(person, side="", key=f"person-{person.pk}", rank=1)
        for person in others
    )
    return participants


def _participant_of(person: Any, *, side: str, key: str, rank: int) -> Participant:
    contact: dict[str, Any] = person.contact or {}
    affiliations = list(person.affiliations.all())
    return Participant(
        name=str(person.name),
        aliases=_strings(person.aliases),
        titles=_strings(str(a.title) for a in affiliations),
        affiliations=_strings(str(a.organisation_name) for a in affiliations),
        side=side,
        gender=str(person.gender or ""),
        emails=_strings(contact.get("emails") or ()),
        phones=_strings(contact.get("phones") or ()),
        handles=_strings(contact.get("handles") or ()),
        key=key,
        rank=rank,
    )


# Compiled gates by roster: compiling a large registry takes seconds, the same
# roster comes back for every check of a process.
_GATES: dict[int, tuple[tuple[Participant, ...], Gate]] = {}
_GATES_KEPT = 8


def gate_for_process(process: Process, *, seated_only: bool = False) -> Gate:
    """The compiled gate for a process's roster (see :func:`roster_for_process`),
    reused while the roster is unchanged.

    ``seated_only`` is for the checks on text that stays inside the process,
    written by people who may not read the organisation's registry (a
    rapporteur's notes, a participant's comment): refusing a name because it
    is in the registry would answer "is this person on the organisation's
    books?" to anyone who types a guess. Every exit still gates against the
    whole registry."""
    roster = tuple(roster_for_process(process, seated_only=seated_only))
    key = hash(roster)
    cached = _GATES.get(key)
    if cached is not None and cached[0] == roster:
        return cached[1]
    gate = build_gate(roster)
    if len(_GATES) >= _GATES_KEPT:
        _GATES.pop(next(iter(_GATES)))
    _GATES[key] = (roster, gate)
    return gate


def _strings(values: Iterable[Any]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or ():
        s = str(v).strip()
        if s and s not in out:
            out.append(s)
    return tuple(out)
