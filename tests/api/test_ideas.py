"""Ideas, feedback and joint texts through the API: what each role reads back."""

from __future__ import annotations

import json
import uuid
from typing import Any

from backchannel.accounts.services import api_token_create
from backchannel.core.audit import audit_actor
from backchannel.core.models import AuditEvent
from backchannel.ideas.models import Idea, IdeaVersion
from backchannel.ideas.services import feedback_record, idea_version_update
from backchannel.participants.services import person_create, seat_create
from tests.api.conftest import Api
from tests.ideas.factories import first_version, float_idea, give, seats_on, sides
from tests.world import MANAGING_ROLES, VIEWING_ROLES, make_user, take_up

SECRET = "Never while the reservoir fills"


def _south_token(api: Api) -> str:
    world = api.world
    user = make_user(f"api-south-{uuid.uuid4().hex[:6]}")
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Dara Ostrel",
        gender="woman",
        capacity="expert",
        level="broader",
        user=user,
    )
    seat = seat_create(
        access=world.access(), person=person, role="participant", side=sides(world)[1]
    )
    take_up(world.access(), seat)
    return api_token_create(user=user, label="tests")[1]


def _version(api: Api) -> IdeaVersion:
    return first_version(float_idea(api.world.access(), title="Reservoir rule"))


def test_a_participant_s_api_never_returns_another_s_feedback(api: Api) -> None:
    version = _version(api)
    feedback_record(
        access=api.world.access("participant"),
        version=version,
        stance="unacceptable",
        comment=SECRET,
    )
    south = _south_token(api)
    path = f"/api/idea-versions/{version.pk}/feedback"
    other = api.call(None, "GET", path, token=south)
    assert (other.status, other.body) == (200, [])
    for shared in (False, True):
        idea_version_update(
            access=api.world.access(),
            version=version,
            closed=shared,
            results_shared=shared,
        )
        for role in VIEWING_ROLES - MANAGING_ROLES - {"participant"}:
            for p in (path, f"/api/idea-versions/{version.pk}/common-ground"):
                assert SECRET not in json.dumps(api.get(role, p).body), role
        ground = api.call(
            None, "GET", f"/api/idea-versions/{version.pk}/common-ground", token=south
        )
        assert SECRET not in json.dumps(ground.body)
    (own,) = api.get("participant", path).body
    assert own["mine"] and own["comment"] == SECRET
    assert "seat_id" not in own and "seat_pseudonym" not in own
    (seen,) = api.get("facilitator", path).body
    assert seen["seat_id"] == str(api.world.seats["participant"].pk)
    assert not seen["mine"]


def test_results_reach_non_managers_only_once_shared(api: Api) -> None:
    version = _version(api)
    path = f"/api/idea-versions/{version.pk}/common-ground"
    hidden = api.get("participant", path).body
    assert hidden["visible"] is False and hidden["sides"] == []
    assert hidden["score_status"] == "not_shared"
    assert api.get("facilitator", path).body["visible"] is True
    listed = api.get("observer", f"/api/processes/{api.world.process.pk}/ideas").body
    mine = next(i for i in listed if i["id"] == str(version.idea_id))
    assert mine["latest_score_status"] == "not_shared"


def test_small_cells_are_suppressed_in_every_api_read(api: Api) -> None:
    world = api.world
    north, south = sides(world)
    version = _version(api)
    give(seats_on(world, north, 3), version, "acceptable", comment="Fine")
    give(seats_on(world, south, 2), version, "unacceptable", comment="Small side")
    ground = api.get("facilitator", f"/api/idea-versions/{version.pk}/common-ground")
    cells = {c["side_name"]: c for c in ground.body["sides"]}
    assert (
        cells["North"]["responses"] == 3 and cells["North"]["comments"] == ["Fine"] * 3
    )
    assert cells["South"] == {
        "side_id": str(south.pk),
        "side_name": "South",
        "suppressed": True,
        "responses": None,
        "label": "fewer than 3",
        "counts": None,
        "acceptable_share": None,
        "conditions": [],
        "red_lines": [],
        "comments": [],
    }
    assert ground.body["score"] is None and ground.body["responses"] is None
    assert ground.body["score_status"] == "not_enough_responses"
    table = api.get("facilitator", f"/api/processes/{world.process.pk}/common-ground")
    assert "Small side" not in json.dumps(table.body)
    row = next(i for i in table.body if i["idea_id"] == str(version.idea_id))
    assert row["versions"][0]["sides"][1]["label"] == "fewer than 3"


