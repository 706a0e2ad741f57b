"""Small wording of the idea pages: a draft is not "Floated", and the
dashboard's link to the ideas reads right with none."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.ideas.factories import float_idea
from tests.world import World


def test_a_draft_idea_says_it_is_to_be_floated(client: Client, world: World) -> None:
    draft = float_idea(world.access(), title="Draft balloon", status="draft")
    floated = float_idea(world.access(), title="Floated balloon")
    client.force_login(world.users["convener"])
    html = client.get(reverse("ideas:idea-detail", args=[draft.pk])).content.decode()
    assert "<dt>To be floated</dt>" in html and "<dt>Floated</dt>" not in html
    html = client.get(reverse("ideas:idea-detail", args=[floated.pk])).content.decode()
    assert "<dt>Floated</dt>" in html


def test_the_dashboard_link_to_no_ideas_has_no_zero(
    client: Client, world: World
) -> None:
    client.force_login(world.users["convener"])
    url = reverse("processes:process-detail", args=[world.process.pk])
    html = client.get(url).content.decode()
    assert "All 0" not in html and "Trial balloons, cruxes and joint texts" in html
    float_idea(world.access())
    html = client.get(url).content.decode()
    assert "1 trial balloon, the cruxes and the joint texts" in html
    assert "All 1" not in html
