"""Reloading the page that hands over an invitation makes nothing: the POST
redirects, the page after it shows the new link, code and QR code once (from
the session), and a reload says they were shown and revokes nothing."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from backchannel.participants.models import Invitation, Seat
from backchannel.participants.services import person_create, seat_create
from backchannel.processes.access import access_process_by_id
from tests.world import World

LINK = re.compile(r'class="invitation-link" dir="ltr">([^<]+)<')


def _offered(world: World, name: str) -> Seat:
    convener = world.users["org_convener"]
    return seat_create(
        access=access_process_by_id(convener, world.process.pk),
        person=person_create(
            actor=convener,
            organisation=world.org,
            name=name,
            gender="woman",
            capacity="expert",
            level="broader",
        ),
        role="participant",
        side=world.process.sides.order_by("position")[0],
    )


def _pending(seat: Seat) -> list[Invitation]:
    return [i for i in Invitation.objects.filter(seat=seat) if i.state == "pending"]


def test_reloading_a_single_invitation_makes_and_revokes_nothing(
    client: Client, world: World
) -> None:
    seat = _offered(world, "Nadia Invited")
    client.force_login(world.users["convener"])
    made = client.post(
        reverse("participants:invitation-create", args=[seat.pk]), {"days": 14}
    )
    handover = reverse("participants:invitation-handover", args=[world.process.pk])
    assert made.status_code == 302 and made["Location"] == handover
    page = client.get(handover)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    links = LINK.findall(page.content.decode())
    assert len(links) == 1 and len(_pending(seat)) == 1
    first = _pending(seat)[0]
    # the reload: nothing new, the link handed out still works
    again = client.get(handover, follow=True)
    html = again.content.decode()
    assert again.redirect_chain[-1][0].endswith(
        reverse("participants:seat-list", args=[world.process.pk])
    )
    assert "shown only once" in html and 'role="alert"' in html
    assert not LINK.findall(html)
    assert Invitation.objects.filter(seat=seat).count() == 1
    assert _pending(seat) == [first]


def test_reloading_the_bulk_handover_makes_nothing(
    client: Client, world: World
) -> None:
    seats = [_offered(world, f"Bulk Person {n}") for n in range(2)]
    client.force_login(world.users["facilitator"])
    made = client.post(
        reverse("participants:invitation-bulk", args=[world.process.pk]),
        {"seat": [str(s.pk) for s in seats]},
    )
    assert made.status_code == 302
    assert len(LINK.findall(client.get(made["Location"]).content.decode())) == 2
    client.get(made["Location"])
    assert Invitation.objects.filter(seat__in=seats).count() == 2
    assert all(len(_pending(s)) == 1 for s in seats)


def test_inviting_nothing_ticked_is_an_error_not_a_success(
    client: Client, world: World
) -> None:
    client.force_login(world.users["convener"])
    response = client.post(
        reverse("participants:invitation-bulk", args=[world.process.pk]),
        {},
        follow=True,
    )
    html = response.content.decode()
    box = re.search(
        r'<div class="flash flash--(?:error|warning)" role="alert"><p>([^<]+)', html
    )
    assert box is not None and "tick the seats to invite" in box.group(1).lower()
    assert 'class="flash" role="status"' not in html
