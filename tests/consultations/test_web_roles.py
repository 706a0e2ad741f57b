"""Who may open which consultation page: every page × every role, anonymous
visitors, and ids of another organisation (which answer like random ids)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.consultations.services import consultation_create
from backchannel.processes.access import access_process_by_id
from tests.consultations.conftest import Open, make_consultation
from tests.web.conftest import as_role, without_csrf
from tests.world import ALL_ROLES, MANAGING_ROLES, VIEWING_ROLES, World


@dataclass(frozen=True)
class Page:
    name: str
    arg: str  # process | consultation | statement
    audience: str  # view | manage
    method: str = "GET"

    def url(self, ids: dict[str, Any]) -> str:
        return reverse(f"consultations:{self.name}", args=[ids[self.arg]])

    def expected(self, role: str) -> int:
        ok = 200 if self.method == "GET" else 302
        if role not in VIEWING_ROLES:
            return 404
        if self.audience == "manage" and role not in MANAGING_ROLES:
            # A page a role may not read answers like a random id; a refused
            # write on what it sees is a 403.
            return 403 if self.method == "POST" else 404
        return ok


PAGES = [
    Page("consultation-list", "process", "view"),
    Page("consultation-create", "process", "manage"),
    Page("consultation-detail", "consultation", "view"),
    Page("consultation-results", "consultation", "view"),
    Page("consultation-edit", "consultation", "manage"),
    Page("consultation-delete", "consultation", "manage"),
    Page("statement-list", "consultation", "manage"),
    Page("consultation-export", "consultation", "manage"),
    Page("statement-moderate", "statement", "manage", "POST"),
    Page("analysis-request", "consultation", "manage", "POST"),
    Page("link-renew", "consultation", "manage", "POST"),
]
BODIES = {"statement-moderate": {"status": "rejected"}}


def _ids(opened: Open) -> dict[str, Any]:
    return {
        "process": opened.consultation.process_id,
        "consultation": opened.consultation.pk,
        "statement": opened.statements[0].pk,
    }


@pytest.fixture
def rival(world: World) -> dict[str, Any]:
    access = access_process_by_id(world.users["outsider"], world.rival_process.pk)
    consultation = consultation_create(
        access=access,
        title="Rival consultation",
        seed_statements=["Rival"],
        status="open",
    )
    return {
        "process": world.rival_process.pk,
        "consultation": consultation.pk,
        "statement": consultation.statements.get().pk,
    }


def _call(client: Client, page: Page, ids: dict[str, Any]) -> Any:
    if page.method == "GET":
        return client.get(page.url(ids))
    return client.post(page.url(ids), BODIES.get(page.name, {}))


def test_every_page_answers_every_role_as_its_audience_allows(
    client: Client, world: World
) -> None:
    ids = _ids(make_consultation(world))
    wrong = []
    for role in ALL_ROLES:
        as_role(client, world, role)
        for page in PAGES:
            status = _call(client, page, ids).status_code
            if status != page.expected(role):
                wrong.append((page.name, role, status, page.expected(role)))
    assert wrong == []


def test_anonymous_visitors_are_sent_to_the_login_page(
    client: Client, opened: Open
) -> None:
    for page in PAGES:
        response = _call(client, page, _ids(opened))
        assert response.status_code == 302, page.name
        assert response["Location"].startswith("/login/?next="), page.name


def test_a_draft_is_the_managers_alone(client: Client, world: World) -> None:
    draft = make_consultation(world, status="draft")
    ids = _ids(draft)
    for role in ALL_ROLES:
        as_role(client, world, role)
        for page in PAGES:
            status = _call(client, page, ids).status_code
            expected = page.expected(role) if role in MANAGING_ROLES else 404
            if page.arg == "process":
                expected = page.expected(role)
            assert status == expected, (page.name, role)
        listing = client.get(
            reverse(
                "consultations:consultation-list", args=[draft.consultation.process_id]
            )
        )
        if role in VIEWING_ROLES:
            shown = "The future of the Kessa" in listing.content.decode()
            assert shown == (role in MANAGING_ROLES), role


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != "outsider"])
def test_rival_objects_answer_exactly_like_random_ids(
    client: Client, world: World, rival: dict[str, Any], role: str
) -> None:
    as_role(client, world, role)
    missing = {name: uuid.uuid4() for name in rival}
    for page in PAGES:
        theirs, random = _call(client, page, rival), _call(client, page, missing)
        assert theirs.status_code == random.status_code == 404, page.name
        assert without_csrf(theirs.content) == without_csrf(random.content), page.name


def test_the_outsider_reaches_its_own_consultation(
    client: Client, world: World, rival: dict[str, Any]
) -> None:
    as_role(client, world, "outsider")
    for page in PAGES:
        if page.method == "GET":
            assert _call(client, page, rival).status_code == 200, page.name


def test_only_managers_see_the_public_link(
    client: Client, opened: Open, world: World
) -> None:
    url = reverse("consultations:consultation-detail", args=[opened.consultation.pk])
    for role in VIEWING_ROLES:
        as_role(client, world, role)
        html = client.get(url).content.decode()
        assert (opened.link in html) == (role in MANAGING_ROLES), role


def test_the_pages_carry_no_inline_script_or_style(
    client: Client, opened: Open, world: World
) -> None:
    as_role(client, world, "facilitator")
    for page in PAGES:
        if page.method == "GET" and page.name != "consultation-export":
            html = client.get(page.url(_ids(opened))).content.decode()
            assert "<script" not in html and " style=" not in html, page.name
            assert " on" + "click=" not in html, page.name
