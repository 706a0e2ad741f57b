"""The Roster tab as a participant: who else is in the dialogue (names and
sides of those who took up their seat), not the pseudonym codes nor anyone
who has not joined; managers see everything."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from backchannel.participants.services import person_create, seat_create
from backchannel.processes.access import access_process_by_id
from tests.world import World


def test_a_participant_sees_names_and_sides_of_who_joined_only(
    client: Client, world: World
) -> None:
    convener = world.users["org_convener"]
    access = access_process_by_id(convener, world.process.pk)
    pending = seat_create(
        access=access,
        person=person_create(
            actor=convener,
            organisation=world.org,
            name="Nadia Offered",
            gender="woman",
            capacity="expert",
            level="broader",
        ),
        role="participant",
        side=world.process.sides.order_by("position")[1],
    )
    url = reverse("participants:seat-list", args=[world.process.pk])
    client.force_login(world.users["participant"])
    html = client.get(url).content.decode()
    assert "Person Observer" in html and "North" in html
    assert "Nadia Offered" not in html
    for seat in [*world.seats.values(), pending]:
        assert f"<bdi>{seat.pseudonym}</bdi>" not in html
    client.force_login(world.users["convener"])
    html = client.get(url).content.decode()
    assert "Nadia Offered" in html
    assert f"<bdi>{pending.pseudonym}</bdi>" in html
