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
