"""The five decision kinds of docs/DESIGN.md, with the phrases of the Headlines' RED summary."""

from django.db import migrations

KINDS = [
    {
        "code": "fusa_assurance_status",
        "name": "FUSA Assurance Status",
        "order": 10,
        "outcomes": ["Approved", "Approved, subject to conditions", "Deferred", "Rejected"],
        "summary_singular": "{count} Assurance Status for a FUSA",
        "summary_plural": "{count} Assurance Statuses for FUSAs",
    },
    {
        "code": "vusa_compliance_status",
        "name": "VUSA Compliance Status",
        "order": 20,
        "outcomes": ["Compliant", "Compliant, subject to a Remediation Plan", "Non-compliant"],
        "summary_singular": "{count} Compliance Status for a VUSA",
        "summary_plural": "{count} Compliance Statuses for VUSAs",
    },
    {
        "code": "directors_letter",
        "name": "Director's Letter",
        "order": 30,
        "outcomes": ["Approved", "Not approved"],
        "summary_singular": "Approved {count} Director's Letter",
        "summary_plural": "Approved {count} Director's Letters",
    },
    {
        "code": "ssa",
        "name": "Security Self-Assessment",
        "order": 40,
        "outcomes": ["Noted"],
        "summary_singular": "Noted {count} Security Self-Assessment (SSA)",
        "summary_plural": "Noted {count} Security Self-Assessments (SSAs)",
    },
    {
        "code": "remediation_plan_update",
        "name": "Remediation Plan update",
        "order": 50,
        "outcomes": ["Noted"],
        "summary_singular": "Noted a Remediation Plan update for a User Security Assessment",
        "summary_plural": "Noted Remediation Plan updates for User Security Assessments",
    },
]


def add_kinds(apps, schema_editor):
    DecisionKind = apps.get_model("meetings", "DecisionKind")
    for kind in KINDS:
        DecisionKind.objects.update_or_create(code=kind["code"], defaults=kind)


def remove_kinds(apps, schema_editor):
    DecisionKind = apps.get_model("meetings", "DecisionKind")
    DecisionKind.objects.filter(code__in=[kind["code"] for kind in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, remove_kinds)]
