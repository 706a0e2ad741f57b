"""Data-key lifecycle: create, destroy (crypto-shred), rotate."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from backchannel.core import crypto, keystore
from backchannel.core.models import DataKey


def data_key_create() -> DataKey:
    """A new data key: wrapped into the key store at once (autocommit), its id
    into this database. A rolled-back transaction leaves an orphaned key-store
    row, which decrypts nothing that was kept."""
    key = DataKey()
    master = crypto.master_key()
    wrapped = crypto.wrap_data_key(key.id, crypto.new_data_key_material(), master)
    keystore.put(key.id, wrapped, master.key_id)
    key.save(force_insert=True)
    return key


def data_key_destroy(*, key: DataKey) -> int:
    """Crypto-shred: tombstone the key in the key store and in every key-store
    backup it can reach, at once and outside the database transaction, so the
    destruction stands even if what follows fails. Returns how many key-store
    backups were scrubbed."""
    scrubbed = keystore.destroy(key.pk)
    crypto.forget_data_key(key.pk)
    with transaction.atomic():
        DataKey.objects.filter(pk=key.pk).update(destroyed_on=timezone.now().date())
        transaction.on_commit(lambda: crypto.forget_data_key(key.pk))
    return scrubbed


def data_keys_rotate() -> tuple[int, int]:
    """Re-wrap every live data key of the key store under the current master key.

    Key by key (each an atomic update that checks the key was not re-wrapped or
    destroyed meanwhile), so servers keep running: a server that knows the old
    key (as current or previous) and one that knows the new key can both unwrap
    every key at every moment. Returns (re-wrapped, already current).
    """
    master = crypto.master_key()
    rewrapped = current = 0
    for entry in keystore.entries():
        if entry.wrapped is None:
            continue
        if entry.master_key_id == master.key_id:
            current += 1
            continue
        old = crypto.master_for(entry.master_key_id)
        key_id = uuid.UUID(entry.id)
        raw = crypto.unwrap_data_key(key_id, entry.wrapped, old)
        wrapped = crypto.wrap_data_key(key_id, raw, master)
        if keystore.replace_wrapped(
            entry.id, wrapped, master.key_id, was=entry.master_key_id
        ):
            rewrapped += 1
    return rewrapped, current
