"""User text written in Markdown reads as a document on every page (issue 16):
a process's context, a rapporteur's note and an idea's text go through the
same sanitising renderer as outputs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.processes.services import process_update
from tests.ideas.factories import first_version, float_idea, give, seats_on, sides
from tests.records.factories import sample_note
from tests.world import World

pytestmark = pytest.mark.django_db

SOURCE = (
    "Both sides fund a **joint survey**.\n\n"
    "1. Scientists from each side\n"
    "2. Results shared first\n\n"
    "<script>alert(1)</script> [x](javascript:alert(1))"
)


def _page(world: World, url: str) -> str:
    client = Client()
    client.force_login(world.users["org_convener"])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _rendered_and_sanitised(page: str) -> None:
    assert "<strong>joint survey</strong>" in page
    assert "**joint survey**" not in page
    assert "<li>Scientists from each side</li>" in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page


def test_the_process_context_is_rendered(world: World) -> None:
    process_update(access=world.access(), context=SOURCE)
    page = _page(world, reverse("processes:process-detail", args=[world.process.pk]))
    _rendered_and_sanitised(page)


def test_a_note_is_rendered(world: World) -> None:
    sample_note(world, text=SOURCE)
    url = reverse("records:meeting-record", args=[world.meeting.pk])
    _rendered_and_sanitised(_page(world, url))


def test_an_ideas_text_is_rendered(world: World) -> None:
    idea = float_idea(world.access(), text=SOURCE)
    _rendered_and_sanitised(_page(world, reverse("ideas:idea-detail", args=[idea.pk])))


# -- Markdown where a page holds text only, or one line (issue 16, a newcomer's walk)


def test_the_output_composers_pickers_show_notes_and_ideas_as_plain_text(
    world: World,
) -> None:
    """A choice's label holds text only: its Markdown shows as the reader
    sees it, never as ``**`` or ``#``, and nothing of it becomes markup."""
    sample_note(
        world, text="# Heading\n\nThe **gauge** data, see [the map](https://x.example)."
    )
    float_idea(world.access(), text="A *joint* survey <script>alert(1)</script>")
    page = _page(world, reverse("transfer:output-create", args=[world.process.pk]))
    assert "Heading The gauge data, see the map." in page
    assert "A joint survey &lt;script&gt;alert(1)&lt;/script&gt;" in page
    for raw in ("**gauge**", "# Heading", "[the map]", "*joint*", "<script>alert"):
        assert raw not in page


def test_feedback_conditions_and_red_lines_are_rendered_inline(world: World) -> None:
    idea = float_idea(world.access())
    version = first_version(idea)
    north, _south = sides(world)
    (seat,) = seats_on(world, north, 1)
    give(
        [seat],
        version,
        "acceptable_if",
        conditions=["Readings published **within a week**"],
        red_lines=["No `foreign staff` <b>at our dams</b> [x](javascript:alert(1))"],
    )
    page = _page(world, reverse("ideas:feedback-list", args=[version.pk]))
    assert "<li>Readings published <strong>within a week</strong></li>" in page
    assert "<code>foreign staff</code> &lt;b&gt;at our dams&lt;/b&gt;" in page
    assert "**within a week**" not in page
    assert 'href="javascript' not in page
    assert "<p>Readings" not in page  # inline: no paragraph inside the list item


def test_ones_own_conditions_are_rendered_inline_on_the_idea_page(
    world: World,
) -> None:
    idea = float_idea(world.access())
    version = first_version(idea)
    participant = world.seats["participant"]
    give(
        [participant],
        version,
        "acceptable_if",
        conditions=["**Weekly** data", "A review"],
    )
    client = Client()
    client.force_login(world.users["participant"])
    page = client.get(reverse("ideas:idea-detail", args=[idea.pk])).content.decode()
    assert "conditions: <strong>Weekly</strong> data; A review" in page
    # The Markdown source is left only where it is edited (the form's textarea).
    assert page.count("**Weekly**") == 1
    assert "**Weekly** data\nA review</textarea>" in page
