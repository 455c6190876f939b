from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0001_initial"),
        ("meetings", "0010_committee_moves_to_committees"),
    ]

    operations = [migrations.AlterModelTable(name="committee", table=None)]
