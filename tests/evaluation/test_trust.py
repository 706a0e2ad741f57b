"""Trust rounds, continuity and contacts: rules, suppression, what is stored."""

from __future__ import annotations

import datetime as dt

import pytest

from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.evaluation.models import ContactReport, TrustResponse
from backchannel.evaluation.services import (
    answers_record,
    contacts_record,
    round_create,
    round_update,
)
from backchannel.evaluation.trust import (
    cohort_continuity,
    network_density_trend,
    own_answers,
    own_contacts,
    rounds_for,
    trust_trends,
)
from backchannel.participants.logins import LOGIN_FIELDS, link_login
from backchannel.processes.access import ProcessAccess
from tests.ideas.factories import seats_on, sides
from tests.world import World, make_user, take_up

ALL5 = {
    "trust_other_side": 4,
    "openness": 3,
    "willing_to_continue": 5,
    "safe_to_speak": 4,
    "process_matters": 2,
}


def _round(world: World, title: str, day: dt.date, **extra: object):
    return round_create(
        access=world.access(), title=title, held_on=day, status="open", **extra
    )


def _close(world: World, *rounds: object) -> None:
    """Aggregates are of closed rounds only: close before reading them."""
    for r in rounds:
        round_update(access=world.access(), trust_round=r, changes={"status": "closed"})


def test_a_side_under_three_is_suppressed_and_hides_the_overall(world: World) -> None:
    north, south = sides(world)
    r = _round(world, "Round 1", dt.date(2025, 5, 1))
    for seat in seats_on(world, north, 3):
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=r,
            answers=ALL5,
        )
    for seat in seats_on(world, south, 2):
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=r,
            answers=ALL5,
        )
    _close(world, r)
    trends = trust_trends(world.process)
    row = trends.rounds[0]
    n_cell, s_cell = row.sides
    assert n_cell.respondents == 3 and not n_cell.suppressed
    assert n_cell.items["trust_other_side"].mean == 4.0
    assert n_cell.items["trust_other_side"].n == 3
    assert n_cell.overall.mean == pytest.approx(3.6)
    assert s_cell.suppressed and s_cell.respondents is None
    assert all(c.mean is None and c.n is None for c in s_cell.items.values())
    # the overall would give the small side away by subtraction
    assert row.overall.suppressed and row.overall.mean is None


def test_an_item_left_blank_by_too_many_is_suppressed_alone(world: World) -> None:
    north, _south = sides(world)
    r = _round(world, "Round 1", dt.date(2025, 5, 1))
    for i, seat in enumerate(seats_on(world, north, 3)):
        answers = {"openness": 4} if i else {"openness": 2, "safe_to_speak": 1}
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=r,
            answers=answers,
        )
    _close(world, r)
    cell = trust_trends(world.process).rounds[0].sides[0]
    assert cell.items["openness"].mean == pytest.approx(3.33)
    assert cell.items["safe_to_speak"].suppressed


def test_trends_follow_rounds_and_custom_items(world: World) -> None:
    north, south = sides(world)
    seats = seats_on(world, north, 3) + seats_on(world, south, 3)
    r1 = _round(world, "2024", dt.date(2024, 5, 1))
    r2 = _round(
        world, "2025", dt.date(2025, 5, 1), custom_items=["The venue feels neutral."]
    )
    for seat in seats:
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=r1,
            answers={"openness": 2},
        )
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=r2,
            answers={"openness": 4, "custom_1": 5},
        )
    _close(world, r1, r2)
    trends = trust_trends(world.process)
    assert [i.key for i in trends.items][-1] == "custom_1"
    assert trends.series(north.pk, "openness") == [
        (dt.date(2024, 5, 1), 2.0),
        (dt.date(2025, 5, 1), 4.0),
    ]
    assert trends.rounds[1].sides[1].items["custom_1"].mean == 5.0
    assert trends.rounds[1].overall.mean == 4.0 and trends.rounds[1].overall.n == 6


