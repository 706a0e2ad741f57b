"""User text written in Markdown reads as a document on every page (issue 16):
a process's context, a rapporteur's note and an idea's text go through the
same sanitising renderer as outputs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.processes.services import process_update
from tests.ideas.factories import float_idea
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
