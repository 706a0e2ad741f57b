"""Who may open which page: every page × every role, plus anonymous visitors."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.conftest import WebWorld, as_role, without_csrf
from tests.web.pages import ALL_ROLES, OBJECT_PAGES, PAGES, random_ids


def test_every_page_answers_every_role_as_its_audience_allows(
    client: Client, web: WebWorld
) -> None:
    wrong = []
    for role in ALL_ROLES:
        as_role(client, web.world, role)
        for page in PAGES:
            status = client.get(page.url(web.ours)).status_code
            if status != page.expected_get(role):
                wrong.append((page.name, role, status, page.expected_get(role)))
    assert wrong == []


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_page(
    client: Client, web: WebWorld
) -> None:
    for page in PAGES:
        url = page.url(web.ours)
        response = client.get(url)
        assert response.status_code == 302, page.name
        assert response["Location"].startswith("/login/?next="), page.name


def test_the_home_page_leads_to_the_process_list(client: Client, web: WebWorld) -> None:
    assert client.get("/")["Location"].startswith("/login/")
    as_role(client, web.world, "participant")
    assert client.get("/")["Location"] == "/processes/"


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != "outsider"])
def test_rival_objects_answer_exactly_like_random_ids(
    client: Client, web: WebWorld, role: str
) -> None:
    as_role(client, web.world, role)
    missing = random_ids(web.rival)
    for page in OBJECT_PAGES:
        rival = client.get(page.url(web.rival))
        random = client.get(page.url(missing))
        assert rival.status_code == random.status_code == 404, page.name
        assert without_csrf(rival.content) == without_csrf(random.content), page.name


def test_our_objects_answer_outsiders_exactly_like_random_ids(
    client: Client, web: WebWorld
) -> None:
    for role in ("outsider", "staff"):
        as_role(client, web.world, role)
        missing = random_ids(web.ours)
        for page in OBJECT_PAGES:
            ours = client.get(page.url(web.ours))
            random = client.get(page.url(missing))
            assert ours.status_code == random.status_code == 404, (page.name, role)
            assert without_csrf(ours.content) == without_csrf(random.content), page.name
