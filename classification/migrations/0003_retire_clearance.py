# What the clearance and the secretariat flag gave is held by memberships and secretariat
# assignments now (committees 0004).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0002_user_organisation"),
        ("committees", "0005_clearance_to_memberships"),
    ]

    operations = [
        migrations.RemoveField("user", "clearance"),
        migrations.RemoveField("user", "is_secretariat"),
    ]
