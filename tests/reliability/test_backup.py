"""Backups: encrypted, consistent, restored only into an empty database and verified."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from backchannel.core import crypto
from backchannel.core.backup import (
    BackupError,
    backup_models,
    backup_restore,
    backup_write,
)
from backchannel.demo import DemoInfo
from backchannel.portability.services import process_export
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Process


def _export_all() -> dict[str, object]:
    exports = {}
    for process in Process.objects.all():
        doc = process_export(access=ProcessAccess.operator(process))
        exports[str(process.pk)] = doc
    return exports


def _empty_database() -> None:
    with connection.cursor() as cursor:
        for model in reversed(backup_models()):
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}"  # noqa: S608
            )
    crypto.reset_caches()


@pytest.mark.django_db
def test_a_backup_of_the_demo_restores_every_process_exactly(
    tmp_path: Path, demo: DemoInfo
) -> None:
    before = _export_all()
    assert len(before) >= 3
    path = tmp_path / "demo.bcbk"
    call_command("backup", "--output", str(path))
    assert path.stat().st_mode & 0o777 == 0o600
    _empty_database()
    assert not Process.objects.exists()
    call_command("restore", str(path))
    after = _export_all()
    assert after == before


@pytest.mark.django_db
def test_the_backup_file_reveals_nothing_and_holds_no_key(
    tmp_path: Path, demo: DemoInfo
) -> None:
    out = io.BytesIO()
    backup_write(out)
    blob = out.getvalue()
    for needle in (b"Kessa", b"Varnia", b"demo-convener", b"Sabina"):
        assert needle not in blob
    assert crypto.master_key().key not in blob
    import base64

    assert base64.b64encode(crypto.master_key().key) not in blob


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_data(
    world: object, tmp_path: Path
) -> None:
    out = io.BytesIO()
    backup_write(out)
    with pytest.raises(BackupError, match="empty database"):
        backup_restore(io.BytesIO(out.getvalue()))


@pytest.mark.django_db
def test_a_damaged_or_foreign_backup_is_refused_and_nothing_is_written(
    world: object, tmp_path: Path
) -> None:
    out = io.BytesIO()
    backup_write(out)
    good = out.getvalue()
    _empty_database()
    damaged = bytearray(good)
    damaged[len(damaged) // 2] ^= 0xFF
    for bad, message in [
        (bytes(damaged), "fails authentication"),
        (good[: len(good) // 2], "truncated|fails authentication"),
        (b"not a backup at all", "bad header"),
    ]:
        with pytest.raises(BackupError, match=message):
            backup_restore(io.BytesIO(bad))
        assert not Process.objects.exists()
    path = tmp_path / "damaged.bcbk"
    path.write_bytes(bytes(damaged))
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(path))


@pytest.mark.django_db
def test_a_restore_needs_the_same_master_key(world: object, settings: object) -> None:
    out = io.BytesIO()
    backup_write(out)
    _empty_database()
    settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
    crypto.reset_caches()
    try:
        with pytest.raises(
            BackupError, match="neither BACKCHANNEL_MASTER_KEY nor listed"
        ):
            backup_restore(io.BytesIO(out.getvalue()))
    finally:
        crypto.reset_caches()


def test_every_app_with_data_is_in_the_backup() -> None:
    from django.apps import apps

    from backchannel.core.inventory import OWN_APPS

    labels = {m._meta.app_label for m in backup_models()}
    assert set(OWN_APPS) <= labels
    # Many-to-many link tables travel too.
    through = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.auto_created and m._meta.app_label in OWN_APPS
    ]
    assert set(through) <= set(backup_models())


@pytest.mark.django_db
def test_the_demo_round_trip_keeps_notes_ideas_feedback_and_votes(
    tmp_path: Path,
    demo: DemoInfo,
) -> None:
    from backchannel.consultations.models import Vote
    from backchannel.ideas.models import Feedback, Idea
    from backchannel.records.models import Note

    counts = {m: m.objects.count() for m in (Note, Idea, Feedback, Vote)}
    assert all(counts.values())
    links = Idea.objectives.through.objects.count()
    out = io.BytesIO()
    backup_write(out)
    _empty_database()
    backup_restore(io.BytesIO(out.getvalue()))
    assert {m: m.objects.count() for m in counts} == counts
    assert Idea.objectives.through.objects.count() == links
    assert all(str(n.text) for n in Note.objects.all())