def test_continuity_counts_who_came_back_per_side(world: World) -> None:
    north, south = sides(world)
    n = seats_on(world, north, 4)
    s = seats_on(world, south, 2)
    r1 = _round(world, "2024", dt.date(2024, 5, 1))
    r2 = _round(world, "2025", dt.date(2025, 5, 1))
    for seat in n + s:
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=r1,
            answers={"openness": 3},
        )
    for seat in n[:3] + s[:1]:
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=r2,
            answers={"openness": 3},
        )
    _close(world, r1, r2)
    first, second = cohort_continuity(world.process)
    assert first.first and all(c.suppressed for c in first.sides)
    north_cell, south_cell = second.sides
    assert (north_cell.previous, north_cell.returned, north_cell.share) == (4, 3, 0.75)
    assert south_cell.suppressed and south_cell.share is None


def test_a_participant_answers_edits_and_sees_only_their_own(world: World) -> None:
    access = world.access("participant")
    r = _round(world, "Round 1", dt.date(2025, 5, 1))
    answers_record(access=access, trust_round=r, answers={"openness": "4"})
    answers_record(access=access, trust_round=r, answers=ALL5)
    assert TrustResponse.objects.filter(round=r).count() == 1
    assert own_answers(access, r).answers == ALL5
    row = rounds_for(access)[0]
    assert row.answered and row.responses is None
    round_update(access=world.access(), trust_round=r, changes={"status": "closed"})
    closed = own_answers(access, r)
    assert not closed.open and closed.answers == {}
    with pytest.raises(ValidationFailed):
        answers_record(access=access, trust_round=r, answers=ALL5)


@pytest.mark.parametrize(
    "answers",
    [{}, {"openness": 6}, {"openness": 0}, {"nonsense": 3}, {"openness": "x"}],
)
def test_bad_answers_are_refused_naming_the_item(world: World, answers: dict) -> None:
    r = _round(world, "Round 1", dt.date(2025, 5, 1))
    with pytest.raises(ValidationFailed):
        answers_record(
            access=world.access("participant"), trust_round=r, answers=answers
        )
    assert not TrustResponse.objects.exists()


@pytest.mark.parametrize(
    "role", ["org_convener", "facilitator", "rapporteur", "observer", "interpreter"]
)
def test_only_participants_answer(world: World, role: str) -> None:
    r = _round(world, "Round 1", dt.date(2025, 5, 1))
    with pytest.raises(PermissionDenied):
        answers_record(access=world.access(role), trust_round=r, answers=ALL5)


def test_drafts_are_invisible_to_participants(world: World) -> None:
    r = round_create(access=world.access(), title="Draft", held_on=dt.date(2025, 1, 1))
    access = world.access("participant")
    assert rounds_for(access) == ()
    with pytest.raises(NotFound):
        own_answers(access, r)
    with pytest.raises(ValidationFailed):
        answers_record(access=access, trust_round=r, answers=ALL5)


def test_nobody_but_managers_reads_aggregates(world: World) -> None:
    for role in ("participant", "rapporteur", "observer"):
        with pytest.raises(PermissionDenied):
            trust_trends(world.process, access=world.access(role))
    trust_trends(world.process, access=world.access("facilitator"))


def test_custom_items_freeze_once_answered(world: World) -> None:
    r = _round(world, "Round 1", dt.date(2025, 5, 1), custom_items=["A"])
    answers_record(access=world.access("participant"), trust_round=r, answers=ALL5)
    with pytest.raises(ValidationFailed):
        round_update(
            access=world.access(), trust_round=r, changes={}, custom_items=["B"]
        )


def test_contacts_only_with_the_other_side_and_density_from_three(world: World) -> None:
    north, south = sides(world)
    n = seats_on(world, north, 3)
    s = seats_on(world, south, 3)
    r1 = _round(world, "Round 1", dt.date(2025, 5, 1))
    r2 = _round(world, "Round 2", dt.date(2025, 11, 1))
    with pytest.raises(ValidationFailed):
        contacts_record(
            access=ProcessAccess.operator(n[0].process, seat=n[0]),
            trust_round=r1,
            contacts=[{"seat": n[1].pk, "frequency": "few"}],
        )
    with pytest.raises(ValidationFailed):
        contacts_record(
            access=ProcessAccess.operator(n[0].process, seat=n[0]),
            trust_round=r1,
            contacts=[{"seat": world.seats["facilitator"].pk, "frequency": "few"}],
        )
    for r in (r1, r2):
        for seat in n:
            contacts_record(
                access=ProcessAccess.operator(seat.process, seat=seat),
                trust_round=r,
                contacts=[{"seat": s[0].pk, "frequency": "often"}],
            )
        for seat in s[:2]:
            contacts_record(
                access=ProcessAccess.operator(seat.process, seat=seat),
                trust_round=r,
                contacts=[],
            )
    # Round 2 also hears from a third South participant.
    contacts_record(
        access=ProcessAccess.operator(s[2].process, seat=s[2]),
        trust_round=r2,
        contacts=[{"seat": n[0].pk, "frequency": "once"}],
    )
    assert network_density_trend(world.process) == ()  # both still open
    _close(world, r1, r2)
    first, second = network_density_trend(world.process)
    assert first.suppressed and first.density is None and first.reporters == 5
    # 3 north × 3 south = 9 pairs; n0-s0, n1-s0, n2-s0, s2-n0 = 4 edges
    assert not second.suppressed and second.density == pytest.approx(4 / 9, abs=1e-3)


