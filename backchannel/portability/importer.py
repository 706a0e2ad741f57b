"""Import a process file as a new process (new ids).

Two steps:

1. ``validate_process_document`` validates the WHOLE document against the
   schema (``schema.ProcessFile``) and lists every problem with its JSON path
   (``$.participants[3].side``) and the fix. It touches no database.
2. Only when there is no problem does ``process_import`` write, in one
   transaction: the design and the roster through the ordinary services (the
   registry's matching, the managers' rights), the recorded content row by row
   (``content.import_content``). Anything still refused rolls back everything.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.db import models, transaction

from backchannel.accounts.models import Organisation, User
from backchannel.core.audit import audit_process
from backchannel.core.errors import ValidationFailed
from backchannel.meetings.services import attendance_set, meeting_create
from backchannel.participants.models import Person, Seat
from backchannel.participants.registry import registry_index, registry_match
from backchannel.participants.services import (
    affiliation_add,
    person_create,
    seat_create,
)
from backchannel.portability.content import import_content
from backchannel.portability.problems import Problem, refusal, validate
from backchannel.portability.schema import ProcessFile, keys_of
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import ExternalProcess, Phase, Process
from backchannel.processes.services import (
    ecosystem_link_create,
    external_process_create,
    objective_plan_create,
    phase_create,
    process_create,
)


def parse(data: Any) -> tuple[Any, list[Problem]]:
    """The document as a ``ProcessFile``, or every problem in it."""
    return validate(ProcessFile, data, {"keys": keys_of(data)})


def validate_process_document(data: Any) -> list[Problem]:
    """Every problem in the document, each with its JSON path and the fix.

    An empty list means ``process_import`` will accept it.
    """
    return parse(data)[1]


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
    doc, problems = parse(data)
    if problems:
        raise refusal(problems)
    system = actor is None
    p = doc.process
    with _at("$.process"):
        process = process_create(
            actor=actor,
            organisation=organisation,
            sides=[side.name for side in doc.sides],
            system=system,
            **p.model_dump(exclude={"organisation"}),
        )
    access = (
        ProcessAccess.operator(process)
        if actor is None
        else access_process_by_id(actor, process.pk, manage=True)
    )
    made: dict[str, dict[str, models.Model]] = {
        "side": dict(
            zip(
                [side.key for side in doc.sides],
                process.sides.order_by("position"),
                strict=True,
            )
        ),
        "phase": {},
        "objective": {},
        "participant": {},
        "meeting": {},
        "segment": {},
    }
    for i, ph in enumerate(doc.phases):
        with _at(f"$.phases[{i}]"):
            made["phase"][ph.key] = phase_create(
                access=access,
                title=ph.title,
                stage=ph.stage,
                starts_on=ph.starts_on,
                ends_on=ph.ends_on,
                position=i + 1,
            )
    for i, ob in enumerate(doc.objectives):
        with _at(f"$.objectives[{i}]"):
            objective = objective_plan_create(
                access=access,
                phase=cast(Phase, made["phase"][ob.phase]),
                kind=ob.kind,
                text=ob.text,
                expectation=ob.expectation,
                status=ob.status,
                indicators=[ind.model_dump() for ind in ob.indicators],
            )
            made["objective"][ob.key] = objective
    registry = registry_index(organisation)
    for i, pe in enumerate(doc.participants):
        with _at(f"$.participants[{i}]"):
            made["participant"][pe.key] = _seat(
                pe,
                registry,
                organisation=organisation,
                access=access,
                actor=actor,
                side=made["side"][pe.side] if pe.side else None,
            )
    for i, me in enumerate(doc.meetings):
        with _at(f"$.meetings[{i}]"):
            meeting = meeting_create(
                access=access,
                title=me.title,
                date=me.date,
                start_time=me.start_time,
                time_zone=me.time_zone,
                duration_minutes=me.duration_minutes,
                phase=cast(Phase, made["phase"][me.phase]) if me.phase else None,
                venue=me.venue,
                venue_withheld=me.venue_withheld,
                agenda=me.agenda,
                segments=[
                    {"title": s.title, "record_rule": s.record_rule, "kind": s.kind}
                    for s in me.segments
                ],
            )
            if me.attendance:
                attendance_set(
                    access=access,
                    meeting=meeting,
                    seat_ids=[made["participant"][k].pk for k in me.attendance],
                )
        made["meeting"][me.key or f"meeting-{i + 1}"] = meeting
        segments = list(meeting.segments.order_by("position"))
        for part, segment in zip(me.segments, segments, strict=True):
            if part.key:
                made["segment"][part.key] = segment
    externals = list(ExternalProcess.objects.filter(organisation=organisation))
    for i, link in enumerate(doc.ecosystem):
        with _at(f"$.ecosystem[{i}]"):
            target = _external_for(
                externals, organisation=organisation, actor=actor, link=link
            )
            ecosystem_link_create(
                access=access,
                relation=link.relation,
                target_external=target,
                note=link.note,
            )
    import_content(doc, process, made)
    audit_process(actor, process, "process.import", process)
    return process


def _seat(
    pe: Any,
    registry: dict[str, list[Person]],
    *,
    organisation: Organisation,
    access: ProcessAccess,
    actor: User | None,
    side: Any,
) -> Seat:
    """Seat a participant of the file: the registry's person when they are
    already there (their details stay; affiliations it lacks are added), else
    a new person."""
    system = actor is None
    contact = pe.contact.model_dump() if pe.contact is not None else {}
    affiliations = pe.affiliation_rows()
    person = registry_match(registry, {"name": pe.name, "contact": contact})
    if person is not None:
        known = {
            (str(a.organisation_name).casefold(), str(a.title).casefold())
            for a in person.affiliations.all()
        }
        for aff in affiliations:
            mark = (aff["organisation_name"].casefold(), aff["title"].casefold())
            if mark not in known:
                affiliation_add(actor=actor, person=person, system=system, **aff)
    else:
        consent = pe.consent
        person = person_create(
            actor=actor,
            organisation=organisation,
            name=pe.name,
            gender=pe.gender,
            capacity=pe.capacity,
            level=pe.level,
            aliases=pe.aliases,
            contact=contact,
            languages=pe.languages,
            consent_on=consent.on if consent else None,
            consent_version=consent.version if consent else "",
            system=system,
        )
        for aff in affiliations:
            affiliation_add(actor=actor, person=person, system=system, **aff)
    seat = seat_create(
        access=access,
        person=person,
        role=pe.role,
        side=side,
        pseudonym=pe.pseudonym,
    )
    if pe.left_on is not None:
        # Left in the old deployment: the seat stays left, so "invite all
        # seats" does not invite this person again.
        Seat.objects.filter(pk=seat.pk).update(left_on=pe.left_on)
        seat.left_on = pe.left_on
    return seat


def _external_for(
    externals: list[ExternalProcess],
    *,
    organisation: Organisation,
    actor: User | None,
    link: Any,
) -> ExternalProcess:
    """The organisation's external process of that name and kind, or a new one."""
    for ext in externals:
        if str(ext.name) == link.name and ext.kind == link.kind:
            return ext
    ext = external_process_create(
        actor=actor,
        organisation=organisation,
        name=link.name,
        kind=link.kind,
        description=link.description,
        system=actor is None,
    )
    externals.append(ext)
    return ext
