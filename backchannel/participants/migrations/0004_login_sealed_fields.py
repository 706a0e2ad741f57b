"""Person ↔ login without a clear link (1/3): the new columns.

``Person.user`` (a clear foreign key to the users table) becomes a keyed blind
index (``login_index``) and the login sealed under the organisation's key
(``login``); ``Invitation.created_by`` becomes the login sealed under the
process's key, for which an invitation gets the data key of its seat. Three
migrations, so that on PostgreSQL no table is altered in the transaction that
updates its rows (pending trigger events).
"""

import django.db.models.deletion
from django.db import migrations, models

import backchannel.core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_actor_sealed"),
        ("participants", "0003_seat_access_invitation"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="login_index",
            field=models.CharField(
                blank=True, default=None, editable=False, max_length=64, null=True
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="login",
            field=backchannel.core.fields.SealedLoginField(
                blank=True, default=None, editable=False, null=True
            ),
        ),
        migrations.AddField(
            model_name="invitation",
            name="data_key",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.datakey",
            ),
        ),
        migrations.AddField(
            model_name="invitation",
            name="created_by_sealed",
            field=backchannel.core.fields.SealedLoginField(
                blank=True, default=None, null=True
            ),
        ),
    ]
