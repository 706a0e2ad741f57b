"""Adversary: responses that leave without the Content-Security-Policy.

The CSP (and ``Cache-Control: no-store``) is set by
``SecurityHeadersMiddleware``, which sits after ``CommonMiddleware`` and
whitenoise: what those answer themselves never passes through it. A request
with an unknown Host (Django's 400 page) and every APPEND_SLASH redirect (301,
cacheable by the browser: ``/join/<code>`` without its slash keeps the
invitation code in a permanent, cached redirect) go out with no CSP at all.
"""

from __future__ import annotations

import pytest
from django.test import Client

from backchannel.core.middleware import CSP


@pytest.mark.parametrize(
    ("path", "extra", "status"),
    [
        ("/", {"HTTP_HOST": "attacker.example"}, 400),
        ("/join", {}, 301),
        ("/join/KESSADEMQJVNR234", {}, 301),
    ],
)
def test_every_response_carries_the_csp(
    db: None, path: str, extra: dict[str, str], status: int
) -> None:
    response = Client().get(path, **extra)
    assert response.status_code == status
    assert response.get("Content-Security-Policy") == CSP, dict(response.headers)
    assert response.get("Cache-Control") == "no-store", dict(response.headers)
