"""The export format, as pydantic models: the schema IS the validator.

``ProcessFile`` describes a whole file: the design and the roster (written
out below, field by field) and the recorded content (one model per kind of
``kinds.py``, generated below from its Django model's fields, with the shape
of the JSON fields people type in ``JSON_SHAPES``). Version 1 files (design
and roster only, as exported before the content was carried) still read:
their missing lists are empty. Each value type (``fields.py``) carries its
own error message; ``problems.py`` adds the path.

Keys are local to the file (``side-1``, ``p-07``): references between objects
are checked against the keys the file declares, gathered by ``keys_of`` before
validation and handed to pydantic as its context.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import models
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from backchannel.core.fields import EncryptedJSONField, EncryptedTimeField
from backchannel.evaluation.models import Frequency
from backchannel.meetings.models import (
    DURATION_MAX,
    TIME_ZONE_MAX,
    Meeting,
    SegmentKind,
    validate_time_zone,
)
from backchannel.participants.models import (
    Capacity,
    Gender,
    Level,
    Person,
    Seat,
    SeatRole,
)
from backchannel.participants.services import EMAIL, PHONE
from backchannel.portability.fields import (
    Choice,
    Clock,
    Day,
    Flag,
    Key,
    Moment,
    Number,
    Prose,
    Ref,
    Refs,
    RequiredDay,
    Strings,
    Text,
    Whole,
    kind_of,
    one_of,
    refuse,
)
from backchannel.portability.kinds import (
    BALLOTS,
    KINDS,
    MODEL_KEYS,
    REF,
    Kind,
    carried_fields,
    file_name,
)
from backchannel.processes.models import (
    Approach,
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

FORMAT = "backchannel-process"
VERSION = 2
READS = (1, 2)


def _max(model: Any, field: str) -> int | None:
    return model._meta.get_field(field).max_length


class Part(BaseModel):
    """A part of the file: unknown keys are refused, types are strict."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)


class ProcessPart(Part):
    title: Annotated[str, Text(_max(Process, "title"), required=True)]
    context: Annotated[str, Text()] = ""
    track: Annotated[str, Choice(Track)]
    stage: Annotated[str, Choice(Stage)]
    approach: Annotated[str, Choice(Approach)]
    status: Annotated[str, Choice(ProcessStatus, ProcessStatus.PLANNING)] = (
        ProcessStatus.PLANNING
    )
    record_rule: Annotated[str, Choice(RecordRule, RecordRule.CHATHAM_HOUSE)] = (
        RecordRule.CHATHAM_HOUSE
    )
    retention_until: Day = None
    ground_rules: Annotated[str, Text()] = ""
    organisation: Annotated[str, Text()] = ""


class SidePart(Part):
    key: Key
    name: Annotated[str, Text(_max(Side, "name"), required=True)]


def _order(starts: dt.date | None, ends: dt.date | None, what: str) -> None:
    if starts and ends and ends < starts:
        raise refuse(
            "",
            at=[
                (
                    ".ends_on",
                    f"the {what} ends ({ends}) before it starts ({starts}): swap "
                    "or correct the dates.",
                )
            ],
        )


class PhasePart(Part):
    key: Key
    title: Annotated[str, Text(_max(Phase, "title"), required=True)]
    stage: Annotated[str, Choice(Stage)]
    starts_on: Day = None
    ends_on: Day = None

    @model_validator(mode="after")
    def _dates(self) -> PhasePart:
        _order(self.starts_on, self.ends_on, "phase")
        return self


class MeasurementPart(Part):
    measured_on: RequiredDay
    value: Number
    note: Annotated[str, Text()] = ""


class IndicatorPart(Part):
    name: Annotated[str, Text(300, required=True)]
    unit: Annotated[str, Text(40)] = ""
    baseline: Number
    target: Number
    measurements: list[MeasurementPart] = []

    @model_validator(mode="after")
    def _moves(self) -> IndicatorPart:
        if self.baseline == self.target:
            raise refuse(
                "",
                at=[
                    (
                        ".target",
                        "equals the baseline: set the value the indicator should "
                        "reach.",
                    )
                ],
            )
        return self


class ObjectivePart(Part):
    key: Key
    phase: Annotated[str, Ref("phase", "$.phases", nullable=False)]
    kind: Annotated[str, Choice(ObjectiveKind)]
    text: Annotated[str, Text(_max(Objective, "text"), required=True)]
    expectation: Annotated[str, Text()] = ""
    status: Annotated[str, Choice(ObjectiveStatus, ObjectiveStatus.NOT_STARTED)] = (
        ObjectiveStatus.NOT_STARTED
    )
    indicators: list[IndicatorPart] = []


