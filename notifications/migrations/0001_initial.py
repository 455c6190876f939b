# AgendaPublication and AgendaNotice move here from meetings, keeping their tables (renamed
# in 0002).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("meetings", "0010_committee_moves_to_committees"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AgendaPublication",
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
                        ("published_at", models.DateTimeField()),
                        ("dispatched_at", models.DateTimeField(blank=True, null=True)),
                        ("notices_sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="publications",
                                to="meetings.meeting",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-published_at"],
                        "db_table": "meetings_agendapublication",
                    },
                ),
                migrations.CreateModel(
                    name="AgendaNotice",
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
                        ("sent_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "publication",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notices",
                                to="notifications.agendapublication",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "meetings_agendanotice",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("publication", "user"), name="agenda_notice_once"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        )
    ]
