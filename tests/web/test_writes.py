"""Every write of the web UI × every role: allowed roles change the data, the
others change nothing and get the same answer as for a GET."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from backchannel.accounts.models import ApiToken
from backchannel.meetings.models import Meeting
from backchannel.participants.models import Affiliation, Person, Seat
from backchannel.participants.services import person_create
from backchannel.processes.models import (
    EcosystemLink,
    ExternalProcess,
    Indicator,
    Measurement,
    Objective,
    Phase,
    Process,
    Side,
)
from backchannel.processes.services import side_create
from tests.web.conftest import WebWorld, as_role
from tests.web.pages import PEOPLE_MANAGERS
from tests.world import ALL_ROLES, MANAGING_ROLES, VIEWING_ROLES

Probe = Callable[[WebWorld, dict[str, Any]], Any]


def _count(model: Any, **filters: Any) -> Probe:
    return lambda web, extra: model.objects.filter(**filters).count()


def _exists(model: Any, key: str) -> Probe:
    return lambda web, extra: model.objects.filter(pk=_id(web, extra, key)).exists()


def _field(model: Any, key: str, name: str) -> Probe:
    return lambda web, extra: str(
        getattr(model.objects.get(pk=_id(web, extra, key)), name)
    )


def _id(web: WebWorld, extra: dict[str, Any], key: str) -> Any:
    return extra[key] if key in extra else getattr(web.ours, key)


def _manage_status(role: str) -> int:
    if role in MANAGING_ROLES:
        return 302
    return 403 if role in VIEWING_ROLES else 404


def _seat_status(role: str) -> int:
    # Interpreters do not see the roster: a seat answers them like a random id
    # (tests/security/test_adv_existence_oracle.py).
    return 404 if role == "interpreter" else _manage_status(role)


def _people_status(role: str) -> int:
    return 302 if role in PEOPLE_MANAGERS else 404


def _create_status(role: str) -> int:
    if role == "org_convener":
        return 302
    # The outsider convenes another organisation: ours is not among its choices.
    return 422 if role == "outsider" else 403


@dataclass
class Write:
    name: str
    url: Callable[[WebWorld, dict[str, Any]], str]
    data: Callable[[WebWorld, dict[str, Any]], dict[str, Any]]
    probe: Probe
    status: Callable[[str], int] = _manage_status
    prepare: Callable[[WebWorld], dict[str, Any]] = field(default=lambda web: {})

    def allowed(self, role: str) -> bool:
        return self.status(role) in (200, 302)


def _url(name: str, *keys: str) -> Callable[[WebWorld, dict[str, Any]], str]:
    return lambda web, extra: reverse(name, args=[_id(web, extra, k) for k in keys])


def _third_side(web: WebWorld) -> dict[str, Any]:
    return {"side": side_create(access=web.world.access(), name="Mediators").pk}


def _unseated_person(web: WebWorld) -> dict[str, Any]:
    person = person_create(
        actor=None,
        organisation=web.world.org,
        name="Ilse Varnholm",
        gender="woman",
        capacity="civil_society",
        level="broader",
        system=True,
    )
    return {"new_person": person.pk}


PROCESS_FIELDS = {
    "track": "2",
    "stage": "preventive",
    "approach": "problem_solving",
    "status": "active",
    "record_rule": "chatham_house",
}
MEETING_FORM = {
    "segments-TOTAL_FORMS": "2",
    "segments-INITIAL_FORMS": "0",
    "segments-0-title": "Closed session",
    "segments-0-record_rule": "off_record",
    "segments-1-title": "",
    "segments-1-record_rule": "",
}

WRITES = [
    Write(
        "process-create",
        _url("processes:process-create"),
        lambda web, extra: {
            "organisation": web.world.org.pk,
            "title": "Highland Grazing Dialogue",
            "sides": "Uplanders\nLowlanders",
            **PROCESS_FIELDS,
        },
        lambda web, extra: Process.objects.filter(organisation=web.world.org).count(),
        status=_create_status,
    ),
    Write(
        "process-edit",
        _url("processes:process-edit", "process"),
        lambda web, extra: {"title": "Renamed dialogue", **PROCESS_FIELDS},
        _field(Process, "process", "title"),
    ),
    Write(
        "side-create",
        _url("processes:side-create", "process"),
        lambda web, extra: {"name": "Observers"},
        lambda web, extra: Side.objects.filter(process_id=web.ours.process).count(),
    ),
    Write(
        "side-edit",
        _url("processes:side-edit", "side"),
        lambda web, extra: {"name": "Northern delegation"},
        _field(Side, "side", "name"),
    ),
    Write(
        "side-delete",
        _url("processes:side-delete", "side"),
        lambda web, extra: {},
        _exists(Side, "side"),
        prepare=_third_side,
    ),
    Write(
        "phase-create",
        _url("processes:phase-create", "process"),
        lambda web, extra: {"title": "Consolidation", "stage": "negotiation"},
        lambda web, extra: Phase.objects.filter(process_id=web.ours.process).count(),
    ),
    Write(
        "phase-edit",
        _url("processes:phase-edit", "phase"),
        lambda web, extra: {"title": "Exploration, extended", "stage": "negotiation"},
        _field(Phase, "phase", "title"),
    ),
    Write(
        "phase-delete",
        _url("processes:phase-delete", "phase"),
        lambda web, extra: {},
        _exists(Phase, "phase"),
    ),
    Write(
        "objective-create",
        _url("processes:objective-create", "phase"),
        lambda web, extra: {
            "kind": "joint_statement",
            "text": "A joint statement on flood warnings",
            "status": "not_started",
        },
        lambda web, extra: Objective.objects.filter(phase_id=web.ours.phase).count(),
    ),
    Write(
        "objective-edit",
        _url("processes:objective-edit", "objective"),
        lambda web, extra: {
            "kind": "problem_solving",
            "text": "Map the options, and rank them",
            "status": "in_progress",
            "phase": web.ours.phase,
        },
        _field(Objective, "objective", "text"),
    ),
    Write(
        "objective-delete",
        _url("processes:objective-delete", "objective"),
        lambda web, extra: {},
        _exists(Objective, "objective"),
    ),
    Write(
        "indicator-create",
        _url("processes:indicator-create", "objective"),
        lambda web, extra: {"name": "Meetings held", "baseline": "0", "target": "4"},
        lambda web, extra: Indicator.objects.filter(
            objective_id=web.ours.objective
        ).count(),
    ),
    Write(
        "indicator-edit",
        _url("processes:indicator-edit", "indicator"),
        lambda web, extra: {"name": "Options mapped", "baseline": "0", "target": "8"},
        _field(Indicator, "indicator", "name"),
    ),
    Write(
        "indicator-delete",
        _url("processes:indicator-delete", "indicator"),
        lambda web, extra: {},
        _exists(Indicator, "indicator"),
    ),
    Write(
        "measurement-create",
        _url("processes:measurement-create", "indicator"),
        lambda web, extra: {"measured_on": "2026-04-01", "value": "3"},
        lambda web, extra: Measurement.objects.filter(
            indicator_id=web.ours.indicator
        ).count(),
    ),
    Write(
        "external-process-create",
        _url("processes:external-process-create", "process"),
        lambda web, extra: {"name": "Coastal Fisheries Talks", "kind": "track_1"},
        lambda web, extra: ExternalProcess.objects.filter(
            organisation=web.world.org
        ).count(),
    ),
    Write(
        "ecosystem-link-create",
        _url("processes:ecosystem-link-create", "process"),
        lambda web, extra: {
            "relation": "successor_of",
            "target": "x:"
            + str(ExternalProcess.objects.filter(organisation=web.world.org)[0].pk),
        },
        lambda web, extra: EcosystemLink.objects.filter(
            process_id=web.ours.process
        ).count(),
    ),
    Write(
        "ecosystem-link-delete",
        _url("processes:ecosystem-link-delete", "link"),
        lambda web, extra: {},
        _exists(EcosystemLink, "link"),
    ),
    Write(
        "seat-create",
        _url("participants:seat-create", "process"),
        lambda web, extra: {
            "person": extra["new_person"],
            "role": "participant",
            "side": web.ours.side,
        },
        lambda web, extra: Seat.objects.filter(process_id=web.ours.process).count(),
        prepare=_unseated_person,
    ),
    Write(
        "seat-edit",
        _url("participants:seat-edit", "seat"),
        lambda web, extra: {
            "role": "participant",
            "side": web.ours.side,
            "pseudonym": "N-9",
        },
        _field(Seat, "seat", "pseudonym"),
        _seat_status,
    ),
    Write(
        "seat-delete",
        _url("participants:seat-delete", "seat"),
        lambda web, extra: {},
        _exists(Seat, "seat"),
        _seat_status,
    ),
    Write(
        "person-create",
        _url("participants:person-create", "organisation"),
        lambda web, extra: {
            "name": "Oskar Lindqvar",
            "gender": "man",
            "capacity": "expert",
            "level": "broader",
            "emails": "oskar@example.org",
        },
        lambda web, extra: Person.objects.filter(organisation=web.world.org).count(),
        status=_people_status,
    ),
    Write(
        "person-edit",
        _url("participants:person-edit", "person"),
        lambda web, extra: {
            "name": "Person Participant-Renamed",
            "gender": "woman",
            "capacity": "expert",
            "level": "broader",
        },
        _field(Person, "person", "name"),
        status=_people_status,
    ),
    Write(
        "affiliation-create",
        _url("participants:affiliation-create", "person"),
        lambda web, extra: {"organisation_name": "Ostrel Chamber of Commerce"},
        lambda web, extra: Affiliation.objects.filter(
            person_id=web.ours.person
        ).count(),
        status=_people_status,
    ),
    Write(
        "affiliation-delete",
        _url("participants:affiliation-delete", "person", "affiliation"),
        lambda web, extra: {},
        _exists(Affiliation, "affiliation"),
        status=_people_status,
    ),
    Write(
        "meeting-create",
        _url("meetings:meeting-create", "process"),
        lambda web, extra: {
            "title": "Third round",
            "date": "2026-10-05",
            "venue_withheld": "on",
            "agenda": "Welcome\nDrafting",
            "attendance": [web.ours.seat],
            **MEETING_FORM,
        },
        lambda web, extra: Meeting.objects.filter(process_id=web.ours.process).count(),
    ),
    Write(
        "meeting-edit",
        _url("meetings:meeting-edit", "meeting"),
        lambda web, extra: {
            "title": "First round (moved)",
            "date": "2026-02-11",
            **MEETING_FORM,
        },
        _field(Meeting, "meeting", "title"),
    ),
    Write(
        "meeting-delete",
        _url("meetings:meeting-delete", "meeting"),
        lambda web, extra: {},
        _exists(Meeting, "meeting"),
    ),
    Write(
        "token-create",
        _url("accounts:token-create"),
        lambda web, extra: {"label": "export"},
        lambda web, extra: ApiToken.objects.count(),
        status=lambda role: 200,
    ),
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
def test_only_allowed_roles_can_write(
    client: Client, web: WebWorld, write: Write
) -> None:
    wrong = []
    for role in ALL_ROLES:
        with transaction.atomic():
            extra = write.prepare(web)
            before = write.probe(web, extra)
            as_role(client, web.world, role)
            response = client.post(write.url(web, extra), write.data(web, extra))
            changed = write.probe(web, extra) != before
            if response.status_code != write.status(role) or changed != write.allowed(
                role
            ):
                wrong.append((role, response.status_code, changed))
            transaction.set_rollback(True)
    assert wrong == []


OBJECT_WRITES = [w for w in WRITES if w.name not in ("process-create", "token-create")]


@pytest.mark.parametrize("write", OBJECT_WRITES, ids=lambda w: w.name)
def test_writes_to_rival_objects_answer_like_missing_ones_and_change_nothing(
    client: Client, web: WebWorld, write: Write
) -> None:
    as_role(client, web.world, "org_convener")
    rival: dict[str, Any] = asdict(web.rival)
    extra = write.prepare(web)
    rival.update({k: v for k, v in extra.items() if k not in rival})
    before = write.probe(web, extra)
    response = client.post(write.url(web, rival), write.data(web, extra))
    assert response.status_code == 404
    assert write.probe(web, extra) == before
