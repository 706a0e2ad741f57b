"""Walk 16 finding: a participant's dashboard shows an empty "Sides" panel."""

from __future__ import annotations

import re

from django.test import Client

from tests.web.conftest import WebWorld, as_role

PANEL = re.compile(
    r'<section class="panel" aria-labelledby="sides-title">(.*?)</section>', re.S
)


def test_a_participant_sees_no_empty_sides_panel(client: Client, web: WebWorld) -> None:
    as_role(client, web.world, "participant")
    response = client.get(
        f"/processes/{web.world.process.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    panel = PANEL.search(response.content.decode())
    if panel is not None:  # shown: then it must say something beyond its heading
        text = re.sub(r"<[^>]+>", " ", panel[1]).replace("Sides", "").strip()
        assert text, "the Sides panel is empty"
