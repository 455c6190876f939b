import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0003_committee_papers_deadline_days"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts", models.DateField()),
                (
                    "ends",
                    models.DateField(
                        blank=True,
                        help_text="The first day it no longer holds; empty while it does.",
                        null=True,
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("chair", "Chair"),
                            ("member", "Member"),
                            ("alternate", "Alternate"),
                            ("observer", "Observer"),
                        ],
                        default="member",
                        max_length=20,
                    ),
                ),
                (
                    "level",
                    models.PositiveSmallIntegerField(
                        choices=[(2, "AMBER"), (1, "GREEN")], default=2
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="committees.committee",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["committee", "user__username", "-starts", "pk"],
                "indexes": [
                    models.Index(fields=["user", "committee"], name="membership_user_committee")
                ],
            },
        ),
        migrations.CreateModel(
            name="SecretariatAssignment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts", models.DateField()),
                (
                    "ends",
                    models.DateField(
                        blank=True,
                        help_text="The first day it no longer holds; empty while it does.",
                        null=True,
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="secretariat_assignments",
                        to="committees.committee",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="secretariat_assignments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["committee", "user__username", "-starts", "pk"],
                "indexes": [
                    models.Index(fields=["user", "committee"], name="secretariat_user_committee")
                ],
            },
        ),
    ]
