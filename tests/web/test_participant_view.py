"""The participant's view (issue 16.5): a menu with only what the role uses,
the judged text above the feedback form, and a draft that says it is one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.accounts.models import ApiToken
from backchannel.accounts.services import api_token_create, api_token_user
from backchannel.core.models import AuditEvent
from backchannel.ideas.models import Idea
from tests.ideas.factories import float_idea
from tests.web.conftest import WebWorld, as_role
from tests.world import World

pytestmark = pytest.mark.django_db

TOKENS_LINK = 'href="/account/tokens/"'


def _menu(client: Client) -> str:
    html = client.get(reverse("processes:process-list")).content.decode()
    return html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]


def test_a_participant_has_no_api_tokens_in_the_menu_until_they_turn_it_on(
    client: Client, world: World
) -> None:
    as_role(client, world, "participant")
    assert TOKENS_LINK not in _menu(client)
    security = client.get(reverse("mfa_index")).content.decode()
    assert "Turn API access on" in security
    reply = client.post(reverse("accounts:api-access"), {"enabled": "on"})
    assert reply.status_code == 302 and reply["Location"] == reverse("mfa_index")
    assert TOKENS_LINK in _menu(client)
    assert "Turn API access off" in client.get(reverse("mfa_index")).content.decode()
    assert AuditEvent.objects.filter(verb="api_access.on").count() == 1


def test_turning_the_api_off_revokes_every_token_and_hides_the_page(
    client: Client, world: World
) -> None:
    user = world.users["participant"]
    _token, secret = api_token_create(user=user, label="laptop")
    as_role(client, world, "participant")
    assert TOKENS_LINK in _menu(client)  # a token holder can still find them
    client.post(reverse("accounts:api-access"), {"enabled": "off"})
    assert not ApiToken.objects.filter(user=user).exists()
    assert api_token_user(secret) is None
    assert TOKENS_LINK not in _menu(client)


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("org_convener", True),
        ("convener", True),
        ("facilitator", True),
        ("rapporteur", True),
        ("participant", False),
        ("observer", False),
        ("interpreter", False),
        ("staff", False),
    ],
)
def test_the_menu_offers_api_tokens_to_the_roles_that_use_them(
    client: Client, world: World, role: str, shown: bool
) -> None:
    as_role(client, world, role)
    assert (TOKENS_LINK in _menu(client)) is shown


def test_the_api_switch_takes_a_post_only(client: Client, world: World) -> None:
    as_role(client, world, "participant")
    assert client.get(reverse("accounts:api-access")).status_code == 405
    as_role(client, world, None)
    assert (
        client.post(reverse("accounts:api-access"), {"enabled": "on"}).status_code
        == 302
    )
    assert (
        not world.users["participant"]
        .__class__.objects.get(pk=world.users["participant"].pk)
        .api_enabled
    )


def test_the_idea_page_shows_the_judged_text_above_the_feedback_form(
    client: Client, web: WebWorld
) -> None:
    idea = float_idea(
        web.world.access(), title="Night flows", text="Release at night only."
    )
    as_role(client, web.world, "participant")
    html = client.get(reverse("ideas:idea-detail", args=[idea.pk])).content.decode()
    judged = html.index("The text you are judging")
    text = html.index("Release at night only.", judged)
    form = html.index('name="stance"')
    assert judged < text < form


def test_a_new_draft_says_so_and_floats_with_one_button(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    as_role(client, world, "facilitator")
    reply = client.post(
        reverse("ideas:idea-create", args=[world.process.pk]),
        {
            "title": "Shared gauge",
            "text": "One gauge, two readers.",
            "status": "draft",
            "provenance": "facilitator",
        },
        follow=True,
    )
    html = reply.content.decode()
    assert "saved as a draft: participants do not see it yet" in html
    assert "Draft: participants do not see this idea yet." in html
    idea = next(i for i in Idea.objects.all() if str(i.title) == "Shared gauge")
    float_url = reverse("ideas:idea-float", args=[idea.pk])
    assert float_url in html
    # Participants cannot see it, nor float it.
    as_role(client, world, "participant")
    assert client.get(reverse("ideas:idea-detail", args=[idea.pk])).status_code == 404
    assert client.post(float_url).status_code == 404
    as_role(client, world, "facilitator")
    after = client.post(float_url, follow=True).content.decode()
    idea.refresh_from_db()
    assert idea.status == "floated"
    assert "Floated: participants see this idea" in after and float_url not in after
    as_role(client, world, "participant")
    assert client.get(reverse("ideas:idea-detail", args=[idea.pk])).status_code == 200


def test_only_managers_float_a_draft_and_others_cannot_tell_it_exists(
    client: Client, web: WebWorld
) -> None:
    from django.db import transaction

    from tests.world import ALL_ROLES, MANAGING_ROLES

    for role in ALL_ROLES:
        with transaction.atomic():
            draft = float_idea(web.world.access(), title="Quiet draft", status="draft")
            as_role(client, web.world, role)
            reply = client.post(reverse("ideas:idea-float", args=[draft.pk]))
            draft.refresh_from_db()
            if role in MANAGING_ROLES:
                assert reply.status_code == 302, role
                assert draft.status == "floated", role
            else:
                assert reply.status_code == 404, role
                assert draft.status == "draft", role
            transaction.set_rollback(True)
