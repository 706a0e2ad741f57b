"""The web UI's test world: the shared world, plus the objects every page needs,
plus a twin of each in the rival organisation (which must answer like a random id)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from backchannel.participants.services import (
    affiliation_add,
    person_create,
    person_update,
    seat_create,
)
from backchannel.processes.access import access_process_by_id
from backchannel.processes.services import (
    ecosystem_link_create,
    external_process_create,
    indicator_create,
    objective_create,
    phase_create,
)
from tests.evaluation.factories import (
    evaluation_objects,
    rival_evaluation_objects,
)
from tests.ideas.factories import ideas_objects, rival_ideas_objects
from tests.records.factories import records_objects, rival_records_objects
from tests.transfer.factories import rival_transfer_objects, transfer_objects
from tests.translations.factories import (
    rival_translations_objects,
    translations_objects,
)
from tests.world import World

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@dataclass
class Ids:
    """One object of each kind a page is about."""

    process: Any
    organisation: Any
    side: Any
    phase: Any
    objective: Any
    indicator: Any
    link: Any
    seat: Any
    meeting: Any
    person: Any
    affiliation: Any
    # ideas (tests/ideas/factories.py)
    idea: Any = None
    idea_version: Any = None
    joint_text: Any = None
    section: Any = None
    # records (tests/records/factories.py)
    segment: Any = None
    note: Any = None
    # outputs and transfers (tests/transfer/factories.py)
    output: Any = None
    transfer: Any = None
    # translations (tests/translations/factories.py); kinds are literal in URLs
    kind_note: Any = "note"
    kind_jtv: Any = "joint_text_version"
    kind_output: Any = "output"
    joint_text_version: Any = None
    translation: Any = None
    # evaluation (tests/evaluation/factories.py)
    round: Any = None
    outcome: Any = None
    risk: Any = None


@dataclass
class WebWorld:
    world: World
    ours: Ids
    rival: Ids

    @property
    def users(self) -> dict[str, Any]:
        return self.world.users


def _rival_ids(world: World) -> Ids:
    outsider = world.users["outsider"]
    access = access_process_by_id(outsider, world.rival_process.pk)
    phase = phase_create(access=access, title="Rival phase", stage="negotiation")
    objective = objective_create(
        access=access, phase=phase, kind="non_paper", text="Rival objective"
    )
    indicator = indicator_create(
        access=access, objective=objective, name="Rival indicator", baseline=0, target=1
    )
    external = external_process_create(
        actor=outsider, organisation=world.rival, name="Rival talks", kind="track_1"
    )
    link = ecosystem_link_create(
        access=access, relation="parallel_to", target_external=external
    )
    person = person_create(
        actor=outsider,
        organisation=world.rival,
        name="Rival Person",
        gender="woman",
        capacity="expert",
        level="key_person",
    )
    affiliation = affiliation_add(
        actor=outsider, person=person, organisation_name="Rival Institute"
    )
    side = world.rival_process.sides.order_by("position").first()
    seat = seat_create(access=access, person=person, role="participant", side=side)
    return Ids(
        process=world.rival_process.pk,
        organisation=world.rival.pk,
        side=side.pk,
        phase=phase.pk,
        objective=objective.pk,
        indicator=indicator.pk,
        link=link.pk,
        seat=seat.pk,
        meeting=world.rival_meeting.pk,
        person=person.pk,
        affiliation=affiliation.pk,
    )


def _our_ids(world: World) -> Ids:
    access = world.access()
    convener = world.users["org_convener"]
    external = external_process_create(
        actor=convener,
        organisation=world.org,
        name="Lakeshore Track One Talks",
        kind="track_1",
    )
    link = ecosystem_link_create(
        access=access, relation="feeds_into", target_external=external
    )
    ecosystem_link_create(
        access=access, relation="parallel_to", target_process=world.other_process
    )
    participant = world.people["participant"]
    affiliation = affiliation_add(
        actor=convener,
        person=participant,
        organisation_name="Varnian Water Authority",
        title="Senior engineer",
    )
    return Ids(
        process=world.process.pk,
        organisation=world.org.pk,
        side=world.process.sides.order_by("position").first().pk,
        phase=world.phase.pk,
        objective=world.objective.pk,
        indicator=world.indicator.pk,
        link=link.pk,
        seat=world.seats["participant"].pk,
        meeting=world.meeting.pk,
        person=participant.pk,
        affiliation=affiliation.pk,
    )


@pytest.fixture
def web(world: World) -> WebWorld:
    ours = _our_ids(world)
    person_update(
        actor=world.users["org_convener"],
        person=world.people["participant"],
        contact={"emails": ["kestrel@example.org"], "phones": ["+41 22 555 01 02"]},
    )
    rival = _rival_ids(world)
    _add_ideas(ours, ideas_objects(world))
    _add_ideas(rival, rival_ideas_objects(world))
    our_records = records_objects(world)
    for ids, objects in (
        (ours, our_records),
        (rival, rival_records_objects(world)),
    ):
        ids.segment, ids.note = objects["segment"].pk, objects["note"].pk
    for ids, objects in (
        (ours, transfer_objects(world)),
        (rival, rival_transfer_objects(world)),
    ):
        ids.output, ids.transfer = objects["output"].pk, objects["transfer"].pk
    ours_t = translations_objects(world, note=our_records["note"])
    rival_t = rival_translations_objects(world)
    for ids, objects in ((ours, ours_t), (rival, rival_t)):
        ids.joint_text_version = objects["joint_text_version"].pk
        ids.translation = objects["translation"].pk
    for ids, objects in (
        (ours, evaluation_objects(world)),
        (rival, rival_evaluation_objects(world)),
    ):
        ids.round = objects["round"].pk
        ids.outcome = objects["outcome"].pk
        ids.risk = objects["risk"].pk
    return WebWorld(world=world, ours=ours, rival=rival)


def _add_ideas(ids: Ids, objects: dict[str, Any]) -> None:
    ids.idea = objects["idea"].pk
    ids.idea_version = objects["idea_version"].pk
    ids.joint_text = objects["joint_text"].pk
    ids.section = objects["section"].pk


def as_role(client: Client, world: World, role: str | None) -> Client:
    client.logout()
    if role is not None:
        client.force_login(world.users[role])
    return client


def without_csrf(body: bytes) -> bytes:
    """Page bodies differ only by their per-response CSRF token."""
    return CSRF.sub(b"", body)


UrlFor = Callable[[Ids], str]
