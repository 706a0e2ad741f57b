from __future__ import annotations

import pytest
from django.db import connection

from backchannel.core import crypto
from backchannel.core.errors import DecryptionError, KeyDestroyed
from backchannel.core.services import data_key_destroy
from backchannel.processes.models import Process, Side
from tests.world import World


def _raw(table: str, column: str, pk: object) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE id = %s",  # noqa: S608
            [pk.hex if connection.vendor == "sqlite" else pk],
        )
        return bytes(cursor.fetchone()[0])


def test_confidential_values_are_stored_as_ciphertext(world: World) -> None:
    raw = _raw("processes_process", "title", world.process.pk)
    assert b"Lakeshore" not in raw
    assert raw[:1] == crypto.VALUE_VERSION
    assert Process.objects.get(pk=world.process.pk).title == "Lakeshore Water Dialogue"


def test_a_value_copied_to_another_row_fails_to_decrypt(world: World) -> None:
    north, south = list(world.process.sides.order_by("position"))
    stolen = _raw("processes_side", "name", north.pk)
    Side.objects.filter(pk=south.pk).update(name=stolen)
    with pytest.raises(DecryptionError):
        _ = Side.objects.get(pk=south.pk).name


def test_a_value_copied_to_another_column_fails_to_decrypt(world: World) -> None:
    stolen = _raw("processes_process", "title", world.process.pk)
    Process.objects.filter(pk=world.process.pk).update(context=stolen)
    with pytest.raises(DecryptionError):
        _ = Process.objects.get(pk=world.process.pk).context


def test_a_value_copied_to_another_process_fails_to_decrypt(world: World) -> None:
    stolen = _raw("processes_process", "title", world.process.pk)
    Process.objects.filter(pk=world.other_process.pk).update(title=stolen)
    with pytest.raises(DecryptionError):
        _ = Process.objects.get(pk=world.other_process.pk).title


def test_a_tampered_value_raises_and_never_returns_stored_bytes(world: World) -> None:
    raw = bytearray(_raw("processes_process", "title", world.process.pk))
    raw[-1] ^= 0x01
    Process.objects.filter(pk=world.process.pk).update(title=bytes(raw))
    with pytest.raises(DecryptionError):
        _ = Process.objects.get(pk=world.process.pk).title


def test_nothing_decrypts_under_another_master_key(
    world: World, settings: object
) -> None:
    crypto.reset_caches()
    settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
    try:
        with pytest.raises(DecryptionError):
            _ = Process.objects.get(pk=world.process.pk).title
    finally:
        crypto.reset_caches()


def test_destroying_the_data_key_makes_the_process_unreadable(world: World) -> None:
    process = Process.objects.get(pk=world.process.pk)
    data_key_destroy(key=process.data_key)
    crypto.reset_caches()
    with pytest.raises(KeyDestroyed):
        _ = Process.objects.get(pk=world.process.pk).title
    assert (
        Process.objects.get(pk=world.other_process.pk).title == "Border Trade Track Two"
    )


def test_encrypted_fields_refuse_to_be_queried(world: World) -> None:
    with pytest.raises(TypeError, match="cannot be used in a query"):
        list(Process.objects.filter(title="Lakeshore Water Dialogue"))


def test_encrypted_text_keeps_its_length_limit(world: World) -> None:
    from backchannel.core.errors import ValidationFailed
    from backchannel.processes.services import side_create

    with pytest.raises(ValidationFailed) as info:
        side_create(access=world.access(), name="x" * 121)
    assert "name" in info.value.errors
