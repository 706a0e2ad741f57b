"""Layout defects a newcomer's walk found (issue 16): an idea's text shown
once to the participant judging it, no empty chart, a way to add objectives
from the idea form, the meeting page's sections kept apart, and wide tables
scrolling in their own box."""

from __future__ import annotations

from pathlib import Path

from django.test import Client
from django.urls import reverse

from backchannel.ideas.models import IdeaVersion
from backchannel.processes.models import Objective
from tests.web.conftest import WebWorld, as_role

ROOT = Path(__file__).resolve().parents[2]


def test_the_participant_sees_the_judged_text_once_and_no_empty_chart(
    client: Client, web: WebWorld
) -> None:
    version = IdeaVersion.objects.get(pk=web.ours.idea_version)
    as_role(client, web.world, "participant")
    html = client.get(reverse("ideas:idea-detail", args=[version.idea_id])).content
    html = html.decode()
    assert html.count('class="prose version__text') == 1, "the text is shown twice"
    assert 'id="judged-title"' in html
    assert 'class="chart' not in html  # no version has a score to draw
    assert 'id="convergence-empty"' in html


def test_the_idea_form_without_objectives_links_to_where_they_are_added(
    client: Client, web: WebWorld
) -> None:
    process = web.world.process
    Objective.objects.filter(process=process).delete()
    as_role(client, web.world, "facilitator")
    html = client.get(reverse("ideas:idea-create", args=[process.pk])).content.decode()
    target = reverse("processes:process-detail", args=[process.pk]) + "#phases"
    assert "Nothing to choose from yet." in html
    assert f'<a href="{target}">' in html


def test_the_meeting_page_keeps_its_sections_apart(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "facilitator")
    url = reverse("meetings:meeting-detail", args=[web.world.meeting.pk])
    html = client.get(url).content.decode()
    assert html.count('<section class="meeting__section"') == 3
    css = (ROOT / "backchannel/static/backchannel/app.css").read_text()
    assert ".meeting__section { margin-top: 1.5rem; }" in css


def test_the_evaluation_tables_scroll_in_their_own_box(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "facilitator")
    url = reverse("evaluation:overview", args=[web.world.process.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    tables = html.count('<table class="table')
    assert tables and html.count('<div class="table-scroll"') >= tables
