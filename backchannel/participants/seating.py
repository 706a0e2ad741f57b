"""Seating in bulk: a roster CSV read, previewed, then seated in one step.

The CSV's header names the columns, in any order::

    name,side,role,capacity,gender,level,email,phone,affiliation,title

``name`` and ``role`` are required; a participant needs a ``side`` (a side of
the process, by name). ``role``, ``capacity``, ``gender`` and ``level`` take a
code (``expert``, ``civil_society`` or ``civil society``) or its label in
English or in the user's language (``Non-governmental expert``), whatever the
case, or one of a few everyday words (:data:`ALIASES`: ``Female``, ``Male``,
``Senior``, ``Official``); a bad value is refused with the accepted ones
(:func:`accepted_values`). Left empty,
a new person is ``other``, ``undisclosed`` and ``broader``. ``email`` and
``phone`` hold several values separated by ``;``.

The same checks as ``backchannel import`` and the gate's roster: the shared
size and encoding checks (:mod:`backchannel.textinput.uploads`), no cell that would
run as a spreadsheet formula (:mod:`backchannel.textinput.csvsafe`), and every
problem listed with its line before anything is written. A row matches a
person already in the organisation's registry by the process import's rule
(:func:`backchannel.participants.registry.registry_match`: the same name and,
when both know emails, one in common); the registry's details then stay.

:func:`roster_plan` reads (the preview); :func:`roster_seat` writes, in one
transaction, through ``person_create``, ``affiliation_add`` and ``seat_create``.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from backchannel.core import uploads
from backchannel.core.audit import audit_in
from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.participants import services
from backchannel.participants.access import can_manage_people
from backchannel.participants.models import (
    PERSON_DEFAULTS,
    Capacity,
    Gender,
    Level,
    Person,
    Seat,
    SeatRole,
)
from backchannel.participants.registry import registry_index, registry_match
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Side
from backchannel.textinput import csvsafe

REQUIRED_COLUMNS = ("name", "role")
OPTIONAL_COLUMNS = (
    "side",
    "capacity",
    "gender",
    "level",
    "email",
    "phone",
    "affiliation",
    "title",
)
HEADER = "name,side,role,capacity,gender,level,email,phone,affiliation,title"
FREE_TEXT = ("name", "side", "affiliation", "title")
DEFAULTS = {name: str(value) for name, value in PERSON_DEFAULTS.items()}
CHOICES: dict[str, type[models.TextChoices]] = {
    "role": SeatRole,
    "capacity": Capacity,
    "gender": Gender,
    "level": Level,
}
MAX_ROWS = 2000


@dataclass(frozen=True)
class RosterProblem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("line %(line)s, column %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("line %(line)s: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


@dataclass
class RosterRow:
    """One line of the roster, checked: what will be seated, and who."""

    line: int
    name: str
    role: str
    side: Side | None
    capacity: str
    gender: str
    level: str
    emails: list[str]
    phones: list[str]
    affiliation: str
    title: str
    person: Person | None = None  # already in the registry
    differs: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        return "match" if self.person is not None else "create"

    @property
    def role_label(self) -> str:
        return str(SeatRole(self.role).label)

    @property
    def capacity_label(self) -> str:
        return str(Capacity(self.capacity).label)

    @property
    def gender_label(self) -> str:
        return str(Gender(self.gender).label)

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


@dataclass
class RosterPlan:
    rows: list[RosterRow]
    problems: list[RosterProblem]

    @property
    def new_people(self) -> int:
        return sum(1 for r in self.rows if r.person is None)

    @property
    def matched_people(self) -> int:
        return sum(1 for r in self.rows if r.person is not None)


def read_roster_bytes(data: bytes, *, label: str = "The roster") -> str:
    """An uploaded or read roster file as text: the shared size and encoding
    checks. Raises :class:`ValidationFailed` (``line 1``-style path)."""
    try:
        uploads.check_size(
            len(data), limit=uploads.limit("MAX_UPLOAD_BYTES"), label=label
        )
        return uploads.decode_text(data, label=label)
    except uploads.InputRefused as exc:
        raise ValidationFailed({f"line {exc.line or 1}": [str(exc)]}) from None


def check_roster_text(text: str, *, label: str = "The roster") -> str:
    """Pasted text: the same size limit as a file."""
    try:
        uploads.check_size(
            len(text.encode("utf-8", "surrogatepass")),
            limit=uploads.limit("MAX_UPLOAD_BYTES"),
            label=label,
        )
    except uploads.InputRefused as exc:
        raise ValidationFailed({"line 1": [str(exc)]}) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ValidationFailed(
            {f"line {line}": [_("The roster holds a NUL byte: give UTF-8 text.")]}
        )
    return text.removeprefix("\ufeff")


# Everyday English words a roster exported from elsewhere uses, taken as the
# code they plainly mean. Anything else is refused with the accepted values.
ALIASES: dict[str, dict[str, str]] = {
    "gender": {"female": "woman", "male": "man"},
    "level": {"senior": "key_person"},
    "capacity": {
        "official": "official_personal",
        "government official": "official_personal",
    },
}


def _key(text: str) -> str:
    """Case, spaces, hyphens and underscores do not count."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def _choice(kind: type[models.TextChoices], given: str, column: str = "") -> str | None:
    """The code for ``given``: a code or a label, in the user's language or in
    English, whatever the case; or one of the :data:`ALIASES`."""
    wanted = _key(given)
    for value, label in kind.choices:
        if wanted in (_key(value), _key(str(label))):
            return value
    with translation.override("en"):  # the English label, whatever the language
        for value, label in kind.choices:
            if wanted == _key(str(label)):
                return value
    return ALIASES.get(column, {}).get(wanted)


