"""Export one process as a portable JSON document, and import such a document.

The document names its objects by keys local to the file (``side-1``,
``phase-2``, ``p-07``), never by database ids, so it imports into another
deployment. Export order is stable (see ``_export_document``), so exporting,
importing and exporting again gives an equal document.

Import follows two steps:

1. ``validate_process_document`` walks the WHOLE document and collects every
   problem with its JSON path (``$.participants[3].side``) and the fix. It
   touches no database.
2. Only when there is no problem does ``process_import`` write, in one
   transaction and through the ordinary services, so a service that still
   refuses something rolls back everything written before it.

An exported file holds names, affiliations and (unless left out) contacts in
plaintext: whoever holds the file holds the process.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from backchannel.accounts.models import Organisation, User
from backchannel.core import uploads
from backchannel.core.audit import audit_process
from backchannel.core.errors import ValidationFailed
from backchannel.meetings.models import (
    DURATION_MAX,
    TIME_ZONE_MAX,
    Meeting,
    validate_time_zone,
)
from backchannel.meetings.services import attendance_set, meeting_create
from backchannel.participants.models import (
    Affiliation,
    Capacity,
    Gender,
    Level,
    Person,
    Seat,
    SeatRole,
)
from backchannel.participants.registry import registry_index, registry_match
from backchannel.participants.services import (
    CONTACT_KEYS,
    EMAIL,
    PHONE,
    affiliation_add,
    person_create,
    seat_create,
)
from backchannel.processes.access import (
    Operator,
    ProcessAccess,
    access_process_by_id,
)
from backchannel.processes.models import (
    Approach,
    EcosystemLink,
    ExternalKind,
    ExternalProcess,
    Objective,
    ObjectiveKind,
    ObjectiveStatus,
    Phase,
    Process,
    ProcessStatus,
    RecordRule,
    Relation,
    Side,
    Stage,
    Track,
)
from backchannel.processes.selectors import process_list_for
from backchannel.processes.services import (
    ecosystem_link_create,
    external_process_create,
    indicator_create,
    measurement_record,
    objective_create,
    phase_create,
    process_create,
)
from backchannel.textinput import csvsafe

FORMAT = "backchannel-process"
VERSION = 1

ROLE_ORDER = [choice.value for choice in SeatRole]
TRACK_KIND = {
    Track.TRACK_1_5: ExternalKind.TRACK_1_5,
    Track.TRACK_2: ExternalKind.TRACK_2,
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a document: where (a JSON path) and what to do."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


# --------------------------------------------------------------------- export


def process_export(*, access: ProcessAccess, contacts: bool = True) -> dict[str, Any]:
    """The process as a document. Only its managers may export it.

    Links to other processes of the organisation that the actor cannot see are
    left out, as the ecosystem view leaves out their names; the operator
    (``ProcessAccess.operator``) sees every process not destroyed.
    """
    access.require_manage()

    if access.is_operator:

        def can_see(p: Process) -> bool:
            return p.data_key.destroyed_on is None

    else:
        visible = {row.process.pk for row in process_list_for(access.actor)}

        def can_see(p: Process) -> bool:
            return p.pk in visible

    document = _export_document(access.process, can_see=can_see, contacts=contacts)
    _audit_export(access.actor, access.process)
    return document


def _audit_export(actor: User | Operator, process: Process) -> None:
    audit_process(actor, process, "process.export", process)


def _meeting_time(meeting: Meeting) -> dict[str, Any]:
    """A meeting's start time, zone and duration, only when it has a start time
    (so exports of meetings without one stay as they were)."""
    if meeting.start_time is None:
        return {}
    return {
        "start_time": meeting.start_time.strftime("%H:%M"),
        "time_zone": meeting.time_zone,
        "duration_minutes": meeting.duration_minutes,
    }


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _current_affiliation(affiliations: list[Affiliation]) -> str:
    today = timezone.now().date()
    current = [a for a in affiliations if a.ends_on is None or a.ends_on >= today]
    if not current:
        return ""
    current.sort(key=lambda a: a.starts_on or dt.date.min, reverse=True)
    return current[0].describe()


def _export_document(
    process: Process, *, can_see: Callable[[Process], bool], contacts: bool
) -> dict[str, Any]:
    """Build the document. Every list is sorted on exported values only, so the
    order survives a round trip through import."""
    sides = list(process.sides.order_by("position"))
    side_key = {side.pk: f"side-{i}" for i, side in enumerate(sides, 1)}
    phases = list(process.phases.order_by("position"))
    phase_key = {phase.pk: f"phase-{i}" for i, phase in enumerate(phases, 1)}
    phase_index = {phase.pk: i for i, phase in enumerate(phases)}

    objectives = list(
        Objective.objects.filter(process=process).prefetch_related(
            "indicators__measurements"
        )
    )
    objectives.sort(
        key=lambda o: (phase_index[o.phase_id], o.position, str(o.text).casefold())
    )
    objective_docs = []
    for i, objective in enumerate(objectives, 1):
        indicators = sorted(
            objective.indicators.all(),
            key=lambda ind: (str(ind.name).casefold(), ind.baseline, ind.target),
        )
        objective_docs.append(
            {
                "key": f"objective-{i}",
                "phase": phase_key[objective.phase_id],
                "kind": objective.kind,
                "text": str(objective.text),
                "expectation": str(objective.expectation),
                "status": objective.status,
                "indicators": [
                    {
                        "name": str(ind.name),
                        "unit": str(ind.unit),
                        "baseline": ind.baseline,
                        "target": ind.target,
                        "measurements": [
                            {
                                "measured_on": _day(m.measured_on),
                                "value": m.value,
                                "note": str(m.note),
                            }
                            for m in sorted(
                                ind.measurements.all(),
                                key=lambda m: (m.measured_on, m.value, str(m.note)),
                            )
                        ],
                    }
                    for ind in indicators
                ],
            }
        )

    seats = list(
        Seat.objects.filter(process=process)
        .select_related("person", "side")
        .prefetch_related("person__affiliations")
    )
    seats.sort(
        key=lambda s: (
            s.side.position if s.side is not None else 10_000,
            ROLE_ORDER.index(s.role),
            str(s.pseudonym).casefold(),
            str(s.person.name).casefold(),
        )
    )
    participant_key = {str(s.pk): f"p-{i:02d}" for i, s in enumerate(seats, 1)}
    participant_docs = [
        _participant_document(
            seat,
            key=participant_key[str(seat.pk)],
            side_key=side_key,
            contacts=contacts,
        )
        for seat in seats
    ]

    meetings = list(
        Meeting.objects.filter(process=process).prefetch_related(
            "agenda_items", "segments"
        )
    )
    meetings.sort(key=lambda m: (m.date, str(m.title).casefold()))
    key_order = list(participant_key.values())
    meeting_docs = [
        {
            "title": str(m.title),
            "date": _day(m.date),
            **_meeting_time(m),
            "phase": phase_key.get(m.phase_id) if m.phase_id else None,
            "venue": str(m.venue),
            "venue_withheld": m.venue_withheld,
            "agenda": [
                str(item.title)
                for item in sorted(m.agenda_items.all(), key=lambda a: a.position)
            ],
            "segments": [
                {"title": str(seg.title), "record_rule": seg.record_rule}
                for seg in sorted(m.segments.all(), key=lambda s: s.position)
            ],
            "attendance": sorted(
                {participant_key[a] for a in m.attendance if a in participant_key},
                key=key_order.index,
            ),
        }
        for m in meetings
    ]

    return {
        "format": FORMAT,
        "version": VERSION,
        "process": {
            "title": str(process.title),
            "context": str(process.context),
            "track": process.track,
            "stage": process.stage,
            "approach": process.approach,
            "status": process.status,
            "record_rule": process.record_rule,
            "retention_until": _day(process.retention_until),
            "ground_rules": str(process.ground_rules or ""),
            "organisation": process.organisation.slug,
        },
        "sides": [{"key": side_key[s.pk], "name": str(s.name)} for s in sides],
        "phases": [
            {
                "key": phase_key[p.pk],
                "title": str(p.title),
                "stage": p.stage,
                "starts_on": _day(p.starts_on),
                "ends_on": _day(p.ends_on),
            }
            for p in phases
        ],
        "objectives": objective_docs,
        "participants": participant_docs,
        "meetings": meeting_docs,
        "ecosystem": _ecosystem_documents(process, can_see),
    }


def _participant_document(
    seat: Seat, *, key: str, side_key: dict[Any, str], contacts: bool
) -> dict[str, Any]:
    person: Person = seat.person
    affiliations = list(person.affiliations.all())
    listed = sorted(
        affiliations,
        key=lambda a: (
            -(a.starts_on or dt.date.min).toordinal(),
            str(a.organisation_name).casefold(),
            str(a.title).casefold(),
        ),
    )
    doc: dict[str, Any] = {
        "key": key,
        "name": str(person.name),
        "aliases": list(person.aliases),
        "side": side_key.get(seat.side_id) if seat.side_id else None,
        "role": seat.role,
        "pseudonym": str(seat.pseudonym),
        "capacity": str(person.capacity),
        "gender": str(person.gender),
        "level": str(person.level),
        "affiliation": _current_affiliation(affiliations),
        "affiliations": [
            {
                "organisation": str(a.organisation_name),
                "title": str(a.title),
                "starts_on": _day(a.starts_on),
                "ends_on": _day(a.ends_on),
            }
            for a in listed
        ],
        "languages": list(person.languages),
    }
    if contacts:
        stored = person.contact or {}
        doc["contact"] = {k: list(stored.get(k, [])) for k in CONTACT_KEYS}
    doc["consent"] = {"on": _day(person.consent_on), "version": person.consent_version}
    return doc


def _ecosystem_documents(
    process: Process, can_see: Callable[[Process], bool]
) -> list[dict[str, Any]]:
    """Links from this process. A link to another process of the workspace
    becomes a link to an external process of the same name, since that process
    does not travel with the file."""
    links = EcosystemLink.objects.filter(process=process).select_related(
        "target_external", "target_process__data_key"
    )
    docs = []
    for link in links:
        if link.target_external_id:
            ext = link.target_external
            name, kind, description = str(ext.name), ext.kind, str(ext.description)
        else:
            target = link.target_process
            if not can_see(target):
                continue
            name, kind, description = (
                str(target.title),
                TRACK_KIND.get(target.track, ExternalKind.OTHER).value,
                "",
            )
        docs.append(
            {
                "relation": link.relation,
                "name": name,
                "kind": kind,
                "description": description,
                "note": str(link.note),
            }
        )
    docs.sort(key=lambda d: (d["relation"], d["kind"], d["name"].casefold(), d["note"]))
    return docs


# ----------------------------------------------------------------- validation


def document_from_text(text: str) -> Any:
    """Parse JSON text; a syntax error names its line and column."""
    try:
        return uploads.json_loads(text, label="The file")
    except uploads.InputRefused as exc:
        raise ValidationFailed({"$": [str(exc)]}) from None
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            {
                "$": [
                    f"not valid JSON at line {exc.lineno}, column {exc.colno}: "
                    f"{exc.msg}. Fix the file at that spot and try again."
                ]
            }
        ) from None


def validate_process_document(data: Any) -> list[Problem]:
    """Every problem in the document, each with its JSON path and the fix.

    An empty list means ``process_import`` will accept it.
    """
    return _Checker().document(data)[0] + _formula_problems(data, "$")


def _formula_problems(value: Any, path: str) -> list[Problem]:
    """Text that would run as a spreadsheet formula once exported to CSV."""
    if isinstance(value, str):
        if csvsafe.formula_like(value):
            return [Problem(path, f"{value.strip()[:40]!r}: {csvsafe.FIX}.")]
        return []
    if isinstance(value, dict):
        return [
            p for k, v in value.items() for p in _formula_problems(v, f"{path}.{k}")
        ]
    if isinstance(value, list):
        return [
            p for i, v in enumerate(value) for p in _formula_problems(v, f"{path}[{i}]")
        ]
    return []


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _one_of(options: list[str], given: str = "") -> str:
    shown = options if len(options) <= 16 else [*options[:12], "…"]
    hint = _suggest(given, options)
    return f"use one of {shown}" + (f" (did you mean {hint!r}?)" if hint else "")


def _suggest(given: str, options: list[str]) -> str | None:
    """The option the author most likely meant, if one stands out."""
    if not given:
        return None
    starting = [o for o in options if o.startswith(given)]
    if len(starting) == 1:
        return starting[0]
    scored = sorted(
        ((difflib.SequenceMatcher(None, given, o).ratio(), o) for o in options),
        reverse=True,
    )
    if not scored or scored[0][0] < 0.6:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def _max_length(model: type[models.Model], field: str) -> int | None:
    return model._meta.get_field(field).max_length


def _choices(choices: type[models.TextChoices]) -> list[str]:
    return [c.value for c in choices]


class _Checker:
    """Walks a document, collecting problems and a cleaned copy to import.

    Each ``_<type>`` helper returns the cleaned value, or a harmless default
    after recording a problem, so the walk always reaches the end.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # -- shapes
    def _object(
        self,
        value: Any,
        path: str,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, f"expected an object {{…}}, found {_kind_of(value)}.")
            return None
        allowed = [*required, *optional]
        for name in required:
            if name not in value:
                self.add(f"{path}.{name}", f"missing: add {name!r} to this object.")
        for name in value:
            if name not in allowed:
                self.add(
                    f"{path}.{name}",
                    f"unknown key {name!r}: remove it or {_one_of(allowed, str(name))}.",
                )
        return value

    def _list(self, obj: dict[str, Any], name: str, path: str) -> list[Any]:
        value = obj.get(name, [])
        if not isinstance(value, list):
            self.add(f"{path}.{name}", f"expected a list […], found {_kind_of(value)}.")
            return []
        return value

    def _text(
        self,
        obj: dict[str, Any],
        name: str,
        path: str,
        *,
        max_length: int | None = None,
        required: bool = False,
    ) -> str:
        where = f"{path}.{name}"
        value = obj.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(where, f"expected a string, found {_kind_of(value)}.")
            return ""
        value = value.strip()
        if required and not value and name in obj:
            self.add(where, "is empty: write it out.")
        if max_length is not None and len(value) > max_length:
            self.add(
                where,
                f"is {len(value)} characters long: shorten it to {max_length} or fewer.",
            )
        return value

    def _choice(
        self,
        obj: dict[str, Any],
        name: str,
        path: str,
        choices: type[models.TextChoices],
        default: str | None = None,
    ) -> str:
        options = _choices(choices)
        value = obj.get(name, default)
        if value is None and default is None and name not in obj:
            return ""  # missing, already reported by _object
        if not isinstance(value, str) or value not in options:
            shown = repr(value) if isinstance(value, str) else _kind_of(value)
            self.add(
                f"{path}.{name}",
                f"{shown} is not a valid {name.replace('_', ' ')}: "
                f"{_one_of(options, value if isinstance(value, str) else '')}.",
            )
            return default or options[0]
        return value

    def _date(
        self, obj: dict[str, Any], name: str, path: str, *, required: bool = False
    ) -> dt.date | None:
        value = obj.get(name)
        if value is None:
            if required and name in obj:
                self.add(f"{path}.{name}", "is null: give a date as YYYY-MM-DD.")
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        shown = repr(value) if isinstance(value, str) else _kind_of(value)
        self.add(
            f"{path}.{name}",
            f"{shown} is not a date: write it as YYYY-MM-DD, e.g. '2026-03-01'.",
        )
        return None

    def _number(self, obj: dict[str, Any], name: str, path: str) -> float | None:
        """The number, or None when it is missing (reported already) or wrong."""
        value = obj.get(name)
        if name not in obj:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.add(
                f"{path}.{name}",
                f"expected a number such as 3 or 2.5, found {_kind_of(value)}.",
            )
            return None
        return float(value)

    def _meeting_time_in(self, obj: dict[str, Any], path: str) -> dict[str, Any]:
        """A meeting's optional start time (HH:MM), time zone and duration."""
        start: dt.time | None = None
        value = obj.get("start_time")
        if value is not None:
            try:
                start = dt.time.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                start = None
            if start is None:
                shown = repr(value) if isinstance(value, str) else _kind_of(value)
                self.add(
                    f"{path}.start_time",
                    f"{shown} is not a time: write it as HH:MM, e.g. '09:30'.",
                )
        zone = self._text(obj, "time_zone", path, max_length=TIME_ZONE_MAX)
        if zone:
            try:
                validate_time_zone(zone)
            except ValidationError:
                self.add(
                    f"{path}.time_zone",
                    f"{zone!r} is not a time zone name: give an IANA name such as "
                    "'Europe/Paris', 'Asia/Beirut' or 'UTC'.",
                )
        elif start is not None:
            self.add(
                f"{path}.time_zone",
                "a start time needs its time zone: give an IANA name such as "
                "'Europe/Paris'.",
            )
        duration = obj.get("duration_minutes")
        if duration is not None and (
            isinstance(duration, bool)
            or not isinstance(duration, int)
            or not 1 <= duration <= DURATION_MAX
        ):
            self.add(
                f"{path}.duration_minutes",
                f"expected whole minutes from 1 to {DURATION_MAX}, "
                f"found {_kind_of(duration)}.",
            )
            duration = None
        elif duration is not None and "start_time" not in obj:
            self.add(
                f"{path}.duration_minutes",
                "a duration needs a start time: add start_time or remove the duration.",
            )
        return {
            "start_time": start,
            "time_zone": zone if start is not None else "",
            "duration_minutes": duration,
        }

    def _bool(self, obj: dict[str, Any], name: str, path: str) -> bool:
        value = obj.get(name, False)
        if not isinstance(value, bool):
            self.add(
                f"{path}.{name}", f"expected true or false, found {_kind_of(value)}."
            )
            return False
        return value

    def _strings(self, obj: dict[str, Any], name: str, path: str) -> list[str]:
        out = []
        for i, item in enumerate(self._list(obj, name, path)):
            if not isinstance(item, str):
                self.add(
                    f"{path}.{name}[{i}]", f"expected a string, found {_kind_of(item)}."
                )
            elif item.strip():
                out.append(item.strip())
        return out

    def _key(
        self,
        item: dict[str, Any],
        path: str,
        seen: dict[str, str],
    ) -> str:
        value = item.get("key")
        if not isinstance(value, str) or not value.strip():
            if "key" in item:
                self.add(
                    f"{path}.key",
                    f"expected a non-empty string such as 'p-01', found {_kind_of(value)}.",
                )
            return ""
        if value in seen:
            self.add(
                f"{path}.key",
                f"the key {value!r} is also used at {seen[value]}: give each a "
                "different key.",
            )
        else:
            seen[value] = path
        return value

    def _reference(
        self,
        value: Any,
        path: str,
        known: dict[str, str],
        *,
        what: str,
        listed_at: str,
        nullable: bool,
    ) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or value not in known:
            shown = repr(value) if isinstance(value, str) else _kind_of(value)
            if not known:
                fix = f"add it to {listed_at} first"
            else:
                fix = _one_of(list(known), value if isinstance(value, str) else "")
            self.add(path, f"unknown {what} key {shown}; {fix}.")
            return None
        return value

    # -- the document
    def document(self, data: Any) -> tuple[list[Problem], dict[str, Any]]:
        doc = self._object(
            data,
            "$",
            required=("format", "version", "process", "sides"),
            optional=("phases", "objectives", "participants", "meetings", "ecosystem"),
        )
        if doc is None:
            return self.problems, {}
        if "format" in doc and doc["format"] != FORMAT:
            self.add(
                "$.format",
                f"{doc['format']!r} is not a Backchannel process file: it must be "
                f"{FORMAT!r} (export one with `backchannel export`).",
            )
        if "version" in doc and (
            isinstance(doc["version"], bool) or doc["version"] != VERSION
        ):
            self.add(
                "$.version",
                f"this Backchannel reads version {VERSION} files, not "
                f"{doc['version']!r}: export the file again with a matching version.",
            )
        clean: dict[str, Any] = {"process": self._process(doc.get("process"))}
        clean["sides"] = self._sides(doc)
        side_keys = {s["key"]: s["path"] for s in clean["sides"] if s["key"]}
        clean["phases"] = self._phases(doc)
        phase_keys = {p["key"]: p["path"] for p in clean["phases"] if p["key"]}
        clean["objectives"] = self._objectives(doc, phase_keys)
        clean["participants"] = self._participants(doc, side_keys)
        participant_keys = {
            p["key"]: p["path"] for p in clean["participants"] if p["key"]
        }
        clean["meetings"] = self._meetings(doc, phase_keys, participant_keys)
        clean["ecosystem"] = self._ecosystem(doc)
        return self.problems, clean

    def _process(self, value: Any) -> dict[str, Any]:
        path = "$.process"
        obj = self._object(
            value,
            path,
            required=("title", "track", "stage", "approach"),
            optional=(
                "context",
                "status",
                "record_rule",
                "retention_until",
                "ground_rules",
                "organisation",
            ),
        )
        if obj is None:
            return {}
        self._text(obj, "organisation", path)
        return {
            "title": self._text(
                obj,
                "title",
                path,
                max_length=_max_length(Process, "title"),
                required=True,
            ),
            "context": self._text(obj, "context", path),
            "track": self._choice(obj, "track", path, Track),
            "stage": self._choice(obj, "stage", path, Stage),
            "approach": self._choice(obj, "approach", path, Approach),
            "status": self._choice(
                obj, "status", path, ProcessStatus, ProcessStatus.PLANNING
            ),
            "record_rule": self._choice(
                obj, "record_rule", path, RecordRule, RecordRule.CHATHAM_HOUSE
            ),
            "retention_until": self._date(obj, "retention_until", path),
            "ground_rules": self._text(obj, "ground_rules", path),
        }

    def _sides(self, doc: dict[str, Any]) -> list[dict[str, Any]]:
        items = self._list(doc, "sides", "$")
        if "sides" in doc and isinstance(doc["sides"], list) and len(items) < 2:
            self.add(
                "$.sides",
                f"a process needs at least two sides; this file has {len(items)}: "
                "add the missing side.",
            )
        seen: dict[str, str] = {}
        names: dict[str, str] = {}
        out = []
        for i, item in enumerate(items):
            path = f"$.sides[{i}]"
            obj = self._object(item, path, required=("key", "name"))
            if obj is None:
                continue
            key = self._key(obj, path, seen)
            name = self._text(
                obj, "name", path, max_length=_max_length(Side, "name"), required=True
            )
            if name.casefold() in names:
                self.add(
                    f"{path}.name",
                    f"{name!r} is also the name of {names[name.casefold()]}: give each "
                    "side a different name.",
                )
            elif name:
                names[name.casefold()] = path
            out.append({"key": key, "name": name, "path": path})
        return out

    def _phases(self, doc: dict[str, Any]) -> list[dict[str, Any]]:
        seen: dict[str, str] = {}
        out = []
        for i, item in enumerate(self._list(doc, "phases", "$")):
            path = f"$.phases[{i}]"
            obj = self._object(
                item,
                path,
                required=("key", "title", "stage"),
                optional=("starts_on", "ends_on"),
            )
            if obj is None:
                continue
            phase = {
                "key": self._key(obj, path, seen),
                "path": path,
                "title": self._text(
                    obj,
                    "title",
                    path,
                    max_length=_max_length(Phase, "title"),
                    required=True,
                ),
                "stage": self._choice(obj, "stage", path, Stage),
                "starts_on": self._date(obj, "starts_on", path),
                "ends_on": self._date(obj, "ends_on", path),
            }
            self._order(phase["starts_on"], phase["ends_on"], path, "phase")
            out.append(phase)
        return out

    def _order(
        self, starts: dt.date | None, ends: dt.date | None, path: str, what: str
    ) -> None:
        if starts and ends and ends < starts:
            self.add(
                f"{path}.ends_on",
                f"the {what} ends ({ends}) before it starts ({starts}): swap or "
                "correct the dates.",
            )

    def _objectives(
        self, doc: dict[str, Any], phase_keys: dict[str, str]
    ) -> list[dict[str, Any]]:
        seen: dict[str, str] = {}
        out = []
        for i, item in enumerate(self._list(doc, "objectives", "$")):
            path = f"$.objectives[{i}]"
            obj = self._object(
                item,
                path,
                required=("key", "phase", "kind", "text"),
                optional=("expectation", "status", "indicators"),
            )
            if obj is None:
                continue
            objective = {
                "key": self._key(obj, path, seen),
                "phase": self._reference(
                    obj.get("phase"),
                    f"{path}.phase",
                    phase_keys,
                    what="phase",
                    listed_at="$.phases",
                    nullable=False,
                )
                if "phase" in obj
                else None,
                "kind": self._choice(obj, "kind", path, ObjectiveKind),
                "text": self._text(
                    obj,
                    "text",
                    path,
                    max_length=_max_length(Objective, "text"),
                    required=True,
                ),
                "expectation": self._text(obj, "expectation", path),
                "status": self._choice(
                    obj, "status", path, ObjectiveStatus, ObjectiveStatus.NOT_STARTED
                ),
                "indicators": [],
            }
            for j, ind in enumerate(self._list(obj, "indicators", path)):
                objective["indicators"].append(
                    self._indicator(ind, f"{path}.indicators[{j}]")
                )
            out.append(objective)
        return out

    def _indicator(self, value: Any, path: str) -> dict[str, Any]:
        obj = self._object(
            value,
            path,
            required=("name", "baseline", "target"),
            optional=("unit", "measurements"),
        )
        if obj is None:
            return {}
        indicator = {
            "name": self._text(obj, "name", path, max_length=300, required=True),
            "unit": self._text(obj, "unit", path, max_length=40),
            "baseline": self._number(obj, "baseline", path),
            "target": self._number(obj, "target", path),
            "measurements": [],
        }
        if (
            indicator["baseline"] is not None
            and indicator["baseline"] == indicator["target"]
        ):
            self.add(
                f"{path}.target",
                "equals the baseline: set the value the indicator should reach.",
            )
        for k, item in enumerate(self._list(obj, "measurements", path)):
            where = f"{path}.measurements[{k}]"
            m = self._object(
                item, where, required=("measured_on", "value"), optional=("note",)
            )
            if m is None:
                continue
            indicator["measurements"].append(
                {
                    "measured_on": self._date(m, "measured_on", where, required=True),
                    "value": self._number(m, "value", where),
                    "note": self._text(m, "note", where),
                }
            )
        return indicator

    def _participants(
        self, doc: dict[str, Any], side_keys: dict[str, str]
    ) -> list[dict[str, Any]]:
        seen: dict[str, str] = {}
        pseudonyms: dict[str, str] = {}
        out = []
        for i, item in enumerate(self._list(doc, "participants", "$")):
            path = f"$.participants[{i}]"
            obj = self._object(
                item,
                path,
                required=("key", "name", "capacity"),
                optional=(
                    "side",
                    "role",
                    "pseudonym",
                    "gender",
                    "level",
                    "aliases",
                    "affiliation",
                    "affiliations",
                    "languages",
                    "contact",
                    "consent",
                ),
            )
            if obj is None:
                continue
            person = {
                "key": self._key(obj, path, seen),
                "path": path,
                "name": self._text(
                    obj,
                    "name",
                    path,
                    max_length=_max_length(Person, "name"),
                    required=True,
                ),
                "side": self._reference(
                    obj.get("side"),
                    f"{path}.side",
                    side_keys,
                    what="side",
                    listed_at="$.sides",
                    nullable=True,
                ),
                "role": self._choice(obj, "role", path, SeatRole, SeatRole.PARTICIPANT),
                "pseudonym": self._text(
                    obj, "pseudonym", path, max_length=_max_length(Seat, "pseudonym")
                ),
                "capacity": self._choice(obj, "capacity", path, Capacity),
                "gender": self._choice(obj, "gender", path, Gender, Gender.UNDISCLOSED),
                "level": self._choice(obj, "level", path, Level, Level.BROADER),
                "aliases": self._strings(obj, "aliases", path),
                "languages": self._strings(obj, "languages", path),
                "affiliations": self._affiliations(obj, path),
                "contact": self._contact(obj, path),
                "consent_on": None,
                "consent_version": "",
            }
            if person["role"] == SeatRole.PARTICIPANT and obj.get("side") is None:
                self.add(
                    f"{path}.side",
                    "a participant sits on a side: give a side key "
                    f"({_one_of(list(side_keys))}), or change the role.",
                )
            if person["pseudonym"]:
                folded = person["pseudonym"].casefold()
                if folded in pseudonyms:
                    self.add(
                        f"{path}.pseudonym",
                        f"{person['pseudonym']!r} is also the pseudonym at "
                        f"{pseudonyms[folded]}: give each seat its own, or leave it "
                        "empty to have one assigned.",
                    )
                else:
                    pseudonyms[folded] = path
            consent = obj.get("consent")
            if consent is not None:
                c = self._object(consent, f"{path}.consent", optional=("on", "version"))
                if c is not None:
                    person["consent_on"] = self._date(c, "on", f"{path}.consent")
                    person["consent_version"] = self._text(
                        c,
                        "version",
                        f"{path}.consent",
                        max_length=_max_length(Person, "consent_version"),
                    )
            out.append(person)
        return out

    def _affiliations(self, obj: dict[str, Any], path: str) -> list[dict[str, Any]]:
        current = self._text(obj, "affiliation", path, max_length=300)
        listed = self._list(obj, "affiliations", path)
        if not listed:
            # A hand-written file may give only the current affiliation as text.
            return [{"organisation_name": current, "title": ""}] if current else []
        out = []
        for j, item in enumerate(listed):
            where = f"{path}.affiliations[{j}]"
            a = self._object(
                item,
                where,
                required=("organisation",),
                optional=("title", "starts_on", "ends_on"),
            )
            if a is None:
                continue
            affiliation = {
                "organisation_name": self._text(
                    a, "organisation", where, max_length=300, required=True
                ),
                "title": self._text(a, "title", where, max_length=300),
                "starts_on": self._date(a, "starts_on", where),
                "ends_on": self._date(a, "ends_on", where),
            }
            self._order(
                affiliation["starts_on"], affiliation["ends_on"], where, "affiliation"
            )
            out.append(affiliation)
        return out

    def _contact(self, obj: dict[str, Any], path: str) -> dict[str, list[str]]:
        if obj.get("contact") is None:
            return {}
        where = f"{path}.contact"
        c = self._object(obj["contact"], where, optional=CONTACT_KEYS)
        if c is None:
            return {}
        out = {}
        for kind in CONTACT_KEYS:
            values = self._strings(c, kind, where)
            for j, v in enumerate(values):
                if kind == "emails" and not EMAIL.match(v):
                    self.add(
                        f"{where}.emails[{j}]",
                        f"{v!r} is not an email address such as name@example.org.",
                    )
                if kind == "phones" and not PHONE.match(v):
                    self.add(
                        f"{where}.phones[{j}]",
                        f"{v!r} is not a phone number such as +41 22 123 45 67.",
                    )
            out[kind] = values
        return out

    def _meetings(
        self,
        doc: dict[str, Any],
        phase_keys: dict[str, str],
        participant_keys: dict[str, str],
    ) -> list[dict[str, Any]]:
        out = []
        for i, item in enumerate(self._list(doc, "meetings", "$")):
            path = f"$.meetings[{i}]"
            obj = self._object(
                item,
                path,
                required=("title", "date"),
                optional=(
                    "start_time",
                    "time_zone",
                    "duration_minutes",
                    "phase",
                    "venue",
                    "venue_withheld",
                    "agenda",
                    "segments",
                    "attendance",
                ),
            )
            if obj is None:
                continue
            meeting = {
                "path": path,
                "title": self._text(
                    obj,
                    "title",
                    path,
                    max_length=_max_length(Meeting, "title"),
                    required=True,
                ),
                "date": self._date(obj, "date", path, required=True),
                "phase": self._reference(
                    obj.get("phase"),
                    f"{path}.phase",
                    phase_keys,
                    what="phase",
                    listed_at="$.phases",
                    nullable=True,
                ),
                "venue": self._text(
                    obj, "venue", path, max_length=_max_length(Meeting, "venue")
                ),
                "venue_withheld": self._bool(obj, "venue_withheld", path),
                **self._meeting_time_in(obj, path),
                "agenda": [],
                "segments": [],
                "attendance": [],
            }
            if meeting["venue_withheld"] and meeting["venue"]:
                self.add(
                    f"{path}.venue",
                    "the venue is withheld, so it must be empty: remove the venue or "
                    "set venue_withheld to false.",
                )
            for j, title in enumerate(self._list(obj, "agenda", path)):
                if not isinstance(title, str) or not title.strip():
                    self.add(
                        f"{path}.agenda[{j}]",
                        f"expected an agenda item title, found {_kind_of(title)}.",
                    )
                else:
                    meeting["agenda"].append(title.strip())
            for j, seg in enumerate(self._list(obj, "segments", path)):
                where = f"{path}.segments[{j}]"
                s = self._object(seg, where, required=("title", "record_rule"))
                if s is None:
                    continue
                meeting["segments"].append(
                    {
                        "title": self._text(
                            s, "title", where, max_length=300, required=True
                        ),
                        "record_rule": self._choice(
                            s, "record_rule", where, RecordRule
                        ),
                    }
                )
            attended: set[str] = set()
            for j, key in enumerate(self._list(obj, "attendance", path)):
                where = f"{path}.attendance[{j}]"
                found = self._reference(
                    key,
                    where,
                    participant_keys,
                    what="participant",
                    listed_at="$.participants",
                    nullable=False,
                )
                if found is None:
                    continue
                if found in attended:
                    self.add(where, f"{found!r} is listed twice: remove one.")
                attended.add(found)
                meeting["attendance"].append(found)
            out.append(meeting)
        return out

    def _ecosystem(self, doc: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for i, item in enumerate(self._list(doc, "ecosystem", "$")):
            path = f"$.ecosystem[{i}]"
            obj = self._object(
                item,
                path,
                required=("relation", "name", "kind"),
                optional=("description", "note"),
            )
            if obj is None:
                continue
            out.append(
                {
                    "relation": self._choice(obj, "relation", path, Relation),
                    "name": self._text(
                        obj,
                        "name",
                        path,
                        max_length=_max_length(ExternalProcess, "name"),
                        required=True,
                    ),
                    "kind": self._choice(obj, "kind", path, ExternalKind),
                    "description": self._text(obj, "description", path),
                    "note": self._text(obj, "note", path),
                }
            )
        return out


# --------------------------------------------------------------------- import


@contextmanager
def _at(path: str) -> Iterator[None]:
    """Name the document path in a refusal that validation did not foresee."""
    try:
        yield
    except ValidationFailed as exc:
        raise ValidationFailed(
            {f"{path}.{field}": messages for field, messages in exc.errors.items()}
        ) from None


@transaction.atomic
def process_import(
    *, organisation: Organisation, data: Any, actor: User | None = None
) -> Process:
    """Create a new process (new ids) in ``organisation`` from a document.

    ``actor=None`` is the operator at the command line. With a user, the
    services check that they may create the process and edit the registry.
    A participant already in the organisation's registry (same name, and an
    email in common when both have one) is seated again, not duplicated.
    Raises ``ValidationFailed`` listing every problem, having written nothing.
    """
    problems, doc = _Checker().document(data)
    problems += _formula_problems(data, "$")
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.path, []).append(problem.message)
        raise ValidationFailed(errors)
    system = actor is None
    p = doc["process"]
    with _at("$.process"):
        process = process_create(
            actor=actor,
            organisation=organisation,
            sides=[side["name"] for side in doc["sides"]],
            system=system,
            **p,
        )
    access = (
        ProcessAccess.operator(process)
        if actor is None
        else access_process_by_id(actor, process.pk, manage=True)
    )
    sides = dict(
        zip(
            [side["key"] for side in doc["sides"]],
            process.sides.order_by("position"),
            strict=True,
        )
    )
    phases: dict[str, Phase] = {}
    for position, ph in enumerate(doc["phases"], 1):
        with _at(ph["path"]):
            phases[ph["key"]] = phase_create(
                access=access,
                title=ph["title"],
                stage=ph["stage"],
                starts_on=ph["starts_on"],
                ends_on=ph["ends_on"],
                position=position,
            )
    for i, ob in enumerate(doc["objectives"]):
        with _at(f"$.objectives[{i}]"):
            objective = objective_create(
                access=access,
                phase=phases[ob["phase"]],
                kind=ob["kind"],
                text=ob["text"],
                expectation=ob["expectation"],
                status=ob["status"],
            )
            for ind in ob["indicators"]:
                indicator = indicator_create(
                    access=access,
                    objective=objective,
                    name=ind["name"],
                    unit=ind["unit"],
                    baseline=ind["baseline"],
                    target=ind["target"],
                )
                for m in ind["measurements"]:
                    measurement_record(access=access, indicator=indicator, **m)
    seats: dict[str, Seat] = {}
    registry = registry_index(organisation)
    for pe in doc["participants"]:
        with _at(pe["path"]):
            person = registry_match(registry, pe)
        if person is not None:
            # Already in the registry (a second import of the same file, or a
            # person seated in another process): seated again, not duplicated.
            # The registry's details stay; affiliations it lacks are added.
            with _at(pe["path"]):
                known = {
                    (str(a.organisation_name).casefold(), str(a.title).casefold())
                    for a in person.affiliations.all()
                }
                for aff in pe["affiliations"]:
                    mark = (
                        aff["organisation_name"].casefold(),
                        (aff.get("title") or "").casefold(),
                    )
                    if mark not in known:
                        affiliation_add(
                            actor=actor, person=person, system=system, **aff
                        )
                seats[pe["key"]] = seat_create(
                    access=access,
                    person=person,
                    role=pe["role"],
                    side=sides[pe["side"]] if pe["side"] else None,
                    pseudonym=pe["pseudonym"],
                )
            continue
        with _at(pe["path"]):
            person = person_create(
                actor=actor,
                organisation=organisation,
                name=pe["name"],
                gender=pe["gender"],
                capacity=pe["capacity"],
                level=pe["level"],
                aliases=pe["aliases"],
                contact=pe["contact"],
                languages=pe["languages"],
                consent_on=pe["consent_on"],
                consent_version=pe["consent_version"],
                system=system,
            )
            for aff in pe["affiliations"]:
                affiliation_add(actor=actor, person=person, system=system, **aff)
            seats[pe["key"]] = seat_create(
                access=access,
                person=person,
                role=pe["role"],
                side=sides[pe["side"]] if pe["side"] else None,
                pseudonym=pe["pseudonym"],
            )
    for me in doc["meetings"]:
        with _at(me["path"]):
            meeting = meeting_create(
                access=access,
                title=me["title"],
                date=me["date"],
                start_time=me["start_time"],
                time_zone=me["time_zone"],
                duration_minutes=me["duration_minutes"],
                phase=phases[me["phase"]] if me["phase"] else None,
                venue=me["venue"],
                venue_withheld=me["venue_withheld"],
                agenda=me["agenda"],
                segments=me["segments"],
            )
            if me["attendance"]:
                attendance_set(
                    access=access,
                    meeting=meeting,
                    seat_ids=[seats[k].pk for k in me["attendance"]],
                )
    externals = list(ExternalProcess.objects.filter(organisation=organisation))
    for i, link in enumerate(doc["ecosystem"]):
        with _at(f"$.ecosystem[{i}]"):
            target = _external_for(
                externals, organisation=organisation, actor=actor, link=link
            )
            ecosystem_link_create(
                access=access,
                relation=link["relation"],
                target_external=target,
                note=link["note"],
            )
    audit_process(actor, process, "process.import", process)
    return process


def _external_for(
    externals: list[ExternalProcess],
    *,
    organisation: Organisation,
    actor: User | None,
    link: dict[str, Any],
) -> ExternalProcess:
    """The organisation's external process of that name and kind, or a new one."""
    for ext in externals:
        if str(ext.name) == link["name"] and ext.kind == link["kind"]:
            return ext
    ext = external_process_create(
        actor=actor,
        organisation=organisation,
        name=link["name"],
        kind=link["kind"],
        description=link["description"],
        system=actor is None,
    )
    externals.append(ext)
    return ext
