import backchannel.core.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('processes', '0003_objective_rpp_level_objective_rpp_reach'),
    ]

    operations = [
        migrations.AddField(
            model_name='process',
            name='ground_rules',
            field=backchannel.core.fields.EncryptedTextField(blank=True, null=True),
        ),
    ]
