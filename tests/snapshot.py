"""Build a test world once per session, copy it into each test that needs it.

Building the world through the services (``tests/world.py``, a few hundred
milliseconds) or loading the whole demo (``backchannel.demo.load_demo``, several
seconds) for every test made those the bulk of the suite's time. A
:class:`Snapshot` is taken once per session: the builder runs for real, through
the services, inside a transaction that is then rolled back, after the rows it
added or changed (every table, raw column values) and its key store (a SQLite
file outside the database) have been read. :meth:`Snapshot.restore` writes those
rows back into the current test's own transaction (so pytest-django rolls them
back after the test, as it would rows the test built itself), gives the test its
own copy of the key store, and returns a fresh copy of what the builder returned
(the ``World`` or ``DemoInfo``, unpickled), so that what one test changes, even
on the Python objects, the next never sees.

The same code serves SQLite and PostgreSQL: rows go through the database's own
cursor, and integer primary-key sequences are moved past the restored rows.
"""

from __future__ import annotations

import datetime as dt
import decimal
import pickle
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
# Bookkeeping of the test database itself, never part of a world.
_SKIPPED_TABLES = {"django_migrations"}


@dataclass
class _Table:
    columns: list[str]
    pk: str | None
    removed: list[Any]  # primary keys of rows the builder deleted or changed
    added: list[tuple[Any, ...]]  # rows the builder inserted or changed


def _rows(cursor: Any, table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    qn = connection.ops.quote_name
    # Table names come from the database's own catalogue, quoted.
    cursor.execute(f"SELECT * FROM {qn(table)}")  # noqa: S608
    columns = [d[0] for d in cursor.description]
    return columns, [tuple(_raw(v) for v in row) for row in cursor.fetchall()]


def _raw(value: Any) -> Any:
    """A column value as it can be written back through the same cursor."""
    if isinstance(value, memoryview):
        return bytes(value)
    if connection.vendor == "sqlite" and isinstance(
        value, dt.date | dt.time | decimal.Decimal
    ):
        # Django's SQLite converters parse these on reading; it stores their
        # str() (naive UTC for datetimes), which sqlite3 cannot bind for times.
        return str(value)
    return value


def _key(row: tuple[Any, ...]) -> str:
    return repr(row)


def _tables(cursor: Any) -> list[str]:
    return sorted(
        t.name
        for t in connection.introspection.get_table_list(cursor)
        if t.type == "t" and t.name not in _SKIPPED_TABLES
    )


def _read_all() -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    with connection.cursor() as cursor:
        return {table: _rows(cursor, table) for table in _tables(cursor)}


def _diff(
    before: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
    after: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
) -> dict[str, _Table]:
    changes: dict[str, _Table] = {}
    with connection.cursor() as cursor:
        for table, (columns, rows) in after.items():
            old = {_key(r): r for r in before.get(table, (columns, []))[1]}
            new = {_key(r): r for r in rows}
            added = [r for k, r in new.items() if k not in old]
            gone = [r for k, r in old.items() if k not in new]
            if not added and not gone:
                continue
            pk = connection.introspection.get_primary_key_column(cursor, table)
            if gone and pk is None:
                raise RuntimeError(
                    f"The snapshot builder deleted or changed rows of {table}, which "
                    "has no primary key to find them by: build that data in the test."
                )
            index = columns.index(pk) if pk else -1
            changes[table] = _Table(
                columns=columns,
                pk=pk,
                removed=[r[index] for r in gone],
                added=added,
            )
    return changes


@dataclass
class Snapshot:
    """What a builder wrote: database rows, key store, and its return value."""

    tables: dict[str, _Table]
    keystore: Path
    key_backups: Path
    value: bytes

    @classmethod
    def take(cls, build: Callable[[], Any], folder: Path) -> Snapshot:
        """Run ``build()`` for real and keep what it wrote; leave the database as
        it was (the build runs in a transaction that is rolled back, so
        ``on_commit`` callbacks never run, as in a test's own transaction)."""
        from backchannel.core import crypto, keystore

        folder.mkdir(parents=True, exist_ok=True)
        keys = folder / "keys.sqlite3"
        backups = folder / "key-backups"
        with override_settings(
            PASSWORD_HASHERS=[FAST_HASHER],
            BACKCHANNEL_KEYSTORE_URL=f"sqlite:///{keys}",
            BACKCHANNEL_KEY_BACKUP_DIR=backups,
            BACKCHANNEL_REQUIRE_MFA=False,
        ):
            keystore.close()
            crypto.reset_caches()
            try:
                with transaction.atomic():
                    before = _read_all()
                    value = pickle.dumps(build())
                    tables = _diff(before, _read_all())
                    transaction.set_rollback(True)
            finally:
                keystore.close()
                crypto.reset_caches()
        return cls(tables=tables, keystore=keys, key_backups=backups, value=value)

    def restore(self, settings: Any) -> Any:
        """Write the snapshot into the current test (its transaction, its key
        store as named by ``settings``) and return a fresh copy of the value."""
        from backchannel.core import crypto, keystore

        keystore.close()
        crypto.reset_caches()
        target = Path(settings.BACKCHANNEL_KEYSTORE_URL.removeprefix("sqlite:///"))
        if self.keystore.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            source = sqlite3.connect(self.keystore)
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
        if self.key_backups.exists():
            shutil.copytree(
                self.key_backups,
                settings.BACKCHANNEL_KEY_BACKUP_DIR,
                dirs_exist_ok=True,
            )
        qn = connection.ops.quote_name
        # In one transaction: Django's foreign keys are deferred to commit, so
        # the tables can be written in any order, also in a test that runs
        # without a transaction of its own (live server, transaction=True).
        with transaction.atomic(), connection.cursor() as cursor:
            for table, change in self.tables.items():
                if change.removed:
                    marks = ", ".join(["%s"] * len(change.removed))
                    cursor.execute(
                        f"DELETE FROM {qn(table)} WHERE {qn(change.pk or '')} "  # noqa: S608
                        f"IN ({marks})",
                        change.removed,
                    )
                if change.added and connection.vendor == "postgresql":
                    names = ", ".join(qn(c) for c in change.columns)
                    # COPY: the demo's tens of thousands of votes in a blink.
                    with cursor.cursor.copy(
                        f"COPY {qn(table)} ({names}) FROM STDIN"
                    ) as copy:
                        for row in change.added:
                            copy.write_row(row)
                elif change.added:
                    names = ", ".join(qn(c) for c in change.columns)
                    marks = ", ".join(["%s"] * len(change.columns))
                    cursor.executemany(
                        f"INSERT INTO {qn(table)} ({names}) VALUES ({marks})",  # noqa: S608
                        change.added,
                    )
            if connection.vendor == "postgresql":
                self._move_sequences(cursor)
        # Bytes this session pickled itself (Snapshot.take), never read from outside.
        return pickle.loads(self.value)  # noqa: S301

    def _move_sequences(self, cursor: Any) -> None:
        """Set each restored table's id sequence past its rows (a flush may have
        reset it since the snapshot was taken)."""
        models = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.db_table in self.tables
        ]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