def accepted_values(kind: type[models.TextChoices]) -> str:
    """``woman (Woman), man (Man), …``: every code with its label in the
    user's language, for the page and for an error."""
    return ", ".join(f"{value} ({label})" for value, label in kind.choices)


def accepted_columns() -> list[tuple[str, str]]:
    """Each column that takes a fixed value, with the values it accepts."""
    return [(column, accepted_values(kind)) for column, kind in CHOICES.items()]


def roster_example(side_names: list[str]) -> str:
    """The header and two lines to paste and adapt, shown on the page: the
    process's own sides, and labels in the user's language (the import takes
    them, as it takes the codes); empty cells keep the defaults."""
    first = side_names[0] if side_names else ""
    second = side_names[1] if len(side_names) > 1 else first
    # A participant needs a side: without any, the example seats an observer.
    role = SeatRole.PARTICIPANT if first else SeatRole.OBSERVER
    rows = [
        [
            _("Amal Haddad"),
            first,
            role.label,
            Capacity.EXPERT.label,
            Gender.WOMAN.label,
            Level.KEY_PERSON.label,
            "amal.haddad@example.org",
            "",
            _("Institute for Water Studies"),
            _("Director"),
        ],
        [
            _("Jonas Berg"),
            second,
            role.label,
            Capacity.CIVIL_SOCIETY.label,
            Gender.MAN.label,
            "",
            "jonas@example.org; j.berg@example.net",
            "",
            "",
            "",
        ],
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([[str(cell) for cell in row] for row in rows])
    return HEADER + "\n" + out.getvalue()


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def require_seating_rights(access: ProcessAccess) -> None:
    access.require_manage()
    if not can_manage_people(access.actor, access.process.organisation_id):
        raise PermissionDenied(
            _(
                "Only conveners and facilitators of this organisation can add "
                "people to its registry."
            )
        )


def roster_plan(*, access: ProcessAccess, text: str) -> RosterPlan:
    """Check every line of a roster and say, per row, who will be created and
    who matched in the registry. Writes nothing."""
    require_seating_rights(access)
    problems: list[RosterProblem] = []
    rows: list[RosterRow] = []

    def problem(line: int, column: str, message: str) -> None:
        problems.append(RosterProblem(line, column, message))

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problem(1, "", _("Unreadable CSV (%(e)s).") % {"e": exc})
        return RosterPlan([], problems)
    if header is None or not any(h.strip() for h in header):
        problem(
            1,
            "",
            _(
                "The roster is empty: give a header line %(header)s, then one "
                "line per person."
            )
            % {"header": HEADER},
        )
        return RosterPlan([], problems)
    columns = [h.strip().lower() for h in header]
    for position, column in enumerate(columns, start=1):
        if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            problem(
                1,
                header[position - 1],
                _("Unknown column (column %(n)s): the header may name %(header)s.")
                % {"n": position, "header": HEADER},
            )
        elif columns.index(column) != position - 1:
            problem(1, column, _("This column appears twice: keep one."))
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            problem(
                1,
                column,
                _("Missing column: the header must name %(required)s.")
                % {"required": ", ".join(REQUIRED_COLUMNS)},
            )
    if problems:
        return RosterPlan([], problems)

    sides = {
        " ".join(str(s.name).split()).casefold(): s
        for s in Side.objects.filter(process=access.process)
    }
    side_names = ", ".join(str(s.name) for s in sides.values()) or _("none yet")
    registry = registry_index(access.process.organisation)
    seated = set(
        Seat.objects.filter(process=access.process).values_list("person_id", flat=True)
    )
    seen: dict[uuid.UUID, int] = {}  # person id → line
    seen_new: dict[str, int] = {}  # name key → line
    line = reader.line_num
    while True:
        start = line + 1
        try:
            raw = next(reader, None)
        except csv.Error as exc:
            problem(start, "", _("Unreadable CSV (%(e)s).") % {"e": exc})
            break
        if raw is None:
            break
        line = reader.line_num
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(columns):
            problem(
                start,
                "",
                _(
                    "Expected %(n)s fields (%(columns)s), found %(found)s: quote "
                    "values that contain a comma."
                )
                % {"n": len(columns), "columns": ",".join(columns), "found": len(raw)},
            )
            continue
        if len(rows) + 1 > MAX_ROWS:
            problem(
                start,
                "",
                _("More than %(n)s people: split the roster into several files.")
                % {"n": MAX_ROWS},
            )
            break
        row = _row(
            dict(zip(columns, raw, strict=True)), start, sides, side_names, problem
        )
        if row is None:
            continue
        try:
            row.person = registry_match(
                registry, {"name": row.name, "contact": {"emails": row.emails}}
            )
        except ValidationFailed as exc:
            problem(start, "name", exc.errors["name"][0])
            continue
        if row.person is not None:
            pk = row.person.pk
            if pk in seated:
                problem(
                    start,
                    "name",
                    _(
                        "%(name)s already holds a seat in this process: edit that "
                        "seat on the roster, or remove this line."
                    )
                    % {"name": row.name},
                )
                continue
            if pk in seen:
                problem(
                    start,
                    "name",
                    _("The same person as line %(line)s: keep one of the two lines.")
                    % {"line": seen[pk]},
                )
                continue
            seen[pk] = start
            row.differs = [
                name
                for name in ("capacity", "gender", "level")
                if getattr(row, name)
                and getattr(row.person, name) != getattr(row, name)
            ]
            for name in ("capacity", "gender", "level"):
                setattr(row, name, str(getattr(row.person, name)))
        else:
            key = " ".join(row.name.split()).casefold()
            if key in seen_new:
                problem(
                    start,
                    "name",
                    _(
                        "The same name as line %(line)s: keep one of the two lines, "
                        "or give each an email of their own."
                    )
                    % {"line": seen_new[key]},
                )
                continue
            seen_new[key] = start
            for name, default in DEFAULTS.items():
                setattr(row, name, getattr(row, name) or default)
        rows.append(row)
    if not rows and not problems:
        problem(line + 1, "", _("The roster has no people: add one line per person."))
    return RosterPlan(rows, problems)


def _row(
    values: dict[str, str],
    line: int,
    sides: dict[str, Side],
    side_names: str,
    problem: Any,
) -> RosterRow | None:
    bad = False
    for column in FREE_TEXT:
        cell = values.get(column, "")
        if csvsafe.formula_like(cell):
            problem(
                line,
                column,
                _("%(cell)r would run as a spreadsheet formula; %(fix)s.")
                % {"cell": cell.strip()[:40], "fix": csvsafe.FIX},
            )
            bad = True
        values[column] = csvsafe.unescape_cell(cell).strip()
    for column in ("email", "phone"):  # never taken as text, even escaped
        if any(csvsafe.formula_like(v) for v in values.get(column, "").split(";")):
            problem(
                line,
                column,
                _("%(cell)r would run as a spreadsheet formula; %(fix)s.")
                % {"cell": values[column].strip()[:40], "fix": csvsafe.FIX},
            )
            values[column] = ""
            bad = True
    name = " ".join(values["name"].split())
    if not bad and not name:
        problem(line, "name", _("The name is empty: give the person's name."))
        bad = True
    elif name and not any(c.isalpha() for c in name):
        problem(line, "name", _("%(v)r is not a name (no letters).") % {"v": name})
        bad = True
    elif len(name) > 200:
        problem(line, "name", _("Longer than 200 characters: shorten it."))
        bad = True
    for column in ("affiliation", "title"):
        if len(values.get(column, "")) > 300:
            problem(line, column, _("Longer than 300 characters: shorten it."))
            bad = True
    if values.get("title") and not values.get("affiliation"):
        problem(line, "affiliation", _("A title needs an affiliation: give both."))
        bad = True
    chosen: dict[str, str] = {}
    for column, kind in CHOICES.items():
        given = values.get(column, "").strip()
        if not given:
            if column == "role":
                problem(
                    line,
                    "role",
                    _("The role is empty: use one of %(v)s.")
                    % {"v": accepted_values(kind)},
                )
                bad = True
            chosen[column] = ""
            continue
        value = _choice(kind, given, column)
        if value is None:
            problem(
                line,
                column,
                _(
                    "%(given)r is not a %(column)s this roster knows: use one of %(values)s."
                )
                % {"given": given, "column": column, "values": accepted_values(kind)},
            )
            bad = True
        chosen[column] = value or ""
    side = None
    side_given = " ".join(values.get("side", "").split())
    if side_given:
        side = sides.get(side_given.casefold())
        if side is None:
            problem(
                line,
                "side",
                _("%(given)r is not a side of this process: use one of %(sides)s.")
                % {"given": side_given, "sides": side_names},
            )
            bad = True
    elif chosen["role"] == SeatRole.PARTICIPANT:
        problem(
            line,
            "side",
            _("A participant sits on a side: give one of %(sides)s.")
            % {"sides": side_names},
        )
        bad = True
    emails = _split(values.get("email", ""))
    for email in emails:
        if not services.EMAIL.match(email):
            problem(
                line,
                "email",
                _("%(v)r is not an email address such as name@example.org.")
                % {"v": email},
            )
            bad = True
    phones = _split(values.get("phone", ""))
    for phone in phones:
        if not services.PHONE.match(phone) or sum(c.isdigit() for c in phone) < 6:
            problem(
                line,
                "phone",
                _("%(v)r is not a phone number such as +41 22 123 45 67.")
                % {"v": phone},
            )
            bad = True
    if bad:
        return None
    return RosterRow(
        line=line,
        name=name,
        role=chosen["role"],
        side=side,
        capacity=chosen["capacity"],
        gender=chosen["gender"],
        level=chosen["level"],
        emails=emails,
        phones=phones,
        affiliation=values.get("affiliation", ""),
        title=values.get("title", ""),
    )


def problems_as_errors(problems: list[RosterProblem]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for p in problems:
        where = f"line {p.line}" + (f", {p.column}" if p.column else "")
        errors.setdefault(where, []).append(p.message)
    return errors


@transaction.atomic
def roster_seat(*, access: ProcessAccess, text: str) -> list[Seat]:
    """Check the roster again, then add its new people to the registry and
    seat everyone, all or nothing. Raises :class:`ValidationFailed` listing
    every problem with its line when anything is wrong."""
    plan = roster_plan(access=access, text=text)
    if plan.problems:
        raise ValidationFailed(problems_as_errors(plan.problems))
    actor = access.login
    organisation = access.process.organisation
    seats: list[Seat] = []
    for row in plan.rows:
        person = row.person
        try:
            if person is None:
                person = services.person_create(
                    actor=actor,
                    organisation=organisation,
                    name=row.name,
                    gender=row.gender,
                    capacity=row.capacity,
                    level=row.level,
                    contact={"emails": row.emails, "phones": row.phones},
                )
                if row.affiliation:
                    services.affiliation_add(
                        actor=actor,
                        person=person,
                        organisation_name=row.affiliation,
                        title=row.title,
                    )
            seats.append(
                services.seat_create(
                    access=access, person=person, role=row.role, side=row.side
                )
            )
        except ValidationFailed as exc:
            raise ValidationFailed(
                {f"line {row.line}, {path}": msgs for path, msgs in exc.errors.items()}
            ) from None
    audit_in(access, "seat.import")
    return seats
