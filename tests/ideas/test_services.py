"""The services of ideas, feedback and joint texts: rules and what is stored."""

from __future__ import annotations

import pytest

from backchannel.core.audit import audit_actor
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.models import AuditEvent
from backchannel.ideas.access import access_idea_by_id, access_idea_version_by_id
from backchannel.ideas.models import Feedback, Idea
from backchannel.ideas.selectors import (
    feedback_list_for,
    idea_ground_for,
    version_ground_for,
)
from backchannel.ideas.services import (
    feedback_record,
    feedback_withdraw,
    idea_create,
    idea_update,
    idea_version_create,
    idea_version_update,
)
from backchannel.meetings.services import meeting_create
from backchannel.participants.services import seat_delete
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Process
from backchannel.processes.services import process_destroy
from tests.ideas.factories import first_version, float_idea, give, seats_on, sides
from tests.world import SEAT_ROLES, World


def test_an_idea_keeps_no_author_at_all(world: World) -> None:
    fields = {f.name for f in Idea._meta.concrete_fields}
    assert fields == {
        "id", "data_key", "process", "title", "status", "provenance",
        "provenance_side", "meeting", "created_on", "language",
    }  # fmt: skip


def test_the_stored_provenance_is_never_more_identifying_than_the_tier(
    world: World,
) -> None:
    access = world.access("facilitator")
    north, _ = sides(world)
    by_facilitator = float_idea(access, provenance="facilitator")
    anonymous = float_idea(access, provenance="anonymous")
    from_side = float_idea(access, provenance="side", provenance_side=north)
    assert by_facilitator.provenance_side_id is None
    assert anonymous.provenance_side_id is None
    assert from_side.provenance_side_id == north.pk

    for tier in ("facilitator", "anonymous"):
        with pytest.raises(ValidationFailed) as refused:
            float_idea(access, provenance=tier, provenance_side=north)
        assert set(refused.value.errors) == {"provenance_side"}
    with pytest.raises(ValidationFailed) as refused:
        float_idea(access, provenance="side")
    assert set(refused.value.errors) == {"provenance_side"}

    # Moving to a less identifying tier forgets the side.
    idea_update(access=access, idea=from_side, provenance="anonymous")
    from_side.refresh_from_db()
    assert (from_side.provenance, from_side.provenance_side_id) == ("anonymous", None)


def test_a_side_of_another_process_is_refused(world: World) -> None:
    access = world.access()
    other_side = world.other_process.sides.first()
    with pytest.raises(ValidationFailed) as refused:
        float_idea(access, provenance="side", provenance_side=other_side)
    assert "provenance_side" in refused.value.errors


def test_objectives_and_meetings_must_belong_to_the_process(world: World) -> None:
    access = world.access()
    other = access_process_by_id(world.users["org_convener"], world.other_process.pk)
    meeting = meeting_create(access=other, title="Elsewhere", date=world.meeting.date)
    with pytest.raises(ValidationFailed) as refused:
        float_idea(access, meeting=meeting)
    assert "meeting" in refused.value.errors
    idea = float_idea(access, meeting=world.meeting, objectives=[world.objective])
    assert idea.meeting_id == world.meeting.pk
    assert list(idea.objectives.all()) == [world.objective]


def test_only_managers_create_ideas(world: World) -> None:
    for role in ("rapporteur", "participant", "observer"):
        with pytest.raises(PermissionDenied):
            float_idea(world.access(role))


def test_drafts_answer_not_found_to_everyone_but_managers(world: World) -> None:
    idea = float_idea(world.access(), status="draft")
    version = first_version(idea)
    for role in ("org_convener", "convener", "facilitator"):
        assert access_idea_by_id(world.users[role], idea.pk)[0] == idea
    for role in ("rapporteur", "participant", "observer", "interpreter"):
        for manage in (False, True):
            with pytest.raises(NotFound):
                access_idea_by_id(world.users[role], idea.pk, manage=manage)
            with pytest.raises(NotFound):
                access_idea_version_by_id(world.users[role], version.pk, manage=manage)


