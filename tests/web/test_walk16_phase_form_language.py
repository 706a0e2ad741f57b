"""Walk 16 finding: the "Add a phase" page is in English on a French or Arabic interface."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.conftest import WebWorld, as_role


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_phase_form_heading_is_translated(
    client: Client, web: WebWorld, language: str
) -> None:
    as_role(client, web.world, "org_convener")
    response = client.get(
        f"/processes/{web.world.process.pk}/phases/new/",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}"' in page  # the interface did switch language
    assert "Add a phase" not in page
