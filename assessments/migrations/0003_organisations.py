# The register's parties become organisations (one table for parties and employers), and each
# assessment names the committee whose record it is.

import django.db.models.deletion
from django.db import migrations, models


def assessments_to_the_first_committee(apps, schema_editor):
    """Existing assessments belong to the committee there is (the first made, if several).

    With no committee, they stay without one: the secretariat's alone above GREEN.
    """
    Committee = apps.get_model("committees", "Committee")
    Assessment = apps.get_model("assessments", "Assessment")
    first = Committee.objects.order_by("pk").first()
    if first is not None:
        Assessment.objects.filter(committee__isnull=True).update(committee=first)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_restriction_reason_and_review_date"),
        ("committees", "0002_committee_table"),
    ]

    operations = [
        migrations.RenameModel("AssessedParty", "Organisation"),
        migrations.AlterModelOptions(name="organisation", options={"ordering": ["name"]}),
        migrations.AddField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("sec_party", "SEC party"),
                    ("dcc", "DCC"),
                    ("secas", "SECAS"),
                    ("other", "Other"),
                ],
                default="sec_party",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="assessment",
            name="committee",
            field=models.ForeignKey(
                blank=True,
                help_text="The committee whose record it is: its members see it up to AMBER.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assessments",
                to="committees.committee",
            ),
        ),
        migrations.RunPython(assessments_to_the_first_committee, migrations.RunPython.noop),
    ]
