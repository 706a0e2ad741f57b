"""What the pages show, and to whom."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tests.web.conftest import WebWorld, as_role
from tests.web.pages import PAGES
from tests.web.svg import assert_charts_accessible, assert_svg_unlocalised
from tests.world import MANAGING_ROLES, VIEWING_ROLES

INLINE = re.compile(rb"<script|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def _get(client: Client, web: WebWorld, role: str, name: str, *args: object) -> str:
    as_role(client, web.world, role)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, (name, role)
    return response.content.decode()


def test_no_page_carries_inline_script_or_style_which_the_csp_would_block(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "org_convener")
    for page in PAGES:
        response = client.get(page.url(web.ours), follow=True)
        assert not INLINE.search(response.content), page.name
    client.logout()
    assert not INLINE.search(client.get(reverse("login")).content)


def test_the_dashboard_shows_the_plan_to_everyone_seated(
    client: Client, web: WebWorld
) -> None:
    for role in VIEWING_ROLES:
        html = _get(client, web, role, "processes:process-detail", web.ours.process)
        assert "Lakeshore Water Dialogue" in html
        assert "Map the options for joint water management" in html
        assert "This phase cannot deliver an agreement; it maps options." in html
        assert "Options jointly mapped" in html
        assert 'value="33"' in html  # 2 of the way from 0 to 6
        assert "Current phase" in html
        assert "First round" in html
        # The composition is for managers: small cells could identify someone.
        shows_composition = role in MANAGING_ROLES
        assert ('role="alert"' in html) == shows_composition, role
        assert (
            "<bdi>North</bdi> has no women among its participants." in html
        ) == shows_composition
        assert "<svg" in html and "Lakeshore Track One Talks" in html


def test_the_ecosystem_graph_geometry_is_not_localised(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "convener")
    url = reverse("processes:process-detail", args=[web.ours.process])
    for language in ("fr", "ar"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f'lang="{language}"' in html and 'id="ecosystem-graph"' in html
        assert_svg_unlocalised(html, at_least=10)
        assert_charts_accessible(html, count=1)


def test_only_managers_get_edit_links_on_the_dashboard(
    client: Client, web: WebWorld
) -> None:
    for role in VIEWING_ROLES:
        html = _get(client, web, role, "processes:process-detail", web.ours.process)
        edit_links = re.findall(r'href="[^"]*/(?:edit|new|delete)/', html)
        assert bool(edit_links) == (role in MANAGING_ROLES), role


def test_processes_a_viewer_cannot_see_stay_unnamed_in_the_ecosystem(
    client: Client, web: WebWorld
) -> None:
    title = "Border Trade Track Two"  # other_process: only the org convener sees it
    for role in VIEWING_ROLES:
        html = _get(client, web, role, "processes:process-detail", web.ours.process)
        assert (title in html) == (role == "org_convener"), role
        if role != "org_convener":
            assert "A process you do not see" in html


def test_the_roster_shows_contacts_and_affiliations_to_managers_only(
    client: Client, web: WebWorld
) -> None:
    # Interpreters get no roster at all (tests/web/pages.py).
    for role in VIEWING_ROLES - {"interpreter"}:
        html = _get(client, web, role, "participants:seat-list", web.ours.process)
        assert "Person Participant" in html
        # the codes decode the record: managers only
        code = f"<bdi>{web.world.seats['participant'].pseudonym}</bdi>"
        assert (code in html) == (role in MANAGING_ROLES), role
        shown = "kestrel@example.org" in html
        assert shown == (role in MANAGING_ROLES), role
        assert ("Varnian Water Authority" in html) == (role in MANAGING_ROLES), role


def test_attendance_is_shown_to_managers_only(client: Client, web: WebWorld) -> None:
    for role in VIEWING_ROLES:
        html = _get(client, web, role, "meetings:meeting-detail", web.ours.meeting)
        assert "Ground rules" in html and "Chatham House Rule" in html
        assert ("Attendance" in html) == (role in MANAGING_ROLES), role


def test_the_process_list_names_each_role(client: Client, web: WebWorld) -> None:
    html = _get(client, web, "rapporteur", "processes:process-list")
    assert "Lakeshore Water Dialogue" in html and "Rapporteur" in html
    assert "Border Trade Track Two" not in html
    assert "New process" not in html
    html = _get(client, web, "org_convener", "processes:process-list")
    assert "Border Trade Track Two" in html and "New process" in html


def test_the_people_link_shows_only_to_those_who_keep_a_registry(
    client: Client, web: WebWorld
) -> None:
    people = reverse("participants:organisation-list")
    for role, shown in (
        ("org_convener", True),
        ("facilitator", True),
        ("observer", False),
    ):
        html = _get(client, web, role, "processes:process-list")
        assert (f'href="{people}"' in html) == shown, role


def test_forms_label_every_input(client: Client, web: WebWorld) -> None:
    as_role(client, web.world, "org_convener")
    for page in PAGES:
        response = client.get(page.url(web.ours), follow=True)
        if not response["Content-Type"].startswith("text/html"):
            continue  # a download (the report's PDF)
        html = response.content.decode()
        for match in re.finditer(r"<(?:input|select|textarea)\b[^>]*>", html):
            tag = match.group(0)
            if re.search(r'type="(?:hidden|submit)"', tag):
                continue
            found = re.search(r'id="([^"]+)"', tag)
            assert found, (page.name, tag)
            assert f'for="{found.group(1)}"' in html, (page.name, tag)
