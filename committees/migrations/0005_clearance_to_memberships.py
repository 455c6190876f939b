# The global clearance is retired: every user keeps what it saw, as memberships.
#
# A user cleared AMBER becomes a member at AMBER of every committee there is; a GREEN user
# needs nothing (GREEN is every signed-in account); a secretariat user becomes the secretariat
# of every committee. They start on the earliest meeting's date (today, if there is none or
# it is later), so that they hold today.

from django.db import migrations
from django.utils import timezone

GREEN, AMBER = 1, 2


def _start(apps):
    Meeting = apps.get_model("meetings", "Meeting")
    today = timezone.localdate()
    earliest = Meeting.objects.order_by("date").values_list("date", flat=True).first()
    return min(earliest, today) if earliest else today


def clearances_to_memberships(apps, schema_editor):
    User = apps.get_model("classification", "User")
    Committee = apps.get_model("committees", "Committee")
    Membership = apps.get_model("committees", "Membership")
    SecretariatAssignment = apps.get_model("committees", "SecretariatAssignment")
    committees = list(Committee.objects.order_by("pk"))
    starts = _start(apps)
    Membership.objects.bulk_create(
        Membership(user=user, committee=committee, role="member", level=AMBER, starts=starts)
        for user in User.objects.filter(clearance__gte=AMBER).order_by("pk")
        for committee in committees
    )
    SecretariatAssignment.objects.bulk_create(
        SecretariatAssignment(user=user, committee=committee, starts=starts)
        for user in User.objects.filter(is_secretariat=True).order_by("pk")
        for committee in committees
    )


def memberships_to_clearances(apps, schema_editor):
    """Back: a current AMBER member of any committee is cleared AMBER, and so on."""
    User = apps.get_model("classification", "User")
    Membership = apps.get_model("committees", "Membership")
    SecretariatAssignment = apps.get_model("committees", "SecretariatAssignment")
    today = timezone.localdate()

    def current(model):
        rows = model.objects.filter(starts__lte=today).exclude(ends__lte=today)
        return rows.values("user_id")

    User.objects.filter(pk__in=current(Membership).filter(level=AMBER)).update(clearance=AMBER)
    User.objects.filter(pk__in=current(SecretariatAssignment)).update(is_secretariat=True)


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0004_memberships"),
        ("classification", "0002_user_organisation"),
        ("meetings", "0013_action_reference_one_line"),
    ]

    operations = [migrations.RunPython(clearances_to_memberships, memberships_to_clearances)]
