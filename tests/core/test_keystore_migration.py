"""Migration core 0002 moves the wrapped keys out of the database into the key
store: live keys as they are, destroyed ones as tombstones; run twice, it
changes nothing."""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from backchannel.core import crypto, keystore

migration = importlib.import_module(
    "backchannel.core.migrations.0002_datakey_keys_to_keystore"
)


@dataclass
class OldKey:
    """A data-key row as core 0001 stored it (wrapped key in the database)."""

    id: uuid.UUID
    wrapped: bytes | None
    master_key_id: str
    created_on: dt.date
    destroyed_on: dt.date | None


class _Rows:
    def __init__(self, rows: list[OldKey]) -> None:
        self.rows = rows

    def using(self, alias: str) -> _Rows:
        return self

    def iterator(self) -> Any:
        return iter(self.rows)


class _Apps:
    def __init__(self, rows: list[OldKey]) -> None:
        self.model = type("DataKey", (), {"objects": _Rows(rows)})

    def get_model(self, app: str, name: str) -> Any:
        assert (app, name) == ("core", "DataKey")
        return self.model


class _Editor:
    class connection:  # noqa: N801
        alias = "default"


@pytest.mark.django_db
def test_the_migration_moves_live_keys_and_tombstones_destroyed_ones() -> None:
    master = crypto.master_key()
    live_id, dead_id = uuid.uuid4(), uuid.uuid4()
    raw = crypto.new_data_key_material()
    wrapped = crypto.wrap_data_key(live_id, raw, master)
    rows = [
        OldKey(live_id, wrapped, master.key_id, dt.date(2026, 1, 2), None),
        OldKey(dead_id, None, master.key_id, dt.date(2026, 1, 2), dt.date(2026, 3, 4)),
    ]
    for _ in range(2):
        migration.keys_out(_Apps(rows), _Editor())
    live, dead = keystore.get(live_id), keystore.get(dead_id)
    assert live is not None and live.wrapped == wrapped
    assert live.master_key_id == master.key_id
    assert crypto.unwrap_data_key(live_id, live.wrapped, master) == raw
    assert dead is not None and dead.wrapped is None
    assert dead.destroyed_on == "2026-03-04"
    assert len(keystore.entries()) == 2
