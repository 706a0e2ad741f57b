"""Jargon explained where it appears, in the reader's language: the ideas'
score in plain words with its formula behind "How is this computed?", RPP
spelled out, the ledger's consent and artefact hash explained."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.web.conftest import WebWorld, as_role


def _page(client: Client, url: str, language: str) -> str:
    client.cookies["backchannel_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_jargon_is_explained_in_english_and_french(
    client: Client, web: WebWorld
) -> None:
    ids = web.ours
    as_role(client, web.world, "convener")
    ideas = reverse("ideas:idea-list", args=[ids.process])
    overview = reverse("evaluation:overview", args=[ids.process])
    ledger = reverse("transfer:transfer-list", args=[ids.process])

    html = _page(client, ideas, "en")
    plain, formula = (
        html.index("is high only when every side"),
        html.index("(acceptable + 1)"),
    )
    assert plain < html.index("How is this computed?") < formula
    assert '<abbr title="Reflecting on Peace Practice">RPP</abbr>' in _page(
        client, overview, "en"
    )
    html = _page(client, ledger, "en")
    assert "a fingerprint (SHA-256) of the exact text released" in html

    html = _page(client, ideas, "fr")
    assert "Comment est-ce calculé ?" in html and "is high only" not in html
    assert "Placement <abbr" in _page(client, overview, "fr")
    assert "une empreinte (SHA-256)" in _page(client, ledger, "fr")
