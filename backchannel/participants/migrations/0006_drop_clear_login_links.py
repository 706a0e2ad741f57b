"""Person ↔ login without a clear link (3/3): the clear columns go.

``participants_person.user_id`` and ``participants_invitation.created_by_id``
are dropped (their values now live sealed, and as the blind index); the sealed
column of the invitation takes the name ``created_by``; the person's
one-login-per-organisation rule now holds on the index.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import backchannel.core.fields


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("participants", "0005_seal_login_links"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="person", name="one_person_per_user_per_org"
        ),
        migrations.RemoveField(model_name="person", name="user"),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("login_index__isnull", False)),
                fields=("organisation", "login_index"),
                name="one_person_per_login_per_org",
                violation_error_message=(
                    "This login already belongs to another person of the "
                    "organisation's registry: seat that person instead."
                ),
            ),
        ),
        migrations.RemoveField(model_name="invitation", name="created_by"),
        migrations.RenameField(
            model_name="invitation", old_name="created_by_sealed", new_name="created_by"
        ),
        migrations.AlterField(
            model_name="invitation",
            name="created_by",
            field=backchannel.core.fields.SealedLoginField(
                blank=True, default=None, null=True
            ),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="data_key",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.datakey",
            ),
        ),
    ]
