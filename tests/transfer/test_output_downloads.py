"""The output page offers a download only when the gate would let it out
(issue 16, a newcomer's walk): otherwise it says why and points to the gate's
findings and to the override, instead of links that answer 409."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from backchannel.transfer import services
from tests.transfer.factories import NAME, make_output, named_seat
from tests.world import World

NAMED = f"{NAME} proposed a joint gauge station. {NAME} also spoke of the dam."


def _page(
    world: World, output: object, role: str = "facilitator", **headers: str
) -> str:
    client = Client()
    client.force_login(world.users[role])
    response = client.get(
        reverse("transfer:output-detail", args=[output.pk]),  # type: ignore[attr-defined]
        **headers,
    )
    assert response.status_code == 200
    return response.content.decode()


def _export_links(output: object) -> list[str]:
    url = reverse("transfer:output-export", args=[output.pk])  # type: ignore[attr-defined]
    return [f'href="{url}?format={fmt}"' for fmt in ("md", "docx", "pdf")]


def test_a_clean_output_offers_its_downloads(world: World) -> None:
    output = make_output(world.access("facilitator"))
    page = _page(world, output)
    for link in _export_links(output):
        assert link in page
    assert 'id="downloads-held"' not in page


def test_an_output_the_gate_blocks_offers_no_download_and_says_why(
    world: World,
) -> None:
    named_seat(world)
    output = make_output(world.access("facilitator"), body=f"{NAME} proposed it.")
    page = _page(world, output)
    for link in _export_links(output):
        assert link not in page
    assert 'id="downloads-held"' in page
    assert "found 1 passage that could identify a participant" in page
    gate = reverse("transfer:output-gate", args=[output.pk])
    release = reverse("transfer:output-release", args=[output.pk])
    assert f'href="{gate}"' in page and f'href="{release}#override"' in page
    # What the page holds back is exactly what the export refuses.
    client = Client()
    client.force_login(world.users["facilitator"])
    url = reverse("transfer:output-export", args=[output.pk])
    assert client.get(url, {"format": "md"}).status_code == 409


def test_a_rapporteur_is_pointed_to_the_findings_not_to_the_override(
    world: World,
) -> None:
    named_seat(world)
    output = make_output(world.access("facilitator"), body=NAMED)
    page = _page(world, output, role="rapporteur")
    assert 'id="downloads-held"' in page
    assert "found 2 passages that could identify a participant" in page
    assert "#override" not in page


def test_the_downloads_come_back_once_two_managers_override(world: World) -> None:
    named_seat(world)
    output = make_output(world.access("facilitator"), body=NAMED)
    services.override_request(
        access=world.access("facilitator"), output=output, reason="She agreed."
    )
    services.override_confirm(access=world.access("convener"), output=output)
    output.refresh_from_db()
    page = _page(world, output)
    for link in _export_links(output):
        assert link in page
    assert 'id="downloads-held"' not in page


def test_the_count_of_passages_takes_the_plural_of_the_language(
    world: World,
) -> None:
    named_seat(world)
    one = make_output(world.access("facilitator"), body=f"{NAME} proposed it.")
    two = make_output(world.access("facilitator"), body=NAMED, title="Second memo")
    assert "a trouvé 1 passage qui" in _page(world, one, HTTP_ACCEPT_LANGUAGE="fr")
    assert "a trouvé 2 passages qui" in _page(world, two, HTTP_ACCEPT_LANGUAGE="fr")
    # The refusal of a download (409) counts its passages the same way.
    client = Client()
    client.force_login(world.users["facilitator"])
    url = reverse("transfer:output-export", args=[two.pk])
    refused = client.get(url, {"format": "pdf"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409
    text = refused.content.decode()
    assert "found 2 passages that could identify a participant" in text
    assert "passage(s)" not in text
