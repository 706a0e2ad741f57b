"""Crypto-shredding reaches the backups (issue 21).

The wrapped data keys live in the key store, not in the database nor its
backups: a database backup taken before ``process destroy`` restores every
other process whole and leaves the destroyed one out (named, counted, never
decrypted), in any order of rotation, destruction, retention, backup and
restore.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from backchannel.core import crypto, keystore
from backchannel.core.backup import (
    BackupError,
    backup_models,
    backup_restore,
    backup_write,
)
from backchannel.core.errors import DecryptionError
from backchannel.demo import DemoInfo
from backchannel.processes.models import Process
from backchannel.processes.services import process_create, process_destroy

_fresh = iter(range(1_000_000))


def _empty_database() -> None:
    with connection.cursor() as cursor:
        for model in reversed(backup_models()):
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}"  # noqa: S608
            )
    crypto.reset_caches()


def _new_key_store(settings: object, tmp_path: Path) -> Path:
    """Point this deployment at a brand-new, empty key store."""
    n = next(_fresh)
    path = tmp_path / f"keys-{n}.sqlite3"
    settings.BACKCHANNEL_KEYSTORE_URL = f"sqlite:///{path}"  # type: ignore[attr-defined]
    keystore.close()
    crypto.reset_caches()
    return path


def _export(pk: object, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    call_command("export", str(pk))
    return json.loads(capsys.readouterr().out)


def _dump() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks += [
                bytes(v).decode("latin-1")
                if isinstance(v, (bytes, memoryview))
                else str(v)
                for row in cursor.fetchall()
                for v in row
            ]
    return "\n".join(chunks)


@pytest.mark.django_db
def test_the_issue_drill_backup_destroy_restore_elsewhere_export(
    tmp_path: Path,
    settings: object,
    capsys: pytest.CaptureFixture[str],
    demo: DemoInfo,
) -> None:
    """backup -o before.bak; process destroy P --yes; restore before.bak into a
    fresh deployment (same master key, the key store carried over from its
    newest backup); export every process: nothing of P, everything else whole."""
    processes = list(Process.objects.order_by("pk"))
    assert len(processes) >= 3
    before = {p.pk: _export(p.pk, capsys) for p in processes}
    victim = processes[0]
    victim_title = str(victim.title)
    # The operator's daily key-store backup, then the database backup.
    call_command("keys", "backup")
    backup = tmp_path / "before.bak"
    call_command("backup", "-o", str(backup))
    capsys.readouterr()
    call_command("process", "destroy", victim.pk.hex, "--yes")
    # What the live deployment exports now: the other processes, less only their
    # links to the destroyed one (removed with it, as the database cascades).
    live = {p.pk: _export(p.pk, capsys) for p in processes[1:]}
    assert [
        p for p in live if live[p]["participants"] != before[p]["participants"]
    ] == []
    # Even the key-store backup taken before the destruction lost the key.
    newest = keystore.newest_backup()
    assert newest is not None
    entry = next(
        k
        for k in json.loads(newest.read_text())["keys"]
        if k["id"] == str(victim.data_key_id)
    )
    assert entry["wrapped"] is None

    # A fresh deployment: an empty database and an empty key store, the same
    # master key; the key store comes over from its newest backup.
    _empty_database()
    _new_key_store(settings, tmp_path)
    call_command("keys", "restore", str(newest))
    capsys.readouterr()
    call_command("restore", str(backup))
    report = capsys.readouterr().out
    assert "Restored and verified" in report
    assert "crypto-shredded" in report and str(victim.pk) in report

    with pytest.raises(CommandError, match="No process has the id"):
        call_command("export", str(victim.pk))
    assert not Process.objects.filter(pk=victim.pk).exists()
    assert victim_title not in _dump()
    for process in processes[1:]:
        assert _export(process.pk, capsys) == live[process.pk]


@pytest.mark.django_db
def test_a_database_backup_and_dump_hold_no_wrapped_key(world: object) -> None:
    wrapped = [e.wrapped for e in keystore.entries() if e.wrapped]
    assert len(wrapped) >= 2
    out = io.BytesIO()
    backup_write(out)
    dump = _dump().encode("latin-1", errors="replace")
    # The backup is encrypted as a whole: look inside it too.
    from backchannel.core.backup import _read_lines

    inside = b"".join(
        json.dumps(line).encode() for line in _read_lines(io.BytesIO(out.getvalue()))
    )
    for key in wrapped:
        assert key not in dump
        assert base64.b64encode(key) not in inside
        assert key.hex() not in dump.decode("latin-1")


@pytest.mark.django_db
def test_restore_refuses_data_keys_the_key_store_lacks_unless_told_to_skip(
    world: object, tmp_path: Path, settings: object, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "db.bak"
    call_command("backup", "-o", str(path))
    _empty_database()
    _new_key_store(settings, tmp_path)  # the operator forgot the key store
    with pytest.raises(CommandError, match=r"not in the key store.*keys restore"):
        call_command("restore", str(path))
    assert not Process.objects.exists()
    call_command("restore", str(path), "--skip-missing-keys")
    out = capsys.readouterr().out
    assert "missing from it" in out
    assert not Process.objects.exists()


@pytest.mark.django_db
def test_a_backup_made_before_a_rotation_restores_with_the_old_key_listed(
    world: object, tmp_path: Path, settings: object
) -> None:
    titles = {p.pk: str(p.title) for p in Process.objects.all()}
    out = io.BytesIO()
    backup_write(out)
    old = base64.b64encode(crypto.master_key().key).decode()
    settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = [old]  # type: ignore[attr-defined]
    crypto.reset_caches()
    call_command("keys", "rotate")
    _empty_database()
    backup_restore(io.BytesIO(out.getvalue()))
    assert {p.pk: str(p.title) for p in Process.objects.all()} == titles
    # Without the old key listed, the same file is refused with the fix named.
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = []  # type: ignore[attr-defined]
    _empty_database()
    with pytest.raises(BackupError, match="BACKCHANNEL_PREVIOUS_MASTER_KEYS"):
        backup_restore(io.BytesIO(out.getvalue()))


@pytest.mark.django_db
def test_key_store_backups_are_pruned_after_their_retention(
    world: object, settings: object
) -> None:
    settings.BACKCHANNEL_KEY_BACKUP_DAYS = 3  # type: ignore[attr-defined]
    old = keystore.backup_write()
    stale = old.with_name("keys-20200101T000000Z.json")
    old.rename(stale)
    fresh = keystore.backup_write()
    assert stale.stat().st_mode & 0o777 == 0o600
    call_command("keys", "backup")
    assert not stale.exists()
    assert fresh.exists()
    assert len(keystore.backup_files()) == 2


@pytest.mark.django_db
def test_a_key_store_backup_out_of_reach_is_the_documented_window(
    world: object, tmp_path: Path, settings: object
) -> None:
    """A copy taken before the destruction and kept elsewhere still holds the
    key (the README bounds this by BACKCHANNEL_KEY_BACKUP_DAYS); restoring it into
    a key store that knows of the destruction does not bring the key back."""
    from tests.world import World

    assert isinstance(world, World)
    elsewhere = tmp_path / "offsite"
    copy = keystore.backup_write(elsewhere)
    process = world.process
    process_destroy(process=process, actor=None)
    assert json.loads(copy.read_text())["keys"]  # out of reach: not scrubbed
    call_command("keys", "restore", str(copy))
    assert keystore.get(process.data_key_id).wrapped is None


# --- the property: every order of rotate / destroy / retention / backup / restore


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("rotate"), st.just(0)),
        st.tuples(st.just("destroy"), st.integers(0, 2)),
        st.tuples(st.just("retention"), st.integers(0, 2)),
        st.tuples(st.just("backup"), st.just(0)),
        st.tuples(st.just("restore"), st.integers(0, 7)),
    ),
    min_size=1,
    max_size=7,
)


def _readable(pk: object) -> str | None:
    process = Process.objects.filter(pk=pk).first()
    if process is None:
        return None
    try:
        return str(process.title)
    except DecryptionError:
        return None


@pytest.mark.django_db
@hsettings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
@example(ops=[("backup", 0), ("destroy", 0), ("rotate", 0), ("restore", 0)])
@example(
    ops=[("rotate", 0), ("backup", 0), ("retention", 1), ("backup", 0), ("restore", 0)]
)
def test_no_order_of_operations_brings_a_destroyed_process_back(
    ops: list[tuple[str, int]], tmp_path: Path, settings: object
) -> None:
    from backchannel.accounts.services import (
        membership_set,
        organisation_create,
        user_create,
    )

    _empty_database()
    _new_key_store(settings, tmp_path)
    settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = []  # type: ignore[attr-defined]
    crypto.reset_caches()
    user = user_create(username="prop", password="a long passphrase here")
    org = organisation_create(name="Prop Org")
    membership_set(organisation=org, user=user, role="convener")
    titles = {}
    for n in range(3):
        p = process_create(
            actor=user,
            organisation=org,
            title=f"Process {n}",
            track="2",
            stage="negotiation",
            approach="problem_solving",
            sides=["A", "B"],
        )
        titles[p.pk] = f"Process {n}"
    pks = list(titles)
    alive, destroyed = set(pks), set()
    backups: list[tuple[bytes, set[object]]] = []
    for op, n in ops:
        if op == "rotate":
            previous = [
                settings.BACKCHANNEL_MASTER_KEY,
                *settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS,
            ]  # type: ignore[attr-defined]
            settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
            settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = previous  # type: ignore[attr-defined]
            crypto.reset_caches()
            call_command("keys", "rotate")
        elif op in {"destroy", "retention"} and pks[n] in alive:
            if op == "destroy":
                process_destroy(process=Process.objects.get(pk=pks[n]), actor=None)
            else:
                Process.objects.filter(pk=pks[n]).update(
                    retention_until=dt.datetime.now(dt.UTC).date()
                    - dt.timedelta(days=2)
                )
                call_command("process", "retention")
            alive.discard(pks[n])
            destroyed.add(pks[n])
        elif op == "backup":
            out = io.BytesIO()
            backup_write(out)
            backups.append((out.getvalue(), set(alive)))
        elif op == "restore" and backups:
            data, had = backups[n % len(backups)]
            _empty_database()
            summary = backup_restore(io.BytesIO(data))
            alive = had - destroyed
            assert set(summary.shredded_processes) == {
                str(pk) for pk in had & destroyed
            }
        crypto.reset_caches()
        for pk in destroyed:
            assert _readable(pk) is None, (op, n)
        for pk in alive:
            assert _readable(pk) == titles[pk], (op, n)


@pytest.mark.django_db
def test_a_backup_from_before_the_key_store_does_not_bring_a_destroyed_key_back(
    world: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Backups made before this version carried each wrapped key in the
    DataKey row: restore ignores those columns; only the key store decides."""
    from backchannel.core import backup as backup_module
    from tests.world import World

    assert isinstance(world, World)
    plain_rows = backup_module._rows

    def legacy_rows(model: type) -> object:
        for row in plain_rows(model):
            if model._meta.label == "core.DataKey":
                entry = keystore.get(row["id"])
                row["wrapped"] = {"b64": base64.b64encode(entry.wrapped).decode()}
                row["master_key_id"] = entry.master_key_id
            yield row

    monkeypatch.setattr(backup_module, "_rows", legacy_rows)
    out = io.BytesIO()
    backup_write(out)
    monkeypatch.setattr(backup_module, "_rows", plain_rows)
    pk, key_id = world.process.pk, world.process.data_key_id
    process_destroy(process=world.process, actor=None)
    _empty_database()
    summary = backup_restore(io.BytesIO(out.getvalue()))
    assert summary.shredded_processes == [str(pk)]
    assert keystore.get(key_id).wrapped is None
    assert _readable(world.other_process.pk) == "Border Trade Track Two"


