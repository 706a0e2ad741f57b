"""Ideas, feedback, the cross-side view and joint texts in the web UI."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from backchannel.core.audit import audit_actor
from backchannel.core.models import AuditEvent
from backchannel.ideas.models import (
    Feedback,
    Idea,
    IdeaVersion,
    JointText,
    JointTextVersion,
    SectionComment,
)
from backchannel.ideas.services import (
    feedback_record,
    idea_version_create,
    idea_version_update,
)
from backchannel.participants.services import person_create, seat_create
from tests.ideas.factories import first_version, float_idea, give, seats_on, sides
from tests.web.conftest import WebWorld, as_role
from tests.web.svg import assert_charts_accessible, assert_svg_unlocalised
from tests.world import (
    ALL_ROLES,
    MANAGING_ROLES,
    VIEWING_ROLES,
    World,
    make_user,
    take_up,
)

SECRET = "Our ministry would never sign a clause on night flows"


def _south_participant(world: World) -> Any:
    """A second participant login, seated on the other side."""
    user = make_user(f"south-{uuid.uuid4().hex[:6]}")
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Pell Ostrander",
        gender="man",
        capacity="expert",
        level="broader",
        user=user,
    )
    seat = seat_create(
        access=world.access(), person=person, role="participant", side=sides(world)[1]
    )
    take_up(world.access(), seat)
    return user


def _feedback_url(version: IdeaVersion) -> str:
    return reverse("ideas:feedback-edit", args=[version.pk])


def _detail(client: Client, idea: Idea) -> str:
    response = client.get(reverse("ideas:idea-detail", args=[idea.pk]))
    assert response.status_code == 200
    return response.content.decode()


# -- feedback


def test_a_participant_gives_and_edits_feedback_in_the_browser(
    client: Client, web: WebWorld
) -> None:
    version = IdeaVersion.objects.get(pk=web.ours.idea_version)
    as_role(client, web.world, "participant")
    html = _detail(client, version.idea)
    assert f'action="{_feedback_url(version)}"' in html
    response = client.post(
        _feedback_url(version),
        {"stance": "acceptable_if", "conditions": "Monthly readings\n\nJoint staff"},
    )
    assert response.status_code == 302
    response = client.post(
        _feedback_url(version), {"stance": "consult", "comment": "Home first"}
    )
    assert response.status_code == 302
    (feedback,) = Feedback.objects.filter(version=version)
    assert (str(feedback.stance), feedback.comment) == ("consult", "Home first")
    html = _detail(client, version.idea)
    assert "Must consult at home" in html and "Change your feedback" in html


def test_a_stance_outside_the_list_answers_422_on_the_stance_field(
    client: Client, web: WebWorld
) -> None:
    version = IdeaVersion.objects.get(pk=web.ours.idea_version)
    as_role(client, web.world, "participant")
    response = client.post(_feedback_url(version), {"stance": "perhaps"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_stance_error"' in html and "perhaps" in html
    assert not Feedback.objects.exists()


def test_feedback_on_a_closed_version_answers_422_naming_the_version(
    client: Client, web: WebWorld
) -> None:
    version = IdeaVersion.objects.get(pk=web.ours.idea_version)
    idea_version_update(access=web.world.access(), version=version, closed=True)
    as_role(client, web.world, "participant")
    response = client.post(_feedback_url(version), {"stance": "acceptable"})
    assert response.status_code == 422
    html = response.content.decode()
    assert f"Version {version.number} is closed for feedback" in html
    assert not Feedback.objects.exists()


def test_a_participant_withdraws_feedback_on_the_web_and_in_the_api(
    client: Client, web: WebWorld
) -> None:
    from backchannel.accounts.services import api_token_create

    version = IdeaVersion.objects.get(pk=web.ours.idea_version)
    withdraw = reverse("ideas:feedback-withdraw", args=[version.pk])
    as_role(client, web.world, "participant")
    assert withdraw not in client.get(_feedback_url(version)).content.decode()
    client.post(_feedback_url(version), {"stance": "acceptable"})
    assert withdraw in client.get(_feedback_url(version)).content.decode()
    assert client.get(withdraw).status_code == 200  # the confirmation
    response = client.post(withdraw)
    assert response.status_code == 302
    assert not Feedback.objects.exists()
    response = client.post(withdraw)
    assert response.status_code == 422
    assert "nothing to withdraw" in response.content.decode()
    # The same through the API, and nobody else's feedback can be withdrawn.
    client.post(_feedback_url(version), {"stance": "acceptable"})
    api = f"/api/idea-versions/{version.pk}/feedback"
    for role, status in (("facilitator", 403), ("observer", 403), ("participant", 204)):
        token = api_token_create(user=web.world.users[role], label="t")[1]
        response = client.delete(api, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == status, role
        assert Feedback.objects.exists() == (status != 204)


def test_feedback_is_invisible_to_other_participants_and_readers(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    idea = float_idea(world.access(), title="Night flows")
    version = first_version(idea)
    feedback_record(
        access=world.access("participant"),
        version=version,
        stance="unacceptable",
        red_lines=[SECRET],
        comment=SECRET,
    )
    south = _south_participant(world)
    readers = [world.users[r] for r in VIEWING_ROLES - MANAGING_ROLES - {"participant"}]
    for shared in (False, True):
        # Shared or not: one response on the side is a small cell.
        idea_version_update(
            access=world.access(), version=version, closed=shared, results_shared=shared
        )
        for user in [south, *readers]:
            client.force_login(user)
            assert SECRET not in _detail(client, idea), user
            for name in (
                "ideas:feedback-list",
                "ideas:feedback-edit",
                "ideas:idea-list",
            ):
                args = [world.process.pk] if name == "ideas:idea-list" else [version.pk]
                body = client.get(reverse(name, args=args)).content.decode()
                assert SECRET not in body, (user, name)
    client.force_login(world.users["participant"])
    assert SECRET in _detail(client, idea)  # the author's own


def test_the_cross_side_view_suppresses_small_sides_for_managers_too(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    north, south = sides(world)
    version = first_version(float_idea(world.access(), title="Data bulletin"))
    give(seats_on(world, north, 3), version, "acceptable", comment="North says yes")
    give(seats_on(world, south, 2), version, "unacceptable", comment="South says no")
    as_role(client, world, "facilitator")
    html = _detail(client, version.idea)
    assert "fewer than 3" in html and "not enough responses" in html
    assert "North says yes" in html and "South says no" not in html
    listing = client.get(reverse("ideas:idea-list", args=[world.process.pk])).content
    assert b"not enough responses" in listing


def test_participants_see_shared_aggregates_without_names(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    north, south = sides(world)
    version = first_version(float_idea(world.access(), title="Shared balloon"))
    north_seats = seats_on(world, north, 3)
    give(north_seats, version, "acceptable", comment="North is content")
    give(seats_on(world, south, 3), version, "unacceptable")
    as_role(client, world, "participant")
    assert "North is content" not in _detail(client, version.idea)
    idea_version_update(
        access=world.access(), version=version, closed=True, results_shared=True
    )
    html = _detail(client, version.idea)
    assert "North is content" in html and "Crux" in html
    assert all(str(s.pseudonym) not in html for s in north_seats)


def test_manager_visits_to_individual_responses_are_audited(
    client: Client, web: WebWorld
) -> None:
    version = IdeaVersion.objects.get(pk=web.ours.idea_version)
    feedback_record(
        access=web.world.access("participant"),
        version=version,
        stance="acceptable",
        comment="Reads as fair",
    )
    as_role(client, web.world, "facilitator")
    before = AuditEvent.objects.filter(verb="feedback.read").count()
    response = client.get(reverse("ideas:feedback-list", args=[version.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reads as fair" in html
    assert str(web.world.seats["participant"].pseudonym) in html
    assert AuditEvent.objects.filter(verb="feedback.read").count() == before + 1
    assert audit_actor(AuditEvent.objects.last()).user_id == str(
        web.world.users["facilitator"].pk
    )


# -- ideas


def test_a_manager_floats_an_idea_storing_only_the_chosen_provenance(
    client: Client, web: WebWorld
) -> None:
    north, _ = sides(web.world)
    as_role(client, web.world, "facilitator")
    url = reverse("ideas:idea-create", args=[web.world.process.pk])
    base = {"text": "A shared flood warning line.", "status": "floated"}
    for tier, title in (("anonymous", "Anonymous line"), ("side", "Side line")):
        response = client.post(
            url,
            {**base, "title": title, "provenance": tier, "provenance_side": north.pk},
        )
        assert response.status_code == 302, response.content
    assert Idea.objects.get(pk__in=_ids("Anonymous line")).provenance_side_id is None
    assert Idea.objects.get(pk__in=_ids("Side line")).provenance_side_id == north.pk
    response = client.post(url, {**base, "title": "No side", "provenance": "side"})
    assert response.status_code == 422
    assert 'id="id_provenance_side_error"' in response.content.decode()


def _ids(title: str) -> list[Any]:
    return [i.pk for i in Idea.objects.all() if str(i.title) == title]


def test_the_convergence_chart_is_inline_svg_without_script_or_style(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    access = world.access()
    north, south = sides(world)
    idea = float_idea(access, title="Converging")
    give(seats_on(world, north, 3, tag="a"), first_version(idea), "acceptable")
    give(seats_on(world, south, 3, tag="b"), first_version(idea), "unacceptable")
    second = idea_version_create(access=access, idea=idea, text="Revised.")
    give(seats_on(world, north, 3, tag="c"), second, "acceptable")
    give(seats_on(world, south, 3, tag="d"), second, "acceptable")
    as_role(client, world, "facilitator")
    html = _detail(client, idea)
    assert_charts_accessible(html, count=1)
    assert "the sides are converging" in html
    assert "<script" not in html and " style=" not in html
    for language in ("fr", "ar"):
        response = client.get(
            reverse("ideas:idea-detail", args=[idea.pk]),
            HTTP_ACCEPT_LANGUAGE=language,
        )
        html = response.content.decode()
        assert f'lang="{language}"' in html
        assert_charts_accessible(html, count=1)
        assert_svg_unlocalised(html, at_least=10)
        assert re.search(r">0,\d+</text>", html)  # tick labels follow the locale


# -- joint texts


def test_joint_texts_show_the_language_diff_and_comments_by_side(
    client: Client, web: WebWorld
) -> None:
    world = web.world
    joint_text = JointText.objects.get(pk=web.ours.joint_text)
    as_role(client, world, "participant")
    response = client.post(
        reverse("ideas:section-comment-create", args=[web.ours.section]),
        {"text": "Weekly is too often for our gauges"},
    )
    assert response.status_code == 302
    seat = world.seats["participant"]
    for role in VIEWING_ROLES:
        as_role(client, world, role)
        html = client.get(
            reverse("ideas:joint-text-detail", args=[joint_text.pk])
        ).content.decode()
        assert "Language of record" in html and 'lang="en"' in html
        assert "Weekly is too often for our gauges" in html and "North" in html
        assert (str(seat.pseudonym) in html) == (role in MANAGING_ROLES), role
    diff = client.get(
        reverse("ideas:joint-text-diff", args=[joint_text.pk])
    ).content.decode()
    assert "<del>shall</del><ins>should</ins>" in diff
    assert "<del>monthly</del><ins>weekly</ins>" in diff
    export = client.get(reverse("ideas:joint-text-export", args=[joint_text.pk]))
    assert export["Content-Language"] == "en"
    assert export["Content-Type"].startswith("text/plain")
    assert "Language of record: en" in export.content.decode()


def test_a_manager_writes_a_joint_text_and_a_new_version(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "facilitator")
    response = client.post(
        reverse("ideas:joint-text-create", args=[web.world.process.pk]),
        {
            "title": "Draft elements",
            "language": "fr",
            "sections-TOTAL_FORMS": "2",
            "sections-INITIAL_FORMS": "0",
            "sections-0-heading": "Objet",
            "sections-0-body": "Les parties échangent des données.",
            "sections-1-heading": "",
            "sections-1-body": "",
        },
    )
    assert response.status_code == 302
    joint_text = next(
        t for t in JointText.objects.all() if str(t.title) == "Draft elements"
    )
    section = joint_text.versions.get().sections.get()
    response = client.post(
        reverse("ideas:joint-text-version-create", args=[joint_text.pk]),
        {
            "note": "Weekly",
            "sections-TOTAL_FORMS": "2",
            "sections-INITIAL_FORMS": "1",
            "sections-0-key": str(section.key),
            "sections-0-heading": "Objet",
            "sections-0-body": "Les parties échangent des données chaque semaine.",
            "sections-1-heading": "Révision",
            "sections-1-body": "",
        },
    )
    assert response.status_code == 302
    latest = joint_text.versions.order_by("number").last()
    assert latest.number == 2
    assert [str(s.heading) for s in latest.sections.all()] == ["Objet", "Révision"]
    assert latest.sections.get(position=0).key == section.key


def test_a_joint_text_with_a_bad_language_code_answers_422_on_it(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "facilitator")
    response = client.post(
        reverse("ideas:joint-text-create", args=[web.world.process.pk]),
        {
            "title": "Bad language",
            "language": "English please",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-heading": "One",
            "sections-0-body": "Text",
        },
    )
    assert response.status_code == 422
    assert 'id="id_language_error"' in response.content.decode()


# -- every write × every role


@dataclass
class Write:
    name: str
    url: Callable[[WebWorld], str]
    data: dict[str, Any]
    probe: Callable[[WebWorld], Any]
    audience: str = "manage"  # or "contribute"

    def expected(self, role: str) -> int:
        if self.audience == "contribute":
            if role == "participant":
                return 302
        elif role in MANAGING_ROLES:
            return 302
        return 403 if role in VIEWING_ROLES else 404


def _u(name: str, key: str) -> Callable[[WebWorld], str]:
    return lambda web: reverse(name, args=[getattr(web.ours, key)])


WRITES = [
    Write(
        "idea-create",
        _u("ideas:idea-create", "process"),
        {
            "title": "Balloon",
            "text": "Text",
            "status": "draft",
            "provenance": "anonymous",
        },
        lambda web: Idea.objects.count(),
    ),
    Write(
        "idea-edit",
        _u("ideas:idea-edit", "idea"),
        {"title": "Renamed", "status": "refined", "provenance": "facilitator"},
        lambda web: Idea.objects.get(pk=web.ours.idea).status,
    ),
    Write(
        "version-create",
        _u("ideas:version-create", "idea"),
        {"text": "Second text", "note": "Tighter"},
        lambda web: IdeaVersion.objects.count(),
    ),
    Write(
        "version-settings",
        _u("ideas:version-settings", "idea_version"),
        {"closed": "on"},
        lambda web: IdeaVersion.objects.get(pk=web.ours.idea_version).closed,
    ),
    Write(
        "feedback-edit",
        _u("ideas:feedback-edit", "idea_version"),
        {"stance": "acceptable"},
        lambda web: Feedback.objects.count(),
        audience="contribute",
    ),
    Write(
        "joint-text-edit",
        _u("ideas:joint-text-edit", "joint_text"),
        {"title": "Renamed statement", "language": "de"},
        lambda web: JointText.objects.get(pk=web.ours.joint_text).language,
    ),
    Write(
        "joint-text-version-create",
        _u("ideas:joint-text-version-create", "joint_text"),
        {
            "note": "",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-heading": "Only",
            "sections-0-body": "One section left.",
        },
        lambda web: JointTextVersion.objects.count(),
    ),
    Write(
        "section-comment-create",
        _u("ideas:section-comment-create", "section"),
        {"text": "A comment"},
        lambda web: SectionComment.objects.count(),
        audience="contribute",
    ),
    Write(
        "idea-delete",
        _u("ideas:idea-delete", "idea"),
        {},
        lambda web: Idea.objects.filter(pk=web.ours.idea).exists(),
    ),
    Write(
        "joint-text-delete",
        _u("ideas:joint-text-delete", "joint_text"),
        {},
        lambda web: JointText.objects.filter(pk=web.ours.joint_text).exists(),
    ),
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
def test_each_write_changes_data_only_for_the_roles_allowed(
    client: Client, web: WebWorld, write: Write
) -> None:
    for role in ALL_ROLES:
        with transaction.atomic():
            before = write.probe(web)
            as_role(client, web.world, role)
            response = client.post(write.url(web), write.data)
            want = write.expected(role)
            assert response.status_code == want, (role, response.status_code)
            changed = write.probe(web) != before
            assert changed == (want == 302), role
            transaction.set_rollback(True)


def test_the_ideas_page_runs_the_same_queries_however_many_ideas(
    client: Client, web: WebWorld, django_assert_max_num_queries: Any
) -> None:
    world = web.world
    north, south = sides(world)
    url = reverse("ideas:idea-list", args=[world.process.pk])

    def grow() -> None:
        for n in range(3):
            version = first_version(float_idea(world.access(), title=f"Idea {n}"))
            give(seats_on(world, north, 3, tag=f"{n}"), version, "acceptable")
            give(seats_on(world, south, 1, tag=f"{n}"), version, "consult")

    as_role(client, world, "facilitator")
    grow()
    with django_assert_max_num_queries(IDEA_LIST_MAX):
        assert client.get(url).status_code == 200
    grow()
    with django_assert_max_num_queries(IDEA_LIST_MAX):
        assert client.get(url).status_code == 200


# One of them is the menu's "API tokens" check (participants.selectors.uses_api).
IDEA_LIST_MAX = 19


def test_a_facilitator_removes_feedback_from_the_read_out_at_the_participants_request(
    client: Client, web: WebWorld
) -> None:
    version = IdeaVersion.objects.get(pk=web.ours.idea_version)
    feedback = feedback_record(
        access=web.world.access("participant"), version=version, stance="acceptable"
    )
    remove = reverse("ideas:feedback-remove", args=[feedback.pk])
    for role in ("participant", "observer", "rapporteur"):
        as_role(client, web.world, role)
        assert client.post(remove).status_code == 403, role
    as_role(client, web.world, "facilitator")
    listing = client.get(reverse("ideas:feedback-list", args=[version.pk]))
    assert remove in listing.content.decode()
    page = client.get(remove)
    assert page.status_code == 200 and "at their request" in page.content.decode()
    assert Feedback.objects.filter(pk=feedback.pk).exists()
    assert client.post(remove).status_code == 302
    assert not Feedback.objects.filter(pk=feedback.pk).exists()
    # Another organisation's feedback answers like a missing one.
    rival = reverse("ideas:feedback-remove", args=[uuid.uuid4()])
    assert client.post(rival).status_code == 404
