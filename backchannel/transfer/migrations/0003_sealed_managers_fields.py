"""Managers' logins on a process's rows, sealed (1/3): the new columns.

``created_by``/``released_by`` of an output, ``requested_by``/``confirmed_by``
of a gate override and ``recorded_by`` of a transfer and an uptake were clear
foreign keys to the users table: a database copy tied each manager's login to
the process. Each becomes the login's id and name sealed under the process's
data key, as the audit log's actors are. Three migrations, so that on
PostgreSQL no table is altered in the transaction that updates its rows.
"""

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


class Migration(migrations.Migration):
    dependencies = [
        ("transfer", "0002_output_language"),
    ]

    operations = [
        migrations.AddField(
            model_name=model,
            name=f"{name}_sealed",
            field=backchannel.core.fields.SealedLoginField(
                blank=True, default=None, null=True
            ),
        )
        for model, name in SEALED
    ]
