# Committee now lives in the committees app (same table): only Django's state changes here.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_drop_group_grants_on_meetings"),
        ("committees", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="meeting",
                    name="committee",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="meetings",
                        to="committees.committee",
                    ),
                ),
                migrations.DeleteModel(name="Committee"),
            ],
            database_operations=[],
        )
    ]
