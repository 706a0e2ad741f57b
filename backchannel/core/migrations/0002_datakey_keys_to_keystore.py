"""Move the wrapped data keys out of the database into the key store.

Each live key is copied into the key store (``BACKCHANNEL_KEYSTORE_URL``) as it
is, still wrapped by its master key; a destroyed one becomes a tombstone there.
Then the columns go: from now on neither this database nor its backups carry
key material. Backups made before this migration still do: let them expire.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def keys_out(apps: Any, schema_editor: Any) -> None:
    from backchannel.core import keystore

    DataKey = apps.get_model("core", "DataKey")
    for key in DataKey.objects.using(schema_editor.connection.alias).iterator():
        existing = keystore.get(key.id)
        if key.wrapped is None:
            if existing is None or existing.wrapped is not None:
                keystore.tombstone_in_place(
                    key.id, (key.destroyed_on or key.created_on).isoformat()
                )
        elif existing is None:
            keystore.put(key.id, bytes(key.wrapped), key.master_key_id)


def keys_back(apps: Any, schema_editor: Any) -> None:
    from backchannel.core import keystore

    DataKey = apps.get_model("core", "DataKey")
    for key in DataKey.objects.using(schema_editor.connection.alias).iterator():
        entry = keystore.get(key.id)
        if entry is not None and entry.wrapped is not None:
            key.wrapped = entry.wrapped
            key.master_key_id = entry.master_key_id
            key.save(update_fields=["wrapped", "master_key_id"])


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(keys_out, keys_back),
        migrations.RemoveField(model_name="datakey", name="wrapped"),
        migrations.RemoveField(model_name="datakey", name="master_key_id"),
    ]
