"""Walk 16 finding: after a bulk invitation that skips a seat, the page says only what
it skipped, not how many it invited."""

from __future__ import annotations

import re

from django.test import Client

from tests.participants.test_invitations import _invite, _newcomer
from tests.world import World

FLASH = re.compile(r'<div class="flash[^"]*"[^>]*>(.*?)</div>', re.S)


def test_the_bulk_invitation_says_how_many_it_invited(world: World) -> None:
    ada = _newcomer(world, name="Ada Pending")
    _newcomer(world, name="Bea Fresh")
    _invite(world, ada)
    client = Client()
    client.force_login(world.users["facilitator"])
    sheet = client.post(
        f"/processes/{world.process.pk}/invitations/",
        {"all": "not-invited"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    flashes = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", f)) for f in FLASH.findall(sheet)
    ]
    assert any("skipped" in f for f in flashes), flashes  # the skip is reported
    assert any(
        re.search(r"\b1\b[^.]*\b(invited|made|created)\b", f) for f in flashes
    ), flashes