def test_a_participant_sees_their_own_contacts_only(world: World) -> None:
    north, south = sides(world)
    s = seats_on(world, south, 2)
    r = _round(world, "Round 1", dt.date(2025, 5, 1))
    access = world.access("participant")
    contacts_record(
        access=access,
        trust_round=r,
        contacts=[{"seat": str(s[1].pk), "frequency": "few"}],
    )
    own = own_contacts(access, r)
    assert own.contacts == {str(s[1].pk): "few"}
    # offered: only those the roster shows a participant (seats taken up)
    assert own.choices == ()
    link_login(s[0].person, make_user("south-0"))
    s[0].person.save(update_fields=LOGIN_FIELDS)
    take_up(world.access(), s[0])
    assert {c.seat_id for c in own_contacts(access, r).choices} == {s[0].pk}
    assert ContactReport.objects.get().side_id == north.pk


def test_a_draft_round_answers_404_to_everyone_but_managers(world: World) -> None:
    from backchannel.evaluation.access import access_round_by_id

    r = round_create(access=world.access(), title="Draft", held_on=dt.date(2025, 1, 1))
    for role in ("participant", "rapporteur", "observer"):
        with pytest.raises(NotFound):
            access_round_by_id(world.users[role], r.pk)
    access_round_by_id(world.users["facilitator"], r.pk, manage=True)


def test_the_round_total_is_hidden_while_a_side_is_hidden(world: World) -> None:
    north, south = sides(world)
    only_north, one_south, both = (
        _round(world, f"Round {i}", dt.date(2025, i, 1)) for i in (1, 2, 3)
    )
    for r in (only_north, one_south, both):
        for seat in seats_on(world, north, 3):
            answers_record(
                access=ProcessAccess.operator(seat.process, seat=seat),
                trust_round=r,
                answers=ALL5,
            )
    (south_seat,) = seats_on(world, south, 1)
    answers_record(
        access=ProcessAccess.operator(south_seat.process, seat=south_seat),
        trust_round=one_south,
        answers=ALL5,
    )
    for seat in seats_on(world, south, 3):
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=both,
            answers=ALL5,
        )
    _close(world, only_north, one_south, both)
    counts = {
        row.title: row.responses for row in rounds_for(world.access("facilitator"))
    }
    assert counts["Round 1"] == 3  # South: nobody
    # 4 - 3 shown for North would give South's single answer away.
    assert counts["Round 2"] is None
    assert counts["Round 3"] == 6


def test_an_open_round_shows_no_figure_until_it_is_closed(world: World) -> None:
    # Read before and after one participant answers, a live mean or count
    # would give that answer away: nothing is shown while the round is open.
    north, south = sides(world)
    r = _round(world, "Round 1", dt.date(2025, 5, 1))
    for seat in seats_on(world, north, 3) + seats_on(world, south, 3):
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=r,
            answers=ALL5,
        )
        contacts_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=r,
            contacts=[],
        )
    facilitator = world.access("facilitator")
    assert trust_trends(world.process, access=facilitator).rounds == ()
    assert cohort_continuity(world.process, access=facilitator) == ()
    assert network_density_trend(world.process, access=facilitator) == ()
    (row,) = rounds_for(facilitator)
    assert row.status == "open" and row.responses is None
    _close(world, r)
    (trend,) = trust_trends(world.process, access=facilitator).rounds
    assert trend.overall.n == 6
    assert rounds_for(facilitator)[0].responses == 6


