"""Airtime: what is stored, who records it, and the shares shown next to seats."""

from __future__ import annotations

import pytest
from django.db import connection

from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.records.models import Airtime
from backchannel.records.selectors import (
    meeting_airtime_summary,
    process_airtime_summary,
)
from backchannel.records.services import airtime_record
from tests.records.factories import meeting_with, segment
from tests.world import SEAT_ROLES, World


def _sides(world: World) -> tuple[object, object]:
    north, south = world.process.sides.order_by("position")
    return north, south


def test_airtime_stores_a_side_and_seconds_never_a_person(world: World) -> None:
    columns = {f.column for f in Airtime._meta.concrete_fields}
    assert columns == {
        "id",
        "data_key_id",
        "meeting_id",
        "segment_id",
        "side_id",
        "gender",
        "capacity",
        "seconds",
        "recorded_on",
    }
    north, _ = _sides(world)
    tick = airtime_record(
        access=world.access("rapporteur"),
        meeting=world.meeting,
        seconds=90,
        side=north,
        gender="woman",
        capacity="expert",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gender, capacity FROM records_airtime WHERE id = %s",
            [tick.pk.hex if connection.vendor == "sqlite" else tick.pk],
        )
        gender, capacity = cursor.fetchone()
    assert b"woman" not in bytes(gender) and b"expert" not in bytes(capacity)
    stored = Airtime.objects.get(pk=tick.pk)
    assert (stored.gender, stored.capacity, stored.seconds) == ("woman", "expert", 90)


def test_only_those_who_keep_the_record_record_airtime(world: World) -> None:
    for role in ["org_convener", *SEAT_ROLES]:
        access = world.access(role)
        if role in {"org_convener", "convener", "facilitator", "rapporteur"}:
            airtime_record(access=access, meeting=world.meeting, seconds=10)
        else:
            with pytest.raises(PermissionDenied):
                airtime_record(access=access, meeting=world.meeting, seconds=10)
    assert Airtime.objects.count() == 4


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"seconds": 0}, "seconds"),
        ({"seconds": 4 * 3600 + 1}, "seconds"),
        ({"gender": "robot"}, "gender"),
        ({"capacity": "king"}, "capacity"),
    ],
)
def test_airtime_input_is_checked_field_by_field(
    world: World, changes: dict[str, object], field: str
) -> None:
    arguments = {"seconds": 30, **changes}
    with pytest.raises(ValidationFailed) as refused:
        airtime_record(access=world.access(), meeting=world.meeting, **arguments)  # type: ignore[arg-type]
    assert set(refused.value.errors) == {field}


def test_sides_and_segments_must_belong_to_the_meeting(world: World) -> None:
    other_side = world.other_process.sides.first()
    with pytest.raises(ValidationFailed) as refused:
        airtime_record(
            access=world.access(), meeting=world.meeting, seconds=5, side=other_side
        )
    assert set(refused.value.errors) == {"side"}
    meeting, _ = meeting_with(world, north=1, south=1)
    with pytest.raises(ValidationFailed) as refused:
        airtime_record(
            access=world.access(),
            meeting=world.meeting,
            seconds=5,
            segment=segment(meeting, "on_record"),
        )
    assert set(refused.value.errors) == {"segment"}


def test_a_meeting_compares_airtime_with_the_participants_present(
    world: World,
) -> None:
    meeting, _ = meeting_with(world, north=3, south=3)
    north, south = _sides(world)
    access = world.access("facilitator")
    for seconds, side in ((400, north), (200, north), (200, south), (100, None)):
        airtime_record(access=access, meeting=meeting, seconds=seconds, side=side)
    summary = meeting_airtime_summary(access, meeting)
    assert (summary.total_seconds, summary.unsided_seconds) == (900, 100)
    rows = {line.label: line.row for line in summary.sides}
    # 600 / 800 and 200 / 800 of the time with a side; 3 / 6 seats each.
    assert rows["North"].airtime_share == 0.75 and rows["North"].seat_share == 0.5
    assert rows["South"].airtime_share == 0.25 and rows["South"].seat_share == 0.5
    # 0.25 < 2/3 × 0.5: South speaks well below its weight.
    assert [rows["North"].below, rows["South"].below] == [False, True]
    assert summary.warnings == [
        "South held the floor 25% of the time but holds 50% of the participants "
        "present: well below its share (under two-thirds of it)."
    ]
    # Another 100 s for South: 300 / 900 = exactly 2/3 of its half: no warning.
    airtime_record(access=access, meeting=meeting, seconds=100, side=south)
    assert meeting_airtime_summary(access, meeting).warnings == []


def test_gender_and_capacity_are_for_those_who_keep_the_record(world: World) -> None:
    meeting, _ = meeting_with(world, north=2, south=2)
    north, south = _sides(world)
    access = world.access("rapporteur")
    airtime_record(
        access=access, meeting=meeting, seconds=300, side=north, gender="man"
    )
    airtime_record(
        access=access,
        meeting=meeting,
        seconds=100,
        side=south,
        gender="woman",
        capacity="expert",
    )
    detail = meeting_airtime_summary(access, meeting)
    genders = {line.label: line.row for line in detail.genders or []}
    # Present: Norda 0 (man), Norda 1 (woman), Sudra 0 (man), Sudra 1 (woman).
    assert genders["Man"].airtime_share == 0.75 and genders["Man"].seat_share == 0.5
    assert genders["Woman"].airtime_share == 0.25 and genders["Woman"].below
    capacities = {line.label: line.row for line in detail.capacities or []}
    assert capacities["Non-governmental expert"].seconds == 100
    assert capacities["Non-governmental expert"].seat_share == 1.0
    for role in ("participant", "observer", "interpreter"):
        summary = meeting_airtime_summary(world.access(role), meeting)
        assert summary.genders is None and summary.capacities is None
        # Two present on each side: fewer than 3, so nothing by side either
        # (tests/security/test_small_side_airtime.py).
        assert summary.suppressed
        assert all(line.suppressed for line in summary.sides)


def test_a_process_compares_all_its_airtime_with_its_seats(world: World) -> None:
    first, _ = meeting_with(world, north=1, south=1)
    north, south = _sides(world)
    access = world.access()
    airtime_record(access=access, meeting=first, seconds=500, side=north)
    airtime_record(access=access, meeting=world.meeting, seconds=500, side=north)
    airtime_record(access=access, meeting=first, seconds=100, side=south)
    summary = process_airtime_summary(access, world.process)
    rows = {line.label: line.row for line in summary.sides}
    # Participant seats with a side: the world's North participant, plus one each.
    assert (rows["North"].seats, rows["South"].seats) == (2, 1)
    assert rows["North"].airtime_share == pytest.approx(1000 / 1100)
    assert rows["South"].airtime_share == pytest.approx(100 / 1100)
    # 0.09 < 2/3 × 1/3.
    assert rows["South"].below and summary.seat_basis == "seats"
    assert (
        process_airtime_summary(world.access("participant"), world.process).genders
        is None
    )