class AffiliationPart(Part):
    organisation: Annotated[str, Text(300, required=True)]
    title: Annotated[str, Text(300)] = ""
    starts_on: Day = None
    ends_on: Day = None

    @model_validator(mode="after")
    def _dates(self) -> AffiliationPart:
        _order(self.starts_on, self.ends_on, "affiliation")
        return self


class ContactPart(Part):
    emails: Annotated[
        list[str],
        Strings(
            lambda v: bool(EMAIL.match(v)), "an email address such as name@example.org"
        ),
    ] = []
    phones: Annotated[
        list[str],
        Strings(
            lambda v: bool(PHONE.match(v)), "a phone number such as +41 22 123 45 67"
        ),
    ] = []
    handles: Annotated[list[str], Strings()] = []


class ConsentPart(Part):
    on: Day = None
    version: Annotated[str, Text(_max(Person, "consent_version"))] = ""


class ParticipantPart(Part):
    key: Key
    name: Annotated[str, Text(_max(Person, "name"), required=True)]
    side: Annotated[str | None, Ref("side", "$.sides", nullable=True)] = None
    role: Annotated[str, Choice(SeatRole, SeatRole.PARTICIPANT)] = SeatRole.PARTICIPANT
    pseudonym: Annotated[str, Text(_max(Seat, "pseudonym"))] = ""
    capacity: Annotated[str, Choice(Capacity)]
    gender: Annotated[str, Choice(Gender, Gender.UNDISCLOSED)] = Gender.UNDISCLOSED
    level: Annotated[str, Choice(Level, Level.BROADER)] = Level.BROADER
    aliases: Annotated[list[str], Strings()] = []
    affiliation: Annotated[str, Text(300)] = ""
    affiliations: list[AffiliationPart] = []
    languages: Annotated[list[str], Strings()] = []
    contact: ContactPart | None = None
    consent: ConsentPart | None = None
    left_on: Day = None

    @model_validator(mode="after")
    def _seated(self, info: Any) -> ParticipantPart:
        if self.role == SeatRole.PARTICIPANT and self.side is None:
            sides = list(((info.context or {}).get("keys") or {}).get("side", []))
            raise refuse(
                "",
                at=[
                    (
                        ".side",
                        "a participant sits on a side: give a side key "
                        f"({one_of(sides)}), or change the role.",
                    )
                ],
            )
        return self

    def affiliation_rows(self) -> list[dict[str, Any]]:
        """The affiliations to record; a hand-written file may give only the
        current affiliation as text."""
        if not self.affiliations:
            return (
                [{"organisation_name": self.affiliation, "title": ""}]
                if self.affiliation
                else []
            )
        return [
            {
                "organisation_name": a.organisation,
                "title": a.title,
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
            }
            for a in self.affiliations
        ]


class SegmentPart(Part):
    key: Key | None = None
    title: Annotated[str, Text(300, required=True)]
    record_rule: Annotated[str, Choice(RecordRule)]
    # "whole_meeting": the workspace's own segment, titled in the reader's
    # language (``title`` is then only its name in the exporter's)
    kind: Annotated[str, Choice(SegmentKind, default="")] = ""