def test_a_participant_gives_one_feedback_per_version_and_can_edit_it(
    world: World,
) -> None:
    idea = float_idea(world.access())
    version = first_version(idea)
    access = world.access("participant")
    feedback_record(access=access, version=version, stance="unacceptable")
    feedback_record(
        access=access,
        version=version,
        stance="acceptable_if",
        conditions=["  Readings published monthly ", ""],
        red_lines=["No foreign staff at the station"],
        comment="We could live with it.",
    )
    (feedback,) = Feedback.objects.filter(version=version)
    assert str(feedback.stance) == "acceptable_if"
    assert feedback.conditions == ["Readings published monthly"]
    assert feedback.seat_id == world.seats["participant"].pk
    assert feedback.side_id == world.seats["participant"].side_id


def test_a_participant_withdraws_their_feedback_unless_final_results_were_shared(
    world: World,
) -> None:
    idea = float_idea(world.access())
    version = first_version(idea)
    access = world.access("participant")
    north, _south = sides(world)
    give(seats_on(world, north, 2), version, "acceptable")
    feedback_record(access=access, version=version, stance="unacceptable")
    assert Feedback.objects.filter(version=version).count() == 3
    idea_version_update(access=world.access(), version=version, closed=True)
    # Closed, results shared: the participants saw the final figures, and a
    # withdrawal would move them.
    idea_version_update(access=world.access(), version=version, results_shared=True)
    with pytest.raises(ValidationFailed, match="results were shared"):
        feedback_withdraw(access=access, version=version)
    idea_version_update(access=world.access(), version=version, results_shared=False)
    for role in set(SEAT_ROLES) - {"participant"}:
        with pytest.raises(PermissionDenied):
            feedback_withdraw(access=world.access(role), version=version)
    feedback_withdraw(access=access, version=version)
    assert not Feedback.objects.filter(seat=world.seats["participant"]).exists()
    assert Feedback.objects.filter(version=version).count() == 2
    assert AuditEvent.objects.filter(verb="feedback.withdraw").count() == 1
    with pytest.raises(ValidationFailed, match="nothing to withdraw"):
        feedback_withdraw(access=access, version=version)


def test_a_facilitator_removes_feedback_at_the_participants_request(
    world: World,
) -> None:
    from backchannel.ideas.services import feedback_remove

    idea = float_idea(world.access())
    version = first_version(idea)
    feedback = feedback_record(
        access=world.access("participant"), version=version, stance="unacceptable"
    )
    idea_version_update(
        access=world.access(), version=version, closed=True, results_shared=True
    )
    for role in set(SEAT_ROLES) - {"org_convener", "convener", "facilitator"}:
        with pytest.raises(PermissionDenied):
            feedback_remove(access=world.access(role), feedback=feedback)
    feedback_remove(access=world.access("facilitator"), feedback=feedback)
    assert not Feedback.objects.exists()
    event = AuditEvent.objects.get(verb="feedback.remove")
    assert event.target_id == str(version.pk)


def test_feedback_on_a_closed_version_is_refused_on_the_version(world: World) -> None:
    idea = float_idea(world.access())
    version = first_version(idea)
    idea_version_update(access=world.access(), version=version, closed=True)
    with pytest.raises(ValidationFailed) as refused:
        feedback_record(
            access=world.access("participant"), version=version, stance="acceptable"
        )
    assert list(refused.value.errors) == ["version"]
    assert "closed for feedback" in refused.value.errors["version"][0]
    assert not Feedback.objects.exists()


def test_a_stance_outside_the_list_is_refused_on_the_stance(world: World) -> None:
    version = first_version(float_idea(world.access()))
    with pytest.raises(ValidationFailed) as refused:
        feedback_record(
            access=world.access("participant"), version=version, stance="maybe"
        )
    assert list(refused.value.errors) == ["stance"]
    assert "acceptable_if" in refused.value.errors["stance"][0]


