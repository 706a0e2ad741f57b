"""Seat in bulk shows an example roster (issue 16, a newcomer's walk): the
header and two lines in the process's own sides and the reader's language,
which the import itself accepts as they are."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from backchannel.participants.seating import HEADER, roster_example, roster_plan
from tests.world import World

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh-hans"]


def _sides(world: World) -> list[str]:
    return [str(s.name) for s in world.process.sides.order_by("position")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_example_is_a_roster_the_import_accepts(
    world: World, language: str
) -> None:
    with translation.override(language):
        example = roster_example(_sides(world))
        plan = roster_plan(access=world.access(), text=example)
    lines = example.splitlines()
    assert lines[0] == HEADER and len(lines) == 3
    assert plan.problems == []
    assert [row.gender for row in plan.rows] == ["woman", "man"]
    assert [row.capacity for row in plan.rows] == ["expert", "civil_society"]
    assert [str(row.side.name) for row in plan.rows] == _sides(world)[:2]


def test_the_page_shows_the_example_in_the_readers_language(world: World) -> None:
    client = Client()
    client.force_login(world.users["org_convener"])
    url = reverse("participants:seat-import", args=[world.process.pk])
    english = client.get(url).content.decode()
    assert 'id="roster-example"' in english
    assert "Non-governmental expert,Woman,Key person" in html.unescape(english)
    assert 'aria-describedby="roster-example-help roster-example"' in english
    french = html.unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    with translation.override("fr"):
        assert roster_example(_sides(world)) in french
    assert "Femme" in french and "Woman" not in french


def test_without_sides_the_example_seats_observers(world: World) -> None:
    example = roster_example([])
    plan = roster_plan(access=world.access(), text=example)
    assert plan.problems == []
    assert {row.role for row in plan.rows} == {"observer"}
