import django.db.models.deletion
from django.db import migrations, models

from classification.owners import committee_id_of


def name_each_events_committee(apps, schema_editor):
    """Give each event already logged the committee of its object, so that its secretariat reads it."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    labels = AuditEvent.objects.exclude(object_type="").values_list("object_type", flat=True)
    for label in labels.distinct():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        events = AuditEvent.objects.filter(object_type=label)
        for object_id in events.values_list("object_id", flat=True).distinct():
            record = model._default_manager.filter(pk=object_id).first()
            committee_id = committee_id_of(record)
            if committee_id is not None:
                events.filter(object_id=object_id).update(committee_id=committee_id)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_membership_events"),
        ("committees", "0005_clearance_to_memberships"),
        ("meetings", "0014_restriction_reason_and_review_date"),
        ("assessments", "0003_organisations"),
        ("packs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="committee",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="committees.committee",
            ),
        ),
        migrations.RunPython(name_each_events_committee, migrations.RunPython.noop),
    ]