def test_acceptable_if_needs_at_least_one_condition(world: World) -> None:
    version = first_version(float_idea(world.access()))
    with pytest.raises(ValidationFailed) as refused:
        feedback_record(
            access=world.access("participant"),
            version=version,
            stance="acceptable_if",
            conditions=["  "],
        )
    assert list(refused.value.errors) == ["conditions"]


def test_ideas_not_floated_or_refined_take_no_feedback(world: World) -> None:
    for status in ("adopted", "shelved"):
        version = first_version(float_idea(world.access(), status=status))
        with pytest.raises(ValidationFailed) as refused:
            feedback_record(
                access=world.access("participant"), version=version, stance="acceptable"
            )
        assert list(refused.value.errors) == ["version"]


def test_only_participants_seated_on_a_side_give_feedback(world: World) -> None:
    version = first_version(float_idea(world.access()))
    for role in ["org_convener", *SEAT_ROLES]:
        if role == "participant":
            continue
        with pytest.raises(PermissionDenied):
            feedback_record(
                access=world.access(role), version=version, stance="acceptable"
            )
    assert not Feedback.objects.exists()


def test_the_system_path_takes_only_participants_of_the_same_process(
    world: World,
) -> None:
    version = first_version(float_idea(world.access()))
    with pytest.raises(ValidationFailed):
        feedback_record(
            access=ProcessAccess.operator(
                world.seats["observer"].process, seat=world.seats["observer"]
            ),
            version=version,
            stance="acceptable",
        )
    other_access = access_process_by_id(
        world.users["org_convener"], world.other_process.pk
    )
    other_version = first_version(float_idea(other_access))
    with pytest.raises(ValidationFailed):
        feedback_record(
            access=ProcessAccess.operator(
                world.seats["participant"].process, seat=world.seats["participant"]
            ),
            version=other_version,
            stance="acceptable",
        )


def test_a_new_version_closes_the_earlier_ones(world: World) -> None:
    access = world.access()
    idea = float_idea(access)
    second = idea_version_create(access=access, idea=idea, text="Two stations.")
    third = idea_version_create(access=access, idea=idea, text="Three stations.")
    numbers = {v.number: v.closed for v in idea.versions.all()}
    assert numbers == {1: True, 2: True, 3: False}
    assert (second.number, third.number) == (2, 3)


def test_small_sides_are_suppressed_and_the_score_withheld(world: World) -> None:
    access = world.access()
    north, south = sides(world)
    version = first_version(float_idea(access))
    give(seats_on(world, north, 3), version, "acceptable", comment="Fine by us")
    give(seats_on(world, south, 2), version, "unacceptable", comment="Too far")
    view = version_ground_for(access, version)
    by_side = {str(c.side.name): c for c in view.cells}
    assert by_side["North"].responses == 3 and not by_side["North"].suppressed
    assert by_side["North"].comments == ["Fine by us"] * 3
    assert by_side["South"].suppressed
    assert by_side["South"].responses is None and by_side["South"].counts == {}
    assert by_side["South"].comments == []
    # Neither the score nor the total: both would give the small side away.
    assert view.score is None and view.lenient_score is None
    assert view.responses is None

    give(seats_on(world, south, 1, tag="x"), version, "acceptable_if")
    view = version_ground_for(access, version)
    # North (3 + 1)/(3 + 2); South (0 + 1)/(3 + 2) strict, (1 + 1)/(3 + 2) lenient
    assert view.score == pytest.approx(0.8 * 0.2)
    assert view.lenient_score == pytest.approx(0.8 * 0.4)
    assert view.responses == 6


def test_a_crux_names_the_sides_that_split(world: World) -> None:
    access = world.access()
    north, south = sides(world)
    version = first_version(float_idea(access))
    give(seats_on(world, north, 3), version, "acceptable")
    give(seats_on(world, south, 3), version, "unacceptable")
    view = version_ground_for(access, version)
    assert view.crux is not None
    assert [s.pk for s in view.crux.accepting] == [north.pk]
    assert [s.pk for s in view.crux.rejecting] == [south.pk]
    assert [v.version.pk for v in idea_ground_for(access, version.idea).cruxes] == [
        version.pk
    ]


