from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("meetings", "0011_publications_move_to_notifications"),
    ]

    operations = [
        migrations.AlterModelTable(name="agendapublication", table=None),
        migrations.AlterModelTable(name="agendanotice", table=None),
    ]
