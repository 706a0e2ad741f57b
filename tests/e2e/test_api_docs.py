"""/api/docs in a real browser: Swagger UI renders under the site's CSP, every
request stays on this site, and nothing is refused by the policy."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_from_this_site_only(page: Any, app_url: str) -> None:
    here = urlsplit(app_url).netloc
    requested: list[str] = []
    refused: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    response = page.goto(f"{app_url}/api/docs")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Backchannel API")
    elsewhere = [
        url
        for url in requested
        if not url.startswith("data:") and urlsplit(url).netloc != here
    ]
    assert elsewhere == []
    assert refused == []
