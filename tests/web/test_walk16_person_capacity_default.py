"""Walk 16 finding: a person added from the form silently becomes a government official."""

from __future__ import annotations

import re

from django.test import Client

from tests.web.conftest import WebWorld, as_role

SELECT = re.compile(r'<select name="capacity"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]*)"([^>]*)>')


def test_the_person_form_does_not_make_an_official_by_default(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "org_convener")
    response = client.get(
        f"/organisations/{web.world.org.pk}/people/new/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    select = SELECT.search(response.content.decode())
    assert select, "no capacity list on the person form"
    options = OPTION.findall(select[1])
    chosen = [value for value, attrs in options if "selected" in attrs]
    submitted = chosen[0] if chosen else options[0][0]  # what a browser sends
    assert submitted != "official_personal"
