"""Adversary (round 2): a meeting's calendar file leaves without the gate.

README: "Every path by which text leaves the workspace passes the
identification gate"; meeting titles are among what "identifies a person or
records what was said" (encrypted at rest). The `.ics` files
(``/api/meetings/<id>/calendar.ics``, ``/api/processes/<id>/meetings.ics`` and
their web twins) carry each meeting's title out of the workspace, into
calendar apps that sync with outside services, and no gate runs on them: a
meeting titled after a participant goes out with the name, to every seated
reader's calendar.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from backchannel.accounts.services import api_token_create
from backchannel.meetings.services import meeting_create
from backchannel.participants.services import person_create, seat_create
from tests.world import World

NAME = "Zofia Dvořáková"


@pytest.mark.parametrize("which", ["meeting", "process"])
def test_a_calendar_file_does_not_carry_a_participants_name(
    world: World, which: str
) -> None:
    north = world.process.sides.order_by("position")[0]
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name=NAME,
        gender="woman",
        capacity="expert",
        level="broader",
    )
    seat_create(access=world.access(), person=person, role="participant", side=north)
    meeting = meeting_create(
        access=world.access("facilitator"),
        title=f"Side conversation with {NAME}",
        date=dt.date(2026, 5, 4),
        start_time=dt.time(18, 0),
        time_zone="Europe/Zurich",
        duration_minutes=60,
    )
    token = api_token_create(user=world.users["participant"])[1]
    path = (
        f"/api/meetings/{meeting.pk}/calendar.ics"
        if which == "meeting"
        else f"/api/processes/{world.process.pk}/meetings.ics"
    )
    response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    body = response.content.decode()
    unfolded = body.replace("\r\n ", "")
    assert "Dvo" not in unfolded, f"{path} carries the name: gate it like an output"
