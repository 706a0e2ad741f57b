"""Export one process as a portable JSON document (the format: ``schema.py``).

The document names its objects by keys local to the file (``side-1``,
``phase-2``, ``p-07``), never by database ids, so it imports into another
deployment. Every list is sorted on exported values only, so exporting,
importing and exporting again gives an equal document. The design and the
roster are written here; the recorded content by ``content.export_content``.

An exported file holds names, affiliations, contacts (unless left out) and
every encrypted text of the process in plaintext: whoever holds the file holds
the process. The command writes it readable by its owner only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from backchannel.accounts.models import User
from backchannel.core.audit import audit_process
from backchannel.meetings.models import Meeting
from backchannel.participants.models import Affiliation, Person, Seat, SeatRole
from backchannel.participants.services import CONTACT_KEYS
from backchannel.portability.content import export_content
from backchannel.portability.schema import FORMAT, VERSION
from backchannel.processes.access import Operator, ProcessAccess
from backchannel.processes.models import (
    EcosystemLink,
    ExternalKind,
    Objective,
    Process,
    Track,
)
from backchannel.processes.selectors import process_list_for

ROLE_ORDER = [choice.value for choice in SeatRole]
TRACK_KIND: dict[str, ExternalKind] = {
    Track.TRACK_1_5: ExternalKind.TRACK_1_5,
    Track.TRACK_2: ExternalKind.TRACK_2,
}


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
    meeting_key = {m.pk: f"meeting-{i}" for i, m in enumerate(meetings, 1)}
    segments = [
        seg
        for m in meetings
        for seg in sorted(m.segments.all(), key=lambda s: s.position)
    ]
    segment_key = {seg.pk: f"segment-{i}" for i, seg in enumerate(segments, 1)}
    meeting_docs = [
        {
            "key": meeting_key[m.pk],
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
                {
                    "key": segment_key[seg.pk],
                    "title": seg.label,
                    "record_rule": seg.record_rule,
                    **({"kind": seg.kind} if seg.kind else {}),
                }
                for seg in sorted(m.segments.all(), key=lambda s: s.position)
            ],
            "attendance": sorted(
                {participant_key[a] for a in m.attendance if a in participant_key},
                key=key_order.index,
            ),
        }
        for m in meetings
    ]
    keys = {
        "side": side_key,
        "phase": phase_key,
        "objective": {o.pk: f"objective-{i}" for i, o in enumerate(objectives, 1)},
        "participant": {s.pk: participant_key[str(s.pk)] for s in seats},
        "meeting": meeting_key,
        "segment": segment_key,
    }

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
        **export_content(process, keys),
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
    if seat.left_on is not None:  # a seat that left stays left (never re-invited)
        doc["left_on"] = _day(seat.left_on)
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
        ext, target = link.target_external, link.target_process
        if ext is not None:
            name, kind, description = str(ext.name), ext.kind, str(ext.description)
        elif target is not None and can_see(target):
            name, kind, description = (
                str(target.title),
                TRACK_KIND.get(target.track, ExternalKind.OTHER).value,
                "",
            )
        else:
            continue
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
