"""Headline modes by level: a RED item nobody chose a mode for is counted, not listed.

The mode used to default to "full" whatever the level, so a RED item added without a
thought for its mode would have its title and headline listed in the public Headlines.
RED items still "full" in meetings whose Headlines are not yet published are set to
"counted": the secretariat sees them in the Headlines draft and chooses "full" again where
it meant it. Published Headlines are frozen documents, and their meetings are left as
they are.
"""

from django.db import migrations, models

RED = 3  # classification.levels.Level.RED
HEADLINES_PUBLISHED = "headlines_published"


def red_items_counted(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    AgendaItem.objects.filter(level=RED, headline_mode="full").exclude(
        meeting__status=HEADLINES_PUBLISHED
    ).update(headline_mode="counted")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_meeting_revision"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agendaitem",
            name="headline_mode",
            field=models.CharField(
                blank=True,
                choices=[
                    ("full", "Listed in full"),
                    ("counted", "Counted in the RED summary"),
                    ("omitted", "Omitted (procedural)"),
                ],
                default="",
                max_length=10,
            ),
        ),
        # Not reversed: which RED items were "full" by choice cannot be told afterwards.
        migrations.RunPython(red_items_counted, migrations.RunPython.noop),
    ]