@pytest.mark.parametrize("status", ["open", "draft"])
def test_a_closed_round_cannot_be_reopened(world: World, status: str) -> None:
    r = _round(world, "Round 1", dt.date(2025, 5, 1))
    _close(world, r)
    with pytest.raises(ValidationFailed) as caught:
        round_update(access=world.access(), trust_round=r, changes={"status": status})
    assert "cannot be reopened" in str(caught.value.errors["status"])
    r.refresh_from_db()
    assert r.status == "closed"


def test_an_answered_round_cannot_go_back_to_draft(world: World) -> None:
    r = _round(world, "Round 1", dt.date(2025, 5, 1))
    answers_record(access=world.access("participant"), trust_round=r, answers=ALL5)
    with pytest.raises(ValidationFailed) as caught:
        round_update(access=world.access(), trust_round=r, changes={"status": "draft"})
    assert "cannot go back to draft" in str(caught.value.errors["status"])
    empty = _round(world, "Round 2", dt.date(2025, 6, 1))
    round_update(access=world.access(), trust_round=empty, changes={"status": "draft"})
    assert empty.status == "draft"


def test_published_figures_stay_when_seats_are_removed_or_moved_later(
    world: World,
) -> None:
    from backchannel.evaluation.models import TrustRound
    from backchannel.participants.services import seat_delete, seat_update

    north, south = sides(world)
    n = seats_on(world, north, 4)
    s = seats_on(world, south, 3)
    r1 = _round(world, "2024", dt.date(2024, 5, 1))
    r2 = _round(world, "2025", dt.date(2025, 5, 1))
    for r in (r1, r2):
        for seat in n + s:
            answers_record(
                access=ProcessAccess.operator(seat.process, seat=seat),
                trust_round=r,
                answers={"openness": 4},
            )
            others = s if seat in n else n
            contacts_record(
                access=ProcessAccess.operator(seat.process, seat=seat),
                trust_round=r,
                contacts=[{"seat": others[0].pk, "frequency": "few"}],
            )
    _close(world, r1, r2)

    def figures() -> tuple:
        return (
            trust_trends(world.process),
            cohort_continuity(world.process),
            network_density_trend(world.process),
        )

    before = figures()
    assert before[1][1].sides[0].share == 1.0 and before[2][1].density is not None
    # A participant leaves (their seat is removed) and another changes side.
    seat_delete(access=world.access(), seat=n[0])
    seat_update(access=world.access(), seat=s[0], side=north)
    assert figures() == before
    # A round closed before publications existed publishes once, on first read.
    TrustRound.objects.filter(pk=r2.pk).update(published=None)
    legacy = trust_trends(world.process).rounds[1]
    assert legacy.sides[0].respondents == 4  # answers keep the side they had
    assert TrustRound.objects.get(pk=r2.pk).published is not None


def test_a_closed_round_keeps_its_date_and_items_but_may_be_renamed(
    world: World,
) -> None:
    r = _round(world, "Round 1", dt.date(2025, 5, 1), custom_items=["A"])
    _close(world, r)
    with pytest.raises(ValidationFailed) as caught:
        round_update(
            access=world.access(),
            trust_round=r,
            changes={"held_on": dt.date(2024, 1, 1)},
        )
    assert "held_on" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        round_update(
            access=world.access(), trust_round=r, changes={}, custom_items=["B"]
        )
    assert "custom_items" in caught.value.errors
    round_update(access=world.access(), trust_round=r, changes={"title": "Spring 2025"})
    r.refresh_from_db()
    assert (str(r.title), r.held_on) == ("Spring 2025", dt.date(2025, 5, 1))


def test_an_answer_checks_the_round_as_stored_not_a_stale_copy(world: World) -> None:
    from backchannel.evaluation.models import TrustRound

    r = _round(world, "Round 1", dt.date(2025, 5, 1))
    stale = TrustRound.objects.get(pk=r.pk)  # loaded while open
    _close(world, r)
    assert stale.status == "open"
    with pytest.raises(ValidationFailed, match="not open"):
        answers_record(
            access=world.access("participant"), trust_round=stale, answers=ALL5
        )
    assert not TrustResponse.objects.exists()
