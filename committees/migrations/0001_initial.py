# The Committee model moves here from meetings, keeping its table (renamed in 0002).

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("meetings", "0009_drop_group_grants_on_meetings")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Committee",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                help_text='Short code, e.g. "SSC".', max_length=20, unique=True
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        (
                            "headlines_preamble",
                            models.TextField(
                                blank=True,
                                help_text="The standing paragraph that opens every Headlines "
                                "document.",
                            ),
                        ),
                        ("website_url", models.URLField(blank=True)),
                    ],
                    options={"ordering": ["code"], "db_table": "meetings_committee"},
                )
            ],
            database_operations=[],
        )
    ]