class MeetingPart(Part):
    key: Key | None = None
    title: Annotated[str, Text(_max(Meeting, "title"), required=True)]
    date: RequiredDay
    start_time: Clock = None
    time_zone: Annotated[str, Text(TIME_ZONE_MAX)] = ""
    duration_minutes: Any = None
    phase: Annotated[str | None, Ref("phase", "$.phases", nullable=True)] = None
    venue: Annotated[str, Text(_max(Meeting, "venue"))] = ""
    venue_withheld: Flag = False
    agenda: Annotated[list[str], Strings()] = []
    segments: list[SegmentPart] = []
    attendance: Annotated[list[str], Refs("participant", "$.participants")] = []
    record_closed_on: Day = None

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, zone: str) -> str:
        if zone:
            try:
                validate_time_zone(zone)
            except ValidationError:
                raise refuse(
                    f"{zone!r} is not a time zone name: give an IANA name such as "
                    "'Europe/Paris', 'Asia/Beirut' or 'UTC'."
                ) from None
        return zone

    @field_validator("duration_minutes", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            value = None
        if value is None or not 1 <= value <= DURATION_MAX:
            raise refuse(
                f"expected whole minutes from 1 to {DURATION_MAX}, found a number."
            )
        return value

    @model_validator(mode="after")
    def _rules(self) -> MeetingPart:
        wrong = []
        if self.venue_withheld and self.venue:
            wrong.append(
                (
                    ".venue",
                    "the venue is withheld, so it must be empty: remove the venue "
                    "or set venue_withheld to false.",
                )
            )
        if self.start_time is not None and not self.time_zone:
            wrong.append(
                (
                    ".time_zone",
                    "a start time needs its time zone: give an IANA name such as "
                    "'Europe/Paris'.",
                )
            )
        if self.duration_minutes is not None and self.start_time is None:
            wrong.append(
                (
                    ".duration_minutes",
                    "a duration needs a start time: add start_time or remove the "
                    "duration.",
                )
            )
        if wrong:
            raise refuse("", at=wrong)
        if self.start_time is None:
            self.time_zone = ""
        return self


class EcosystemPart(Part):
    relation: Annotated[str, Choice(Relation)]
    name: Annotated[str, Text(_max(ExternalProcess, "name"), required=True)]
    kind: Annotated[str, Choice(ExternalKind)]
    description: Annotated[str, Text()] = ""
    note: Annotated[str, Text()] = ""


def _unique(items: list[Any], attr: str, what: str, fix: str) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    wrong = []
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if not value:
            continue
        folded = value.casefold() if attr != "key" else value
        if folded in seen:
            wrong.append(
                (
                    f"[{i}].{attr}",
                    f"{value!r} is also the {what} at [{seen[folded]}]: {fix}.",
                )
            )
        else:
            seen[folded] = i
    return wrong


class DesignFile(Part):
    """The design and the roster: what version 1 carried."""

    format: str
    version: int
    process: ProcessPart
    sides: list[SidePart]
    phases: list[PhasePart] = []
    objectives: list[ObjectivePart] = []
    participants: list[ParticipantPart] = []
    meetings: list[MeetingPart] = []
    ecosystem: list[EcosystemPart] = []

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> str:
        if value != FORMAT:
            raise refuse(
                f"{value!r} is not a Backchannel process file: it must be "
                f"{FORMAT!r} (export one with `backchannel export`)."
            )
        return value

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> int:
        if isinstance(value, bool) or value not in READS:
            raise refuse(
                f"this Backchannel reads version {' or '.join(map(str, READS))} "
                f"files, not {value!r}: export the file again with a matching "
                "version."
            )
        return value

    @field_validator("sides")
    @classmethod
    def _sides(cls, sides: list[SidePart]) -> list[SidePart]:
        if len(sides) < 2:
            raise refuse(
                f"a process needs at least two sides; this file has {len(sides)}: "
                "add the missing side."
            )
        wrong = _unique(sides, "key", "key", "give each a different key")
        wrong += _unique(sides, "name", "name", "give each side a different name")
        if wrong:
            raise refuse("", at=wrong)
        return sides

    @field_validator("phases", "objectives")
    @classmethod
    def _keys(cls, items: list[Any]) -> list[Any]:
        wrong = _unique(items, "key", "key", "give each a different key")
        if wrong:
            raise refuse("", at=wrong)
        return items

    @field_validator("meetings")
    @classmethod
    def _meeting_keys(cls, items: list[MeetingPart]) -> list[MeetingPart]:
        wrong = _unique(items, "key", "key", "give each a different key")
        seen: dict[str, str] = {}
        for i, meeting in enumerate(items):
            for j, segment in enumerate(meeting.segments):
                where = f"[{i}].segments[{j}]"
                if segment.key and segment.key in seen:
                    wrong.append(
                        (
                            f"{where}.key",
                            f"{segment.key!r} is also the key at {seen[segment.key]}: "
                            "give each segment a different key.",
                        )
                    )
                elif segment.key:
                    seen[segment.key] = f"$.meetings{where}"
        if wrong:
            raise refuse("", at=wrong)
        return items

    @field_validator("participants")
    @classmethod
    def _participants(cls, items: list[ParticipantPart]) -> list[ParticipantPart]:
        wrong = _unique(items, "key", "key", "give each a different key")
        wrong += _unique(
            items,
            "pseudonym",
            "pseudonym",
            "give each seat its own, or leave it empty to have one assigned",
        )
        if wrong:
            raise refuse("", at=wrong)
        return items


# -- the recorded content: one model per kind, built from its Django model


def _unique_keys(items: list[Any]) -> list[Any]:
    wrong = _unique(items, "key", "key", "give each a different key")
    if wrong:
        raise refuse("", at=wrong)
    return items


def _run_validators(f: Any) -> Any:
    """The Django field's own validators (language codes and the like)."""

    def check(value: Any) -> Any:
        if value in (None, ""):
            return value
        try:
            f.run_validators(value)
        except ValidationError as exc:
            raise refuse(" ".join(str(m) for m in exc.messages)) from None
        return value

    return AfterValidator(check)


def _choices(f: Any) -> Any:
    options = [c[0] for c in f.flatchoices]
    if all(isinstance(o, int) for o in options):

        def whole(value: Any) -> int:
            if isinstance(value, bool) or value not in options:
                raise refuse(f"{kind_of(value)} {value!r} is not one of {options}.")
            return int(value)

        return Annotated[int, BeforeValidator(whole)]
    names = [str(o) for o in options]
    allowed = [*names, ""] if f.blank else names

    def check(value: Any, info: ValidationInfo) -> str:
        if not isinstance(value, str) or value not in allowed:
            shown = repr(value) if isinstance(value, str) else kind_of(value)
            raise refuse(
                f"{shown} is not a valid {(info.field_name or '').replace('_', ' ')}: "
                f"{one_of(names, value if isinstance(value, str) else '')}."
            )
        return value

    return Annotated[str, BeforeValidator(check)]


def field_type(f: Any) -> tuple[Any, Any]:
    """The pydantic type and default of a carried model field."""
    optional = f.null or f.blank or f.has_default() or getattr(f, "auto_now", False)
    optional = optional or getattr(f, "auto_now_add", False)
    if f.many_to_many:
        target = MODEL_KEYS[f.related_model]
        return Annotated[list[str], Refs(target, f"$.{_listed(target)}")], []
    if f.is_relation:
        target = MODEL_KEYS[f.related_model]
        return (
            Annotated[str | None, Ref(target, f"$.{_listed(target)}", nullable=f.null)],
            None if f.null else ...,
        )
    if isinstance(f, models.DateTimeField):
        kind: Any = Moment
    elif isinstance(f, models.DateField):
        kind = Day if optional else RequiredDay
    elif isinstance(f, models.TimeField | EncryptedTimeField):
        kind = Clock
    elif isinstance(f, models.BooleanField):
        kind = Flag
    elif isinstance(f, models.UUIDField):
        kind = Key  # an identity shared by rows (a section across versions)
    elif isinstance(f, models.JSONField | EncryptedJSONField):
        kind = Any
    elif f.choices:
        kind = _choices(f)
    elif isinstance(f, models.IntegerField):
        kind = Annotated[int, Whole(0 if "Positive" in type(f).__name__ else -(2**31))]
    elif isinstance(f, models.FloatField):
        kind = Number
    else:
        kind = Annotated[str, Prose(f.max_length)]
    kind = Annotated[kind, _run_validators(f)]
    if not optional:
        return kind, ...
    default = f.get_default() if f.has_default() else None
    if default is None and not f.null and not isinstance(f, models.DateField):
        default = ""
    return kind | None, default


def _listed(key: str) -> str:
    for kind in KINDS:
        if kind.key == key:
            return kind.name
    return {"ballot": BALLOTS, "segment": "meetings[].segments"}.get(key, f"{key}s")


def _named(*kinds: str) -> BeforeValidator:
    """Inside a JSON field, an object of the file named ``key:<key>``; any
    other text is an object that was not carried, kept as it is."""

    def check(value: Any, info: ValidationInfo) -> str:
        if not isinstance(value, str):
            raise refuse(f"expected a string, found {kind_of(value)}.")
        if value.startswith(REF):
            known = (info.context or {}).get("keys") or {}
            options = [REF + k for kind in kinds for k in known.get(kind, [])]
            if value not in options:
                raise refuse(f"unknown key {value!r}; {one_of(options, value)}.")
        return value

    return BeforeValidator(check)


class CustomItemPart(Part):
    key: Key
    text: Annotated[str, Prose(300, required=True)]


class ReportedContactPart(Part):
    """A contact a participant reported with someone of another side."""

    seat: Annotated[str, _named("participant")]
    frequency: Annotated[str, Choice(Frequency)]


class SourceType(StrEnum):
    NOTE = "note"
    IDEA_VERSION = "idea_version"


class SourcePart(Part):
    type: Annotated[str, Choice(SourceType)]
    id: Annotated[str, _named("note", "idea-version")]
    label: Annotated[str, Prose(300)] = ""


# The shape of the JSON fields a person typed or chose (figures computed by
# the workspace, such as a round's published results, are kept as they are).
JSON_SHAPES: dict[tuple[str, str], Any] = {
    ("feedback", "conditions"): list[Annotated[str, Prose(2000)]],
    ("feedback", "red_lines"): list[Annotated[str, Prose(2000)]],
    ("trust_rounds", "custom_items"): list[CustomItemPart],
    ("trust_responses", "answers"): dict[str, Annotated[int, Whole(0, 100)]],
    ("contact_reports", "contacts"): list[ReportedContactPart],
    ("outputs", "sources"): list[SourcePart],
}


def _speaker_on_record(model: Any) -> Any:
    """Chatham House: a note names its speaker on the record only."""
    if getattr(model, "speaker", None) and model.rule != RecordRule.ON_RECORD:
        raise refuse(
            "",
            at=[
                (
                    ".speaker",
                    f"a note under the {model.rule!r} rule names no speaker: remove "
                    "the speaker, or set the rule to 'on_record' if it was said on "
                    "the record.",
                )
            ],
        )
    return model


def _kind_model(kind: Kind) -> type[Part]:
    fields: dict[str, Any] = {"key": (Key, ...)}
    for f in carried_fields(kind):
        kind_type, default = field_type(f)
        shape = JSON_SHAPES.get((kind.name, f.name))
        if shape is not None:
            kind_type = shape | None if default is not ... else shape
        fields[file_name(f)] = (kind_type, default)
    name = "".join(w.capitalize() for w in kind.name.split("_")) + "Part"
    validators: dict[str, Any] = {}
    if "speaker" in fields and "rule" in fields:
        validators["speaker_on_record"] = model_validator(mode="after")(
            _speaker_on_record
        )
    return create_model(name, __base__=Part, __validators__=validators, **fields)


KIND_MODELS: dict[str, type[Part]] = {kind.name: _kind_model(kind) for kind in KINDS}


def _votes(value: Any, info: ValidationInfo) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise refuse(f"expected an object {{…}}, found {kind_of(value)}.")
    known = set(((info.context or {}).get("keys") or {}).get("statement", []))
    wrong = []
    for statement, vote in value.items():
        if statement not in known:
            wrong.append(
                (
                    f".{statement}",
                    f"unknown statement key {statement!r}; give a key of $.statements.",
                )
            )
        elif isinstance(vote, bool) or vote not in (-1, 0, 1):
            wrong.append(
                (
                    f".{statement}",
                    f"{kind_of(vote)} {vote!r} is not a vote: use 1 (agree), "
                    "-1 (disagree) or 0 (pass).",
                )
            )
    if wrong:
        raise refuse("", at=wrong)
    return value


class BallotPart(Part):
    """An anonymous voter: its votes (statement key → 1, -1 or 0) and the
    statements it wrote."""

    key: Key
    consultation: Annotated[str, Ref("consultation", "$.consultations", nullable=False)]
    votes: Annotated[dict[str, int], BeforeValidator(_votes)] = {}
    wrote: Annotated[list[str], Refs("statement", "$.statements")] = []


_CONTENT: dict[str, Any] = {
    name: (Annotated[list[model], AfterValidator(_unique_keys)], [])  # type: ignore[valid-type]
    for name, model in KIND_MODELS.items()
}
ProcessFile: type[DesignFile] = create_model(
    "ProcessFile",
    __base__=DesignFile,
    **_CONTENT,
    ballots=(Annotated[list[BallotPart], AfterValidator(_unique_keys)], []),
)
"""A whole file: design, roster and content."""


def keys_of(data: Any) -> dict[str, list[str]]:
    """The keys a document declares, per kind, read leniently (validation
    reports malformed ones): the context that ``Ref`` checks against."""
    if not isinstance(data, dict):
        return {}

    def declared(name: str) -> list[str]:
        items = data.get(name)
        if not isinstance(items, list):
            return []
        return [
            item["key"]
            for item in items
            if isinstance(item, dict) and isinstance(item.get("key"), str)
        ]

    keys = {
        "side": declared("sides"),
        "phase": declared("phases"),
        "objective": declared("objectives"),
        "participant": declared("participants"),
        "ballot": declared(BALLOTS),
        **{kind.key: declared(kind.name) for kind in KINDS},
    }
    found = data.get("meetings")
    meetings: list[Any] = found if isinstance(found, list) else []
    keys["meeting"] = [
        m["key"] if isinstance(m.get("key"), str) and m["key"] else f"meeting-{i}"
        for i, m in enumerate(meetings, 1)
        if isinstance(m, dict)
    ]
    keys["segment"] = [
        s["key"]
        for m in meetings
        if isinstance(m, dict) and isinstance(m.get("segments"), list)
        for s in m["segments"]
        if isinstance(s, dict) and isinstance(s.get("key"), str)
    ]
    return keys


__all__ = [
    "FORMAT",
    "READS",
    "VERSION",
    "BallotPart",
    "DesignFile",
    "ProcessFile",
    "keys_of",
]
