"""Walk 16 finding: a used invitation link tells the invitee to log in, with no way to."""

from __future__ import annotations

import re

from django.test import Client

from tests.participants.test_invitations import _accept, _invite, _newcomer
from tests.world import World

MAIN = re.compile(r"<main[^>]*>(.*?)</main>", re.S)


def test_a_used_link_offers_the_login_it_asks_for(world: World) -> None:
    _, code = _invite(world, _newcomer(world))
    _accept(code)
    response = Client().get(
        f"/join/{code.replace('-', '')}/", follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert "already been used" in page  # the page does say so
    main = MAIN.search(page)
    assert main, "no <main>"
    assert re.search(r'<a [^>]*href="/login/', main[1])
