"""Ids in the web UI's URLs are UUIDs (`<uuid:…>`): anything else is a 404 of
the URL resolver, before any view or query runs (never a 500 from a malformed
id reaching the database)."""

from __future__ import annotations

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import UUIDConverter

from tests.web.conftest import WebWorld, as_role
from tests.web.pages import OBJECT_PAGES, random_ids

# The URL arguments that are not a primary key: secrets handed over out of band
# (token, code) and words from a fixed set, checked by their view (action, kind).
NOT_IDS = {"token", "code", "action", "kind"}
MALFORMED = ["not-an-id", "12345", "{}0"]  # {} is a real id: one digit too many


def _backchannel_patterns(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> list[tuple[str, URLPattern]]:
    out = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace == "api":
                continue  # the JSON API: its ids are checked by the access doors
            out += _backchannel_patterns(entry.url_patterns, route)
        elif entry.callback.__module__.startswith("backchannel."):
            out.append((route, entry))
    return out


def test_every_id_in_a_web_url_is_a_uuid() -> None:
    routes = _backchannel_patterns(get_resolver().url_patterns)
    assert len(routes) > 100
    loose = [
        (route, name)
        for route, entry in routes
        for name, converter in getattr(entry.pattern, "converters", {}).items()
        if name not in NOT_IDS and not isinstance(converter, UUIDConverter)
    ]
    assert loose == []


def test_a_malformed_id_answers_404_on_every_object_page(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "convener")
    ids = random_ids(web.ours)
    wrong = []
    for page in OBJECT_PAGES:
        url = page.url(ids)
        real = str(getattr(ids, page.args[0]))
        for bad in MALFORMED:
            status = client.get(url.replace(real, bad.format(real))).status_code
            if status != 404:
                wrong.append((page.name, bad, status))
    assert wrong == []
    # With the ids of real objects the same pages answer as usual.
    for page in OBJECT_PAGES[:5]:
        status = client.get(page.url(web.ours)).status_code
        assert status == page.expected_get("convener") != 404, page.name
