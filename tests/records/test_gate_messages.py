"""What a refusal by the identification gate may tell the person who typed the
text: the span they typed and what kind of thing it is, once per span; never a
name they did not type, nor that someone sits in another process (the gate
reads the organisation's whole registry)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.core.errors import ValidationFailed
from backchannel.participants.services import (
    affiliation_add,
    person_create,
    seat_create,
)
from backchannel.processes.access import access_process_by_id
from backchannel.records.services import note_record
from tests.records.factories import chatham
from tests.world import World

HYDRO = "Varnia State Hydropower Company"


def _person(world: World, name: str, affiliation: str, *, process=None) -> None:
    convener = world.users["org_convener"]
    person = person_create(
        actor=convener,
        organisation=world.org,
        name=name,
        gender="man",
        capacity="expert",
        level="broader",
    )
    affiliation_add(actor=convener, person=person, organisation_name=affiliation)
    if process is not None:
        access = access_process_by_id(convener, process.pk)
        side = process.sides.order_by("position")[0]
        seat_create(access=access, person=person, role="participant", side=side)


@pytest.fixture
def registry(world: World) -> World:
    # Two people of another process share an affiliation (fewer than three:
    # it identifies them); a third, seated in this process, shares another.
    _person(world, "Emil Havranek", HYDRO, process=world.other_process)
    _person(world, "Ilse Marran", HYDRO, process=world.other_process)
    return world


def test_a_note_is_judged_the_same_whether_or_not_a_guess_is_in_the_registry(
    client: Client, registry: World
) -> None:
    # The note check reads only the people seated in the process: refusing the
    # affiliation of people of another process (and accepting an unknown one)
    # would tell a rapporteur who is on the organisation's books.
    client.force_login(registry.users["rapporteur"])
    statuses = []
    for affiliation in (HYDRO, "Tolmerin Regional Grain Board"):
        response = client.post(
            reverse("records:note-create", args=[chatham(registry).pk]),
            {"text": f"Someone mentioned the {affiliation} and the rivers department."},
        )
        statuses.append(response.status_code)
        html = response.content.decode()
        for leak in ("Emil", "Havranek", "Ilse", "Marran", "another process"):
            assert leak not in html
    assert statuses == [302, 302]


def test_one_finding_per_span_whoever_shares_it(registry: World) -> None:
    _person(registry, "Amira Haddad", "Ministry of Water", process=registry.process)
    _person(registry, "Jon Brask", "Ministry of Water")
    with pytest.raises(ValidationFailed) as refused:
        note_record(
            access=registry.access("rapporteur"),
            segment=chatham(registry),
            text="Amira Haddad from the Ministry of Water proposed a survey.",
        )
    message = refused.value.errors["text"][0]
    assert message.count("“Amira Haddad” (a person's name)") == 1
    assert message.count("Ministry of Water") == 1
    assert "Jon" not in message and "Brask" not in message