def test_scores_and_cruxes_come_back_once_every_side_has_three(api: Api) -> None:
    world = api.world
    north, south = sides(world)
    version = _version(api)
    give(seats_on(world, north, 3), version, "acceptable")
    give(seats_on(world, south, 3), version, "acceptable_if")
    body = api.get("facilitator", f"/api/idea-versions/{version.pk}/common-ground").body
    # (3 + 1)/(3 + 2) · (0 + 1)/(3 + 2) and, lenient, (3 + 1)/(3 + 2) squared
    assert body["score"] == 0.16 and body["lenient_score"] == 0.64
    assert body["responses"] == 6
    assert body["crux"] == {
        "accepting_side_ids": [str(north.pk)],
        "rejecting_side_ids": [str(south.pk)],
        "gap": 1.0,
    }


def test_a_stance_outside_the_list_is_refused_on_stance(api: Api) -> None:
    version = _version(api)
    reply = api.call(
        "participant",
        "PUT",
        f"/api/idea-versions/{version.pk}/feedback",
        {"stance": "maybe"},
    )
    assert reply.status == 422 and list(reply.errors) == ["stance"]
    assert "acceptable_if" in reply.errors["stance"][0]


def test_feedback_on_a_closed_version_is_refused_on_version(api: Api) -> None:
    version = _version(api)
    idea_version_update(access=api.world.access(), version=version, closed=True)
    reply = api.call(
        "participant",
        "PUT",
        f"/api/idea-versions/{version.pk}/feedback",
        {"stance": "acceptable"},
    )
    assert reply.status == 422 and list(reply.errors) == ["version"]
    assert "closed for feedback" in reply.errors["version"][0]


def test_manager_reads_of_feedback_are_audited(api: Api) -> None:
    version = _version(api)
    before = AuditEvent.objects.filter(verb="feedback.read").count()
    api.get("participant", f"/api/idea-versions/{version.pk}/feedback")
    assert AuditEvent.objects.filter(verb="feedback.read").count() == before
    api.get("convener", f"/api/idea-versions/{version.pk}/feedback")
    event = AuditEvent.objects.filter(verb="feedback.read").last()
    assert audit_actor(event).user_id == str(api.world.users["convener"].pk)
    assert event.target_id == str(version.pk)


def test_the_provenance_stored_is_what_the_tier_allows(api: Api) -> None:
    process = api.world.process
    north, _ = sides(api.world)
    body: dict[str, Any] = {
        "title": "Alert",
        "text": "One alert.",
        "provenance": "anonymous",
    }
    reply = api.call(
        "facilitator", "POST", f"/api/processes/{process.pk}/ideas",
        {**body, "provenance_side_id": north.pk},
    )  # fmt: skip
    assert reply.status == 422 and list(reply.errors) == ["provenance_side_id"]
    reply = api.call(
        "facilitator", "POST", f"/api/processes/{process.pk}/ideas",
        {**body, "provenance": "side", "provenance_side_id": north.pk},
    )  # fmt: skip
    assert reply.status == 201 and reply.body["provenance_side_id"] == str(north.pk)
    patched = api.call(
        "facilitator",
        "PATCH",
        f"/api/ideas/{reply.body['id']}",
        {"provenance": "facilitator"},
    )
    assert patched.body["provenance_side_id"] is None
    assert Idea.objects.get(pk=reply.body["id"]).provenance_side_id is None


