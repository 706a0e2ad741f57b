"""Walk 16 finding: the empty "My processes" page after a participant leaves."""

from __future__ import annotations

from django.test import Client

from backchannel.participants import services
from backchannel.processes.access import access_process_by_id
from tests.world import World


def test_my_processes_after_leaving_speaks_to_a_participant(world: World) -> None:
    participant = world.users["participant"]
    services.seat_leave(access=access_process_by_id(participant, world.process.pk))
    client = Client()
    client.force_login(participant)
    page = client.get("/processes/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You do not take part in any process" in page  # the empty state is shown
    assert "your organisation" not in page
    assert "/join/" in page
