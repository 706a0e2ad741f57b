"""Data-key lifecycle: create, destroy (crypto-shred)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from backchannel.core import crypto
from backchannel.core.models import DataKey


def data_key_create() -> DataKey:
    key = DataKey()
    master = crypto.master_key()
    key.wrapped = crypto.wrap_data_key(key.id, crypto.new_data_key_material(), master)
    key.master_key_id = master.key_id
    key.save(force_insert=True)
    return key


@transaction.atomic
def data_key_destroy(*, key: DataKey) -> None:
    """Crypto-shred: overwrite the wrapped key; every value under it is gone."""
    DataKey.objects.filter(pk=key.pk).update(
        wrapped=None, destroyed_on=timezone.now().date()
    )
    crypto.forget_data_key(key.pk)
    transaction.on_commit(lambda: crypto.forget_data_key(key.pk))


def data_keys_rotate() -> tuple[int, int]:
    """Re-wrap every live data key under the current master key.

    Each key is re-wrapped in its own short transaction, so servers keep
    running: a server that knows the old key (as current or previous) and one
    that knows the new key can both unwrap every key at every moment.
    Returns (re-wrapped, already current).
    """
    master = crypto.master_key()
    rewrapped = current = 0
    ids = list(
        DataKey.objects.filter(wrapped__isnull=False).values_list("pk", "master_key_id")
    )
    for key_id, master_id in ids:
        if master_id == master.key_id:
            current += 1
            continue
        with transaction.atomic():
            key = DataKey.objects.select_for_update().get(pk=key_id)
            if key.wrapped is None or key.master_key_id == master.key_id:
                continue
            old = crypto.master_for(key.master_key_id)
            raw = crypto.unwrap_data_key(key.pk, bytes(key.wrapped), old)
            key.wrapped = crypto.wrap_data_key(key.pk, raw, master)
            key.master_key_id = master.key_id
            key.save(update_fields=["wrapped", "master_key_id"])
            rewrapped += 1
    return rewrapped, current
