"""Adversary: ``/api/docs`` still points at an outside host.

README: "/api/docs serves django-ninja's own pinned Swagger UI from the app's
static files ... no CDN, no outside host". The page's Swagger UI settings do not
set ``validatorUrl``, so the pinned bundle falls back to its default,
``https://validator.swagger.io/validator``: on any deployment not on localhost it
renders a badge ``<img src="https://validator.swagger.io/validator?url=<this
server's /api/openapi.json>">`` and a link there, telling an outside service
where the workspace lives (the CSP blocks the image, not the link).
"""

from __future__ import annotations

import json
import re

from django.test import Client


def test_the_docs_page_turns_the_outside_validator_off(db: None) -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    match = re.search(
        r'<script type="application/json" id="swagger-settings">(.*?)</script>',
        page,
        re.S,
    )
    assert match is not None
    settings = json.loads(match.group(1))
    # Swagger UI uses https://validator.swagger.io unless validatorUrl is null.
    assert "validatorUrl" in settings and settings["validatorUrl"] is None, settings