def test_aggregated_texts_come_in_shuffled_order(world: World) -> None:
    access = world.access()
    north, _ = sides(world)
    version = first_version(float_idea(access))
    for n, seat in enumerate(seats_on(world, north, 4)):
        feedback_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            version=version,
            stance="acceptable",
            comment=f"Comment {n}",
        )
    orders = {
        tuple(version_ground_for(access, version).cells[0].comments) for _ in range(40)
    }
    assert len(orders) > 1
    assert {c for order in orders for c in order} == {f"Comment {n}" for n in range(4)}


def test_participants_see_aggregates_only_once_shared(world: World) -> None:
    north, south = sides(world)
    version = first_version(float_idea(world.access()))
    give(seats_on(world, north, 3), version, "acceptable")
    give(seats_on(world, south, 3), version, "acceptable")
    for role in ("rapporteur", "participant", "observer", "interpreter"):
        view = version_ground_for(world.access(role), version)
        assert not view.visible and view.cells == [] and view.score is None, role
    assert version_ground_for(world.access("facilitator"), version).visible
    idea_version_update(
        access=world.access(), version=version, closed=True, results_shared=True
    )
    version.refresh_from_db()
    view = version_ground_for(world.access("participant"), version)
    assert view.visible and view.score is not None


def test_manager_reads_of_feedback_are_audited_author_reads_are_not(
    world: World,
) -> None:
    version = first_version(float_idea(world.access()))
    feedback_record(
        access=world.access("participant"), version=version, stance="acceptable"
    )
    before = AuditEvent.objects.filter(verb="feedback.read").count()
    assert len(feedback_list_for(world.access("participant"), version)) == 1
    assert feedback_list_for(world.access("rapporteur"), version) == []
    assert AuditEvent.objects.filter(verb="feedback.read").count() == before
    assert len(feedback_list_for(world.access("facilitator"), version)) == 1
    read = AuditEvent.objects.filter(verb="feedback.read").last()
    assert audit_actor(read).user_id == str(world.users["facilitator"].pk)
    assert read.target_id == str(version.pk)


def test_a_removed_seat_leaves_its_feedback_counted(world: World) -> None:
    access = world.access()
    north, _ = sides(world)
    version = first_version(float_idea(access))
    seats = seats_on(world, north, 3)
    give(seats, version, "acceptable")
    seat_delete(access=access, seat=seats[0])
    view = version_ground_for(access, version)
    assert view.cells[0].responses == 3
    assert Feedback.objects.filter(seat__isnull=True).count() == 1


def test_a_process_with_ideas_and_feedback_can_be_destroyed(world: World) -> None:
    access = world.access()
    north, south = sides(world)
    version = first_version(
        float_idea(access, provenance="side", provenance_side=north)
    )
    give(seats_on(world, north, 3), version, "acceptable")
    give(seats_on(world, south, 3), version, "consult")
    process_destroy(process=world.process, actor=None)
    assert not Process.objects.filter(pk=world.process.pk).exists()
    assert not Idea.objects.exists() and not Feedback.objects.exists()


def test_every_write_is_audited_without_content(world: World) -> None:
    access = world.access()
    idea = idea_create(
        access=access,
        title="Secret balloon title",
        text="Secret text",
        status="floated",
    )
    feedback_record(
        access=world.access("participant"),
        version=first_version(idea),
        stance="acceptable",
        comment="Secret comment",
    )
    verbs = list(AuditEvent.objects.values_list("verb", flat=True))
    assert "idea.create" in verbs and "feedback.record" in verbs
    for event in AuditEvent.objects.all():
        assert "Secret" not in event.actor_label + event.target_type + event.target_id


def test_the_stance_choices_follow_the_analysis_column_order() -> None:
    from backchannel.analysis.common_ground import STANCES
    from backchannel.ideas.models import Stance

    assert tuple(Stance.values) == STANCES
