"""Walk 16 finding: the composition panel still counts a participant who has left."""

from __future__ import annotations

import re

from django.test import Client

from backchannel.participants import services
from backchannel.processes.access import access_process_by_id
from tests.web.conftest import WebWorld, as_role

IN_ALL = re.compile(r"Participants by side \((\d+) in all\)")


def test_a_participant_who_left_is_not_counted_in_the_composition(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    as_role(client, world, "org_convener")
    url = f"/processes/{world.process.pk}/"
    before = IN_ALL.search(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert before, "no composition count on the dashboard"
    participant = world.users["participant"]
    services.seat_leave(access=access_process_by_id(participant, world.process.pk))
    after = IN_ALL.search(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert after, "no composition count on the dashboard"
    assert int(after[1]) == int(before[1]) - 1
