"""Encrypt a meeting's time zone and start time under the process key.

A zone names a city (``Asia/Kabul``) and a local start time narrows it: both
were stored in clear next to an encrypted venue. Each existing row's values are
sealed into new columns with the associated data of their final column name
(``time_zone``, ``start_time``), then the clear columns are dropped and the new
ones take their names.
"""

import backchannel.core.fields
import backchannel.meetings.models
from django.db import migrations

TABLE = "meetings_meeting"


def seal(apps, schema_editor):
    from backchannel.core import crypto

    Meeting = apps.get_model("meetings", "Meeting")
    for row in Meeting.objects.all().only("id", "data_key", "time_zone", "start_time"):
        key_id = row.data_key_id

        def sealed(column, plaintext):
            return crypto.encrypt_value(
                plaintext,
                key_id=key_id,
                aad=crypto.aad_for(TABLE, column, row.pk, key_id),
            )

        start = row.start_time
        Meeting.objects.filter(pk=row.pk).update(
            time_zone_sealed=sealed("time_zone", (row.time_zone or "").encode()),
            start_time_sealed=(
                None
                if start is None
                else sealed("start_time", start.isoformat().encode())
            ),
        )


def unseal(apps, schema_editor):
    import datetime as dt

    from backchannel.core import crypto

    Meeting = apps.get_model("meetings", "Meeting")
    for row in Meeting.objects.all():
        key_id = row.data_key_id

        def opened(column, blob):
            return crypto.decrypt_value(
                bytes(blob),
                key_id=key_id,
                aad=crypto.aad_for(TABLE, column, row.pk, key_id),
            ).decode()

        zone = row.__dict__["time_zone_sealed"]
        start = row.__dict__["start_time_sealed"]
        Meeting.objects.filter(pk=row.pk).update(
            time_zone=opened("time_zone", zone) if zone is not None else "",
            start_time=(
                dt.time.fromisoformat(opened("start_time", start))
                if start is not None
                else None
            ),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_meeting_start_time_zone_duration"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="time_zone_sealed",
            field=backchannel.core.fields.EncryptedTextField(null=True, blank=True),
        ),
        migrations.AddField(
            model_name="meeting",
            name="start_time_sealed",
            field=backchannel.core.fields.EncryptedTimeField(null=True, blank=True),
        ),
        migrations.RunPython(seal, unseal),
        migrations.RemoveField(model_name="meeting", name="time_zone"),
        migrations.RemoveField(model_name="meeting", name="start_time"),
        migrations.RenameField(
            model_name="meeting", old_name="time_zone_sealed", new_name="time_zone"
        ),
        migrations.RenameField(
            model_name="meeting", old_name="start_time_sealed", new_name="start_time"
        ),
        # The column stays nullable in the database (altering it would make
        # Django write the default "" into a ciphertext column); the model
        # always writes a sealed value.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="meeting",
                    name="time_zone",
                    field=backchannel.core.fields.EncryptedTextField(
                        blank=True,
                        default="",
                        max_length=64,
                        validators=[backchannel.meetings.models.validate_time_zone],
                    ),
                ),
            ]
        ),
    ]
