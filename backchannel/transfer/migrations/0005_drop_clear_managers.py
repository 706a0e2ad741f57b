"""Managers' logins on a process's rows, sealed (3/3): the clear foreign keys go,
and the sealed columns take their names."""

from django.conf import settings
from django.db import migrations

import backchannel.core.fields

SEALED = [
    ("output", "created_by"),
    ("output", "released_by"),
    ("gateoverride", "requested_by"),
    ("gateoverride", "confirmed_by"),
    ("transfer", "recorded_by"),
    ("uptake", "recorded_by"),
]


def _operations():
    for model, name in SEALED:
        yield migrations.RemoveField(model_name=model, name=name)
        yield migrations.RenameField(
            model_name=model, old_name=f"{name}_sealed", new_name=name
        )


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("transfer", "0004_seal_managers"),
    ]

    operations = list(_operations())
