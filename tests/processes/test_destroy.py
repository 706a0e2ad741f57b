from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from backchannel.core import keystore
from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.core.models import DataKey
from backchannel.meetings.models import Meeting
from backchannel.participants.models import Seat
from backchannel.processes.models import Process
from backchannel.processes.services import (
    process_destroy_confirm,
    process_destroy_request,
    process_update,
)
from tests.world import World


def test_destroying_a_process_removes_its_rows_and_shreds_its_key(world: World) -> None:
    key_id = world.process.data_key_id
    call_command("process", "destroy", world.process.pk.hex[:8], "--yes")
    assert not Process.objects.filter(pk=world.process.pk).exists()
    assert not Seat.objects.filter(process_id=world.process.pk).exists()
    assert not Meeting.objects.filter(process_id=world.process.pk).exists()
    assert DataKey.objects.get(pk=key_id).destroyed_on is not None
    assert keystore.get(key_id).wrapped is None
    assert (
        Process.objects.get(pk=world.other_process.pk).title == "Border Trade Track Two"
    )


def test_destroy_needs_explicit_confirmation(world: World) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("process", "destroy", world.process.pk.hex)
    assert Process.objects.filter(pk=world.process.pk).exists()


def test_the_two_key_path_needs_a_second_manager(world: World) -> None:
    requester = world.access("facilitator")
    process_destroy_request(access=requester)
    with pytest.raises(PermissionDenied):
        process_destroy_confirm(access=requester)
    with pytest.raises(PermissionDenied):
        process_destroy_confirm(access=world.access("participant"))
    assert Process.objects.filter(pk=world.process.pk).exists()
    process_destroy_confirm(access=world.access("convener"))
    assert not Process.objects.filter(pk=world.process.pk).exists()


def test_a_confirmation_without_a_request_is_refused(world: World) -> None:
    with pytest.raises(ValidationFailed):
        process_destroy_confirm(access=world.access("convener"))
    assert Process.objects.filter(pk=world.process.pk).exists()


def test_retention_destroys_due_processes_and_warns_about_upcoming(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    access = world.access()
    process_update(access=access, retention_until=dt.date(2020, 1, 1))
    other = world.other_process
    other.retention_until = dt.date.today() + dt.timedelta(days=10)  # noqa: DTZ011
    other.save(update_fields=["retention_until"])
    call_command("process", "retention")
    out = capsys.readouterr()
    assert "Destroyed 1 processes" in out.out
    assert str(other.pk) in out.err
    assert not Process.objects.filter(pk=world.process.pk).exists()


def test_records_kept_until_today_are_kept_and_destroyed_the_day_after(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Records kept until D" keeps them through D (issue 22, 8): before, the
    process was destroyed on D itself."""
    today = dt.date.today()  # noqa: DTZ011
    process_update(access=world.access(), retention_until=today)
    other = world.other_process
    other.retention_until = today - dt.timedelta(days=1)
    other.save(update_fields=["retention_until"])
    call_command("process", "retention")
    out = capsys.readouterr()
    assert Process.objects.filter(pk=world.process.pk).exists()
    assert not Process.objects.filter(pk=other.pk).exists()
    assert "Destroyed 1 processes" in out.out
    tomorrow = today + dt.timedelta(days=1)
    assert f"kept until {today} and will be destroyed on {tomorrow}" in out.err


def _raw(table: str, column: str, pk: object) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk.hex])  # noqa: S608
        return bytes(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="inspects the SQLite file")
def test_after_destruction_no_ciphertext_or_key_of_the_process_remains_in_the_file(
    transactional_db: None,
) -> None:
    from tests.world import build_world

    world = build_world()  # committed, so it reaches the file and the WAL
    secrets = [
        _raw("processes_process", "title", world.process.pk),
        _raw("processes_process", "context", world.process.pk),
        _raw("meetings_meeting", "venue", world.meeting.pk),
    ]
    wrapped_key = keystore.get(world.process.data_key_id).wrapped
    name = Path(connection.settings_dict["NAME"])
    keys_file = keystore.location().path
    assert wrapped_key is not None and keys_file is not None

    def stored() -> bytes:
        return b"".join(
            p.read_bytes() for p in [name, Path(f"{name}-wal")] if p.exists()
        )

    def stored_keys() -> bytes:
        return b"".join(
            p.read_bytes() for p in [keys_file, Path(f"{keys_file}-wal")] if p.exists()
        )

    # The wrapped key is in the key store, never in the database file.
    assert wrapped_key in stored_keys() and wrapped_key not in stored()

    assert all(s in stored() for s in secrets[:1]) or Path(f"{name}-wal").exists()
    call_command("process", "destroy", world.process.pk.hex, "--yes")
    blob = stored()
    assert [s for s in secrets if s in blob] == []
    assert Path(f"{name}-wal").stat().st_size == 0
    assert wrapped_key not in stored_keys()
