"""A meeting's time zone and start time are encrypted, like its venue, and the
migration seals the rows written before (and opens them again when reversed)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from backchannel.meetings.models import Meeting
from backchannel.meetings.selectors import last_time_zone, meetings_for_calendar
from backchannel.meetings.services import meeting_create
from tests.world import World, build_world

BEFORE = ("meetings", "0002_meeting_start_time_zone_duration")
AFTER = ("meetings", "0003_encrypt_meeting_time_zone_start_time")


def _raw(pk: object) -> tuple[object, object]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT time_zone, start_time FROM meetings_meeting WHERE id = %s",
            [pk.hex if connection.vendor == "sqlite" else pk],  # type: ignore[attr-defined]
        )
        return cursor.fetchone()


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.fixture
def _back_to_the_latest_schema() -> object:
    """This test walks the meetings migrations back and forth: whatever it
    leaves, later tests need every migration applied (``meetings.0004`` and
    any later one depend on the step it reverses)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_schema")
def test_the_migration_seals_existing_rows_and_reverses() -> None:
    world = build_world()
    meeting = meeting_create(
        access=world.access(),
        title="Quiet round",
        date=dt.date(2026, 3, 10),
        start_time=dt.time(9, 30),
        time_zone="Asia/Kabul",
    )
    zone, start = _raw(meeting.pk)
    assert b"Kabul" not in bytes(zone) and b"09:30" not in bytes(start)

    _migrate(BEFORE)  # reversed: the clear columns come back with their values
    zone, start = _raw(meeting.pk)
    assert zone == "Asia/Kabul" and str(start).startswith("09:30")

    _migrate(AFTER)  # forward again: sealed, and read back through the model
    zone, _start = _raw(meeting.pk)
    assert b"Kabul" not in bytes(zone)
    again = Meeting.objects.get(pk=meeting.pk)
    assert again.time_zone == "Asia/Kabul" and again.start_time == dt.time(9, 30)
    assert again.starts == dt.datetime(2026, 3, 10, 9, 30, tzinfo=again.starts.tzinfo)


def test_listing_and_the_last_zone_still_work_on_encrypted_values(
    world: World,
) -> None:
    access = world.access()
    day = dt.date(2027, 1, 5)
    late = meeting_create(
        access=access, title="Late", date=day, start_time=dt.time(16), time_zone="UTC"
    )
    early = meeting_create(
        access=access,
        title="Early",
        date=day,
        start_time=dt.time(8),
        time_zone="Asia/Beirut",
    )
    meeting_create(access=access, title="Later, no time", date=dt.date(2027, 2, 1))
    ordered = [m.pk for m in meetings_for_calendar(access) if m.date == day]
    assert ordered == [early.pk, late.pk]
    # The latest meeting has no zone: the one before it gives it.
    assert last_time_zone(access) in {"UTC", "Asia/Beirut"}
