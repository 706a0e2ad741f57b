"""Managers' logins on a process's rows, sealed (2/3): move the existing values.

Each clear link is sealed under the row's data key (its process's), with the
associated data of the final column name; reversed, the clear links come back
(for logins that still exist).
"""

from django.conf import settings
from django.db import migrations

SEALED = [
    ("Output", "created_by"),
    ("Output", "released_by"),
    ("GateOverride", "requested_by"),
    ("GateOverride", "confirmed_by"),
    ("Transfer", "recorded_by"),
    ("Uptake", "recorded_by"),
]


def seal(apps, schema_editor):
    from backchannel.core import crypto
    from backchannel.core.errors import KeyDestroyed

    User = apps.get_model("accounts", "User")
    names = dict(User.objects.values_list("pk", "username"))
    for model_name, field in SEALED:
        model = apps.get_model("transfer", model_name)
        table = model._meta.db_table
        rows = model.objects.filter(**{f"{field}__isnull": False}).values_list(
            "pk", "data_key_id", f"{field}_id"
        )
        for pk, key_id, user_id in rows:
            try:
                sealed = crypto.encrypt_value(
                    crypto.dumps([str(user_id), names[user_id]]),
                    key_id=key_id,
                    aad=crypto.aad_for(table, field, pk, key_id),
                )
            except KeyDestroyed:
                continue
            model.objects.filter(pk=pk).update(**{f"{field}_sealed": sealed})


def unseal(apps, schema_editor):
    import uuid

    from backchannel.core import crypto
    from backchannel.core.errors import KeyDestroyed

    User = apps.get_model("accounts", "User")
    users = set(User.objects.values_list("pk", flat=True))
    for model_name, field in SEALED:
        model = apps.get_model("transfer", model_name)
        table = model._meta.db_table
        rows = model.objects.filter(**{f"{field}_sealed__isnull": False}).values_list(
            "pk", "data_key_id", f"{field}_sealed"
        )
        for pk, key_id, blob in rows:
            try:
                user_id, _username = crypto.loads(
                    crypto.decrypt_value(
                        bytes(blob),
                        key_id=key_id,
                        aad=crypto.aad_for(table, field, pk, key_id),
                    )
                )
            except KeyDestroyed:
                continue
            uid = uuid.UUID(str(user_id))
            model.objects.filter(pk=pk).update(
                **{f"{field}_id": uid if uid in users else None}
            )


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("transfer", "0003_sealed_managers_fields"),
    ]

    operations = [
        migrations.RunPython(seal, unseal),
    ]
