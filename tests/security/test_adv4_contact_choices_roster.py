"""Adversary (round 4): the contact report lists the other side's whole roster.

README, "People registry": "The Roster tab shows managers every seat with its
code, contacts and invitation state; everyone else sees the names and sides
of those who have taken up their seat, without codes (the same in
``GET /api/processes/{id}/seats`` and ``/api/seats/{id}``)".

Attack (a curious participant): ``GET /api/rounds/<id>/my-contacts`` (and the
round's contact form on the web, served by the same
``evaluation.trust.contact_choices``) lists as "choices" every participant
seat of the other side(s), with the person's name, side and seat id, whether
or not the seat was ever taken up. A participant so learns whom the
conveners approached on the other side, including people who have not
accepted (or will never accept) their invitation, which the roster hides from
them. On the demo, demo-participant sees 9 names of the Ostrel side, 8 of
which the roster does not show them (Hana Veyla, Idris Nahal, Nadia Ferhan
with her invitation still pending, ...). Severity: medium (names of people
who have not agreed to take part, shown to the other side).

Control: the roster itself, through the API, does not show the seat that was
not taken up, so the test fails only on the contact choices.
"""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client

from backchannel.accounts.services import api_token_create
from backchannel.evaluation.services import round_create
from backchannel.participants.logins import LOGIN_FIELDS, link_login
from backchannel.participants.services import (
    person_create,
    seat_access_end,
    seat_create,
)
from tests.world import World, make_user, take_up

NAME = "Quentin Undisclosed"


def _invited_on_the_other_side(world: World) -> None:
    """A South participant seated (and so invitable) who has not taken up the
    seat; the world's participant sits North."""
    south = world.process.sides.order_by("position")[1]
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name=NAME,
        gender="man",
        capacity="expert",
        level="broader",
    )
    seat_create(access=world.access(), person=person, role="participant", side=south)


def _get(world: World, path: str) -> str:
    token = api_token_create(user=world.users["participant"], label="t")[1]
    response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    return json.dumps(response.json(), ensure_ascii=False)


def test_the_roster_hides_a_seat_not_taken_up(world: World) -> None:
    _invited_on_the_other_side(world)
    body = _get(world, f"/api/processes/{world.process.pk}/seats")
    assert NAME not in body


def test_the_contact_report_does_not_name_a_seat_not_taken_up(world: World) -> None:
    _invited_on_the_other_side(world)
    trust_round = round_create(
        access=world.access(),
        title="Spring round",
        held_on=dt.date(2026, 4, 1),
        status="open",
    )
    body = _get(world, f"/api/rounds/{trust_round.pk}/my-contacts")
    assert NAME not in body, "the contact choices name a seat the roster hides"


def test_the_contact_report_does_not_name_a_seat_that_left(world: World) -> None:
    """A participant of the other side who took the seat up is a choice; once
    their access ends (they left), they are not, as on the roster."""
    south = world.process.sides.order_by("position")[1]
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Rhea Southward",
        gender="woman",
        capacity="expert",
        level="broader",
    )
    link_login(person, make_user("rhea"))
    person.save(update_fields=LOGIN_FIELDS)
    other = take_up(
        world.access(),
        seat_create(
            access=world.access(), person=person, role="participant", side=south
        ),
    )
    trust_round = round_create(
        access=world.access(),
        title="Spring round",
        held_on=dt.date(2026, 4, 1),
        status="open",
    )
    path = f"/api/rounds/{trust_round.pk}/my-contacts"
    assert str(other.person.name) in _get(world, path)  # control
    seat_access_end(access=world.access(), seat=other)
    assert str(other.person.name) not in _get(world, path)
