# A user's organisation was free text: it becomes a link to the organisation of that name.

import django.db.models.deletion
from django.db import migrations, models

GREEN = 1


def names_to_organisations(apps, schema_editor):
    """Link each user to the organisation its text names, made GREEN (an employer) if new."""
    User = apps.get_model("classification", "User")
    Organisation = apps.get_model("assessments", "Organisation")
    for user in User.objects.exclude(organisation_name=""):
        name = " ".join(user.organisation_name.split())
        organisation = Organisation.objects.filter(name__iexact=name).first()
        if organisation is None:
            organisation = Organisation.objects.create(name=name, kind="other", level=GREEN)
        user.organisation = organisation
        user.save(update_fields=["organisation"])


def organisations_to_names(apps, schema_editor):
    User = apps.get_model("classification", "User")
    for user in User.objects.exclude(organisation=None).select_related("organisation"):
        user.organisation_name = user.organisation.name[:120]
        user.save(update_fields=["organisation_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0001_initial"),
        ("assessments", "0003_organisations"),
    ]

    operations = [
        migrations.RenameField("user", "organisation", "organisation_name"),
        migrations.AddField(
            model_name="user",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="The organisation the person works for (an SEC party, the DCC, "
                "SECAS...).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="people",
                to="assessments.organisation",
            ),
        ),
        migrations.RunPython(names_to_organisations, organisations_to_names),
        migrations.RemoveField("user", "organisation_name"),
    ]