@pytest.mark.django_db
def test_a_destruction_that_fails_halfway_still_destroys_the_key(
    world: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fail toward confidentiality: the key goes first, outside the database
    transaction; if deleting the rows then fails, they stay unreadable and the
    command can be run again."""
    from tests.world import World

    assert isinstance(world, World)
    pk, key_id = world.process.pk, world.process.data_key_id

    def broken_delete(self: Process, *args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(Process, "delete", broken_delete)
    with pytest.raises(RuntimeError):
        process_destroy(process=Process.objects.get(pk=pk), actor=None)
    assert keystore.get(key_id).wrapped is None
    crypto.reset_caches()
    assert Process.objects.filter(pk=pk).exists()
    assert _readable(pk) is None
    monkeypatch.undo()
    process_destroy(process=Process.objects.get(pk=pk), actor=None)
    assert not Process.objects.filter(pk=pk).exists()


@pytest.mark.django_db
def test_a_key_destroyed_by_another_server_stops_working_here_within_the_ttl(
    world: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.world import World

    assert isinstance(world, World)
    pk, key_id = world.process.pk, world.process.data_key_id
    assert _readable(pk) == "Lakeshore Water Dialogue"  # unwrapped and kept here
    keystore.destroy(key_id)  # as another app server's `process destroy` does
    assert _readable(pk) == "Lakeshore Water Dialogue"  # still in this memory
    later = crypto.time.monotonic() + crypto.DATA_KEY_TTL + 1
    monkeypatch.setattr(crypto.time, "monotonic", lambda: later)
    assert _readable(pk) is None
