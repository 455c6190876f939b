# AgendaPublication and AgendaNotice now live in the notifications app (same tables).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0010_committee_moves_to_committees"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AgendaNotice"),
                migrations.DeleteModel(name="AgendaPublication"),
            ],
            database_operations=[],
        )
    ]
