import django.db.models.deletion
from django.db import migrations, models

from classification.owners import committee_id_of


def name_each_changes_committee(apps, schema_editor):
    """Give each change already recorded its record's committee, so that its secretariat reads it."""
    LevelChange = apps.get_model("reviews", "LevelChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for change in LevelChange.objects.all():
        content_type = ContentType.objects.get(pk=change.content_type_id)
        try:
            model = apps.get_model(content_type.app_label, content_type.model)
        except LookupError:
            continue
        record = model._default_manager.filter(pk=change.object_id).first()
        committee_id = committee_id_of(record)
        if committee_id is not None:
            LevelChange.objects.filter(pk=change.pk).update(committee_id=committee_id)


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0005_clearance_to_memberships"),
        ("reviews", "0001_initial"),
        ("meetings", "0014_restriction_reason_and_review_date"),
        ("assessments", "0003_organisations"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="levelchange",
            name="committee",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="committees.committee",
            ),
        ),
        migrations.RunPython(name_each_changes_committee, migrations.RunPython.noop),
    ]