def test_ids_from_elsewhere_in_the_body_are_named(api: Api) -> None:
    rival_side = api.world.rival_process.sides.first()
    reply = api.call(
        "facilitator",
        "POST",
        f"/api/processes/{api.world.process.pk}/ideas",
        {
            "title": "Alert",
            "text": "One alert.",
            "provenance": "side",
            "provenance_side_id": rival_side.pk,
            "objective_ids": [uuid.uuid4()],
        },
    )
    assert reply.status == 422
    assert set(reply.errors) == {"provenance_side_id"}


def test_drafts_answer_like_random_ids_to_non_managers(api: Api) -> None:
    idea = float_idea(api.world.access(), title="Draft", status="draft")
    version = first_version(idea)
    for role in ("rapporteur", "participant", "observer"):
        for path in (
            f"/api/ideas/{idea.pk}",
            f"/api/idea-versions/{version.pk}/feedback",
        ):
            random = path.replace(str(idea.pk), str(uuid.uuid4())).replace(
                str(version.pk), str(uuid.uuid4())
            )
            assert api.get(role, path) == api.get(role, random), (role, path)
            assert api.get(role, path).status == 404
    assert api.get("facilitator", f"/api/ideas/{idea.pk}").status == 200


def test_joint_texts_carry_the_language_diff_and_comments_by_side(api: Api) -> None:
    ideas = api.world.extra["ideas"]
    joint_text, section = ideas["joint_text"], ideas["section"]
    reply = api.call(
        "participant",
        "POST",
        f"/api/sections/{section.pk}/comments",
        {"text": "Monthly!"},
    )
    assert reply.status == 201 and "seat_id" not in reply.body
    for role in VIEWING_ROLES:
        body = api.get(role, f"/api/joint-texts/{joint_text.pk}").body
        assert body["language"] == "en" and body["version"] == 2
        data = next(s for s in body["sections"] if s["heading"] == "Data")
        (group,) = data["comments_by_side"]
        assert group["side_name"] == "North"
        (comment,) = group["comments"]
        assert ("seat_id" in comment) == (role in MANAGING_ROLES), role
    diff = api.get("observer", f"/api/joint-texts/{joint_text.pk}/diff").body
    assert (diff["from_version"], diff["to_version"], diff["language"]) == (1, 2, "en")
    statuses = {s["status"] for s in diff["sections"]}
    assert statuses == {"unchanged", "changed", "added"}
    changed = next(s for s in diff["sections"] if s["status"] == "changed")
    assert "<del>shall</del><ins>should</ins>" in changed["body_html"]
    old = api.get("observer", f"/api/joint-texts/{joint_text.pk}?version=1").body
    assert old["version"] == 1 and len(old["sections"]) == 2
    assert (
        api.get("observer", f"/api/joint-texts/{joint_text.pk}?version=9").status == 404
    )


def test_comments_on_a_superseded_version_are_refused(api: Api) -> None:
    joint_text = api.world.extra["ideas"]["joint_text"]
    old_section = joint_text.versions.get(number=1).sections.first()
    reply = api.call(
        "participant",
        "POST",
        f"/api/sections/{old_section.pk}/comments",
        {"text": "Late"},
    )
    assert reply.status == 422 and list(reply.errors) == ["section"]


def test_a_new_version_with_an_unknown_section_key_is_refused_on_that_line(
    api: Api,
) -> None:
    joint_text = api.world.extra["ideas"]["joint_text"]
    reply = api.call(
        "facilitator",
        "POST",
        f"/api/joint-texts/{joint_text.pk}/versions",
        {"sections": [{"heading": "A"}, {"key": str(uuid.uuid4()), "heading": "B"}]},
    )
    assert reply.status == 422 and list(reply.errors) == ["sections[1].key"]
    assert joint_text.versions.count() == 2
