"""Who may open which page: every page × every role, plus anonymous visitors."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client

from tests.web.conftest import WebWorld, as_role, without_csrf
from tests.web.pages import ALL_ROLES, OBJECT_PAGES, PAGES, random_ids
from tests.world import VIEWING_ROLES


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


PUBLIC_PAGES = {"join"}


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_page(
    client: Client, web: WebWorld
) -> None:
    for page in PAGES:
        url = page.url(web.ours)
        response = client.get(url)
        if page.name in PUBLIC_PAGES:
            # Where an invitee without a login types their code: open to all,
            # and it shows nothing of any process (tests/participants).
            assert response.status_code == 200, page.name
            continue
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


def comparable(response: HttpResponse) -> tuple[int, bytes, list[tuple[str, str]]]:
    """Status, body and headers, normalising only what differs per response by
    design: the CSRF token masked anew in each page's forms (and the CSRF cookie
    when one is set). Pages carry no per-response nonce (the CSP allows no
    inline script or style), so nothing else is normalised."""
    headers = sorted(
        (name, "<csrf>" if name == "Set-Cookie" and "csrftoken=" in value else value)
        for name, value in response.items()
    )
    return response.status_code, without_csrf(response.content), headers


@pytest.mark.parametrize("role", sorted(VIEWING_ROLES))
def test_what_a_seated_role_may_not_read_answers_exactly_like_a_random_id(
    client: Client, web: WebWorld, role: str
) -> None:
    """A participant (or observer, interpreter, rapporteur…) who asks for an
    output, the transfer ledger, the report or any page they may not open gets
    the 404 of a random id: same status, same bytes, same headers (issue 22, 5:
    it was 403 for an output that exists)."""
    as_role(client, web.world, role)
    missing = random_ids(web.ours)
    hidden = [p for p in OBJECT_PAGES if p.expected_get(role) == 404]
    if role == "participant":
        names = {p.name for p in hidden}
        assert {
            "transfer:output-detail",
            "transfer:transfer-list",
            "reports:process-report",
        } <= names
    for page in hidden:
        ours = comparable(client.get(page.url(web.ours)))
        random = comparable(client.get(page.url(missing)))
        assert ours[0] == 404, (page.name, ours[0])
        assert ours == random, page.name
