"""Outputs read as documents (issue 16.6): Markdown rendered and sanitised on
the output, gate and release pages, the exact frozen text on the release page,
the language chosen from a list, and each source listed once."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.core.markdown import render_markdown
from backchannel.participants.services import person_update
from backchannel.transfer import services
from backchannel.transfer.models import Output
from tests.records.factories import records_objects
from tests.transfer.factories import NAME, make_output, named_seat
from tests.web.test_destroy import reauthenticated
from tests.world import World

pytestmark = pytest.mark.django_db

DOCUMENT = """Both delegations **agreed** on three points:

1. a joint gauge station;
2. shared *readings*;
3. a review in spring.

> Options were mapped, not decided.

| Station | Readers |
|---|---|
| Upper | both |
"""

HOSTILE = (
    'Text <script>alert("x")</script> <img src="https://tracker.example/p.png"> '
    "[click](javascript:alert(1)) ![pixel](https://tracker.example/q.png) "
    '<a href="https://evil.example" onclick="steal()">raw</a> '
    "[fine](https://example.org)"
)


def _client(world: World, role: str = "facilitator") -> Client:
    client = Client()
    client.force_login(world.users[role])
    return reauthenticated(client)


def test_markdown_renders_lists_quotes_tables_and_emphasis() -> None:
    html = str(render_markdown(DOCUMENT))
    assert "<strong>agreed</strong>" in html and "<em>readings</em>" in html
    assert "<ol>" in html and html.count("<li>") == 3
    assert "<blockquote>" in html and "<table>" in html and "<td>Upper</td>" in html


def test_markdown_keeps_no_script_image_handler_or_javascript_link() -> None:
    html = str(render_markdown(HOSTILE))
    for bad in ("<script", "<img", 'href="javascript', '<a href="https://evil'):
        assert bad not in html, bad
    assert not re.search(r"<[^>]*onclick", html)
    assert not re.search(r"<[^>]*tracker", html)
    # Raw HTML is shown as text, not run; a plain link survives with no referrer.
    assert "&lt;script&gt;" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">fine</a>' in html


@pytest.mark.parametrize("page", ["transfer:output-detail", "transfer:output-release"])
def test_the_output_and_release_pages_render_the_document(
    world: World, page: str
) -> None:
    output = make_output(world.access("facilitator"), body=DOCUMENT + "\n" + HOSTILE)
    html = _client(world).get(reverse(page, args=[output.pk])).content.decode()
    assert "<strong>agreed</strong>" in html and "<table>" in html
    assert "<script>alert" not in html
    assert 'href="javascript' not in html
    assert not re.search(r"<[^>]*(onclick|tracker)", html)


def test_the_release_page_shows_exactly_the_text_that_is_frozen(world: World) -> None:
    output = make_output(world.access("facilitator"), body=DOCUMENT)
    client = _client(world)
    page = client.get(reverse("transfer:output-release", args=[output.pk]))
    html = page.content.decode()
    assert "The text that will be frozen" in html
    shown = html.split('id="frozen-text"', 1)[1].split(">", 1)[1].split("</pre>")[0]
    expected = services.output_text(output)
    from html import unescape

    assert unescape(shown) == expected
    client.post(reverse("transfer:output-release-action", args=[output.pk, "release"]))
    output.refresh_from_db()
    assert output.released and str(output.body) == expected


def test_the_gate_page_renders_markdown_and_still_highlights_findings(
    world: World,
) -> None:
    named_seat(world)
    output = make_output(
        world.access("facilitator"), body=f"A point:\n\n- **{NAME}** proposed it\n"
    )
    html = (
        _client(world, "rapporteur")
        .get(reverse("transfer:output-gate", args=[output.pk]))
        .content.decode()
    )
    assert "<li>" in html and "<strong>" in html
    assert '<mark class="finding finding--name"' in html
    assert f">{NAME}</mark>" in html
    anchor = html.split('href="#finding-', 1)[1].split('"')[0]
    assert f'id="finding-{anchor}"' in html


def test_the_language_is_chosen_from_a_list_that_includes_the_process_languages(
    world: World,
) -> None:
    # A seated participant works in Ukrainian: the list offers it.
    person_update(
        actor=world.users["org_convener"],
        person=world.people["participant"],
        languages=["uk"],
    )
    client = _client(world)
    form = client.get(reverse("transfer:output-create", args=[world.process.pk]))
    html = form.content.decode()
    select = html.split('id="id_language"', 1)[1].split("</select>", 1)[0]
    assert "<select" in html.split('id="id_language"', 1)[0][-200:]
    for code in ("en", "fr", "es", "ar", "ru", "zh-hans", "uk"):
        assert f'value="{code}"' in select, code
    assert 'value="en" selected' in select
    # A code that is not offered is refused, naming the field; nothing is written.
    bad = client.post(
        reverse("transfer:output-create", args=[world.process.pk]),
        {
            "title": "Memo",
            "kind": "memo_to_mediators",
            "audience": "mediators",
            "classification": "confidential",
            "language": "xx-Bogus",
            "body": "Text.",
        },
    )
    assert bad.status_code == 422 and not Output.objects.exists()


def test_editing_keeps_a_language_set_elsewhere(world: World) -> None:
    output = make_output(world.access("facilitator"), language="pt-BR")
    html = (
        _client(world)
        .get(reverse("transfer:output-edit", args=[output.pk]))
        .content.decode()
    )
    select = html.split('id="id_language"', 1)[1].split("</select>", 1)[0]
    assert 'value="pt-BR" selected' in select


def test_each_source_is_listed_once(world: World) -> None:
    note = records_objects(world)["note"]
    access = world.access("facilitator")
    output = make_output(access)
    for _ in range(3):
        services.output_insert(access=access, output=output, note_ids=[note.pk])
    output.refresh_from_db()
    assert len(output.sources) == 3  # stored as inserted
    html = (
        _client(world)
        .get(reverse("transfer:output-detail", args=[output.pk]))
        .content.decode()
    )
    link = reverse("records:note-history", args=[note.pk])
    assert html.count(f'href="{link}"') == 1


def test_the_release_page_with_findings_shows_the_text_once_highlighted(
    world: World,
) -> None:
    named_seat(world)
    output = make_output(
        world.access("facilitator"), body=f"A point:\n\n- **{NAME}** proposed it\n"
    )
    html = (
        _client(world)
        .get(reverse("transfer:output-release", args=[output.pk]))
        .content.decode()
    )
    assert html.count("proposed it</li>") == 1  # rendered once, not twice
    assert html.count('class="gate-text prose document"') == 1
    assert '<mark class="finding finding--name"' in html
    assert 'id="frozen-text"' in html  # the exact source is still there
