from __future__ import annotations

from django.test import Client
from django.urls import reverse

from backchannel.processes.access import access_process_by_id
from backchannel.processes.selectors import ecosystem_for
from backchannel.processes.services import ecosystem_link_create
from tests.world import World


def test_an_incoming_link_from_a_process_you_cannot_see_hides_its_name_and_note(
    world: World, client: Client
) -> None:
    convener = world.users["org_convener"]
    other = access_process_by_id(convener, world.other_process.pk)
    ecosystem_link_create(
        access=other,
        relation="feeds_into",
        target_process=world.process,
        note="Quiet channel via the trade envoy",
    )
    participant = world.access("participant")
    [edge] = [
        e for e in ecosystem_for(participant) if e.link.process_id == other.process.pk
    ]
    assert edge.note == ""
    assert edge.source == "A process you do not see"
    [seen] = [
        e
        for e in ecosystem_for(world.access())
        if e.link.process_id == other.process.pk
    ]
    assert seen.note == "Quiet channel via the trade envoy"

    client.force_login(world.users["participant"])
    html = client.get(
        reverse("processes:process-detail", args=[world.process.pk])
    ).content
    assert b"Quiet channel" not in html
    assert b"Border Trade" not in html
