"""Airtime of a side with one person: withheld from those not keeping the record.

The attack: a participant (or interpreter) opens a meeting's airtime. One
South participant attended, so South's airtime was that person's speaking
time, shown with their side's attendance count; the shares of the other sides
and the totals gave it away by subtraction even where the row itself was
hidden. Now a side with fewer than 3 participants shows nothing, and then no
share, total or warning is shown either, at the meeting and across the
process (whose totals leave out such a side's time at such a meeting).
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from backchannel.accounts.services import api_token_create
from backchannel.records.selectors import (
    airtime_by_meeting,
    meeting_airtime_summary,
    process_airtime_summary,
)
from backchannel.records.services import airtime_record
from tests.records.factories import meeting_with
from tests.world import World

READERS = ("participant", "observer", "interpreter")
ONE_PERSON = 437  # seconds: South's one participant spoke this long


def _lopsided(world: World) -> object:
    meeting, _ = meeting_with(world, north=3, south=1)
    north, south = world.process.sides.order_by("position")
    access = world.access("rapporteur")
    for seconds, side in ((600, north), (ONE_PERSON, south), (120, None)):
        airtime_record(access=access, meeting=meeting, seconds=seconds, side=side)
    return meeting


def _numbers(summary: object) -> set[object]:
    out = {summary.total_seconds, summary.unsided_seconds}  # type: ignore[attr-defined]
    for line in summary.sides:  # type: ignore[attr-defined]
        out |= {line.row.seconds, line.row.airtime_share, line.row.seat_share}
    return out


def _json_numbers(value: object) -> list[object]:
    if isinstance(value, dict):
        return [n for v in value.values() for n in _json_numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _json_numbers(v)]
    return [value] if isinstance(value, (int, float)) else []


def test_a_side_with_one_person_present_shows_nothing_and_gives_nothing_away(
    world: World,
) -> None:
    meeting = _lopsided(world)
    for role in READERS:
        summary = meeting_airtime_summary(world.access(role), meeting)
        assert summary.suppressed and summary.warnings == []
        rows = {line.label: line for line in summary.sides}
        assert rows["South"].suppressed and rows["South"].row.seats == 0
        assert rows["North"].row.seconds == 600 and rows["North"].row.seats == 3
        # Neither South's time, nor a total or share to subtract from.
        assert ONE_PERSON not in _numbers(summary)
        assert ONE_PERSON + 600 + 120 not in _numbers(summary)
        assert summary.total_seconds == 0 and summary.unsided_seconds == 0
        assert all(line.row.airtime_share is None for line in summary.sides)
        assert all(line.row.seat_share is None for line in summary.sides)
    # Those who keep the record still see everything.
    full = meeting_airtime_summary(world.access("facilitator"), meeting)
    assert not full.suppressed and full.total_seconds == 600 + ONE_PERSON + 120


def test_the_process_totals_leave_out_a_small_side_s_time_at_a_meeting(
    world: World,
) -> None:
    _lopsided(world)
    # South now has 3 participants seated across the process (the world's own
    # is North): large enough at the process level, yet its time at the
    # meeting where one attended must not be recoverable from the totals.
    meeting_with(world, north=0, south=2)
    for role in READERS:
        access = world.access(role)
        process = process_airtime_summary(access, world.process)
        rows = {line.label: line for line in process.sides}
        assert not rows["South"].suppressed and rows["South"].row.seconds == 0
        assert ONE_PERSON not in _numbers(process)
        assert process.total_seconds == 600 + 120
        for m, summary in airtime_by_meeting(access, world.process):
            assert ONE_PERSON not in _numbers(summary), m
    operator = process_airtime_summary(None, world.process)
    assert ONE_PERSON in {line.row.seconds for line in operator.sides}


def test_web_and_api_show_no_small_side_airtime(world: World) -> None:
    meeting = _lopsided(world)
    client = Client()
    for role in READERS:
        client.force_login(world.users[role])
        for url in (
            reverse("records:meeting-record", args=[meeting.pk]),  # type: ignore[attr-defined]
            reverse("records:process-airtime", args=[world.process.pk]),
            reverse("processes:process-detail", args=[world.process.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            html = response.content.decode()
            assert "7 min 17 s" not in html, (role, url)  # 437 s
            assert "19 min 17 s" not in html, (role, url)  # the total
        _, token = api_token_create(user=world.users[role])
        body = client.get(
            f"/api/meetings/{meeting.pk}/airtime",  # type: ignore[attr-defined]
            HTTP_AUTHORIZATION=f"Bearer {token}",
        ).json()
        assert body["suppressed"] is True and body["total_seconds"] is None
        assert ONE_PERSON not in _json_numbers(body)
        south = next(s for s in body["sides"] if s["label"] == "South")
        assert south["suppressed"] and south["seconds"] is None


def test_with_no_airtime_yet_the_page_says_so(world: World) -> None:
    meeting_with(world, north=3, south=1)
    client = Client()
    client.force_login(world.users["participant"])
    html = client.get(
        reverse("records:process-airtime", args=[world.process.pk])
    ).content.decode()
    assert "No airtime recorded yet." in html
    assert "fewer than 3 participants" not in html
