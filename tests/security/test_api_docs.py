"""``/api/docs`` loads nothing from outside and carries the site's CSP.

The old page pulled Swagger UI from a CDN (a floating version, no SRI) and
favicons from another host, and was the one response without a
Content-Security-Policy: a CDN compromise would have run script on our origin.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from backchannel.core.middleware import CSP

pytestmark = pytest.mark.django_db


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.inline_scripts: list[str] = []
        self._script_type: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href", "srcset", "data-src", "action"):
            if found.get(name):
                self.refs.append(str(found[name]))
        if tag == "script" and not found.get("src"):
            self._script_type = found.get("type") or "text/javascript"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script_type = None

    def handle_data(self, data: str) -> None:
        if self._script_type and "json" not in self._script_type and data.strip():
            self.inline_scripts.append(data)


def test_api_docs_reference_only_this_site_under_the_csp() -> None:
    client = Client()
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CSP
    html = response.content.decode()
    parsed = _Refs()
    parsed.feed(html)
    assert parsed.refs, "the page references its assets"
    for ref in parsed.refs:
        assert ref.startswith("/") and not ref.startswith("//"), ref
    assert not re.search(r"https?://|//cdn", html), "no other host is named"
    assert parsed.inline_scripts == []  # script-src 'self' would block them
    for ref in parsed.refs:  # every asset is served by the app itself
        asset = client.get(ref)
        assert asset.status_code == 200, ref
