"""The global clearance retires without changing what anyone sees (committees 0004).

The demo's people and meetings are made on the schema as it was before organisations and
memberships (through the historical models of the migration state), with what each user
saw then worked out by the old rule (docs/DESIGN.md before the change: the secretariat sees
everything; anyone else sees published business up to the clearance, capped at AMBER, and RED
of the meetings it attends, nothing of an item it is recused from). The schema is then
migrated forward, and what each user sees through today's filter must be the same.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assessments.models import Assessment, Organisation
from classification.levels import Level
from committees.models import Membership, SecretariatAssignment
from meetings.models import AgendaItem

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The last migrations before organisations and memberships.
BEFORE = [
    ("classification", "0001_initial"),
    ("assessments", "0002_restriction_reason_and_review_date"),
    ("committees", "0003_committee_papers_deadline_days"),
    ("meetings", "0014_restriction_reason_and_review_date"),
]
# The demo's personas as they were: username, clearance, secretariat.
PEOPLE = [
    ("secretariat", Level.AMBER, True),
    ("chair", Level.AMBER, False),
    ("member", Level.AMBER, False),
    ("member2", Level.AMBER, False),
    ("registered", Level.GREEN, False),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _old_world(apps):
    """The demo, on the old schema: two committees, their meetings at every level."""
    User = apps.get_model("classification", "User")
    Committee = apps.get_model("committees", "Committee")
    Meeting = apps.get_model("meetings", "Meeting")
    Item = apps.get_model("meetings", "AgendaItem")
    Recusal = apps.get_model("meetings", "Recusal")
    Grant = apps.get_model("meetings", "MeetingUserObjectPermission")
    Permission = apps.get_model("auth", "Permission")
    Party = apps.get_model("assessments", "AssessedParty")
    OldAssessment = apps.get_model("assessments", "Assessment")
    users = {
        name: User.objects.create(username=name, clearance=clearance, is_secretariat=secretariat)
        for name, clearance, secretariat in PEOPLE
    }
    attend = Permission.objects.get(codename="attend_meeting", content_type__app_label="meetings")
    now = timezone.now()
    for code in ("SSC", "TABASC"):
        committee = Committee.objects.create(code=code, name=code)
        for number, status in [(89, "held"), (90, "agenda_published"), (91, "draft")]:
            meeting = Meeting.objects.create(
                committee=committee,
                number=number,
                date=datetime.date(2019, 11, 13) + datetime.timedelta(days=number - 89),
                status=status,
                minutes_status="approved" if status == "held" else "draft",
            )
            for name in ("chair", "member"):
                Grant.objects.create(permission=attend, user=users[name], content_object=meeting)
            for number_on_agenda, level in enumerate(Level, start=1):
                item = Item.objects.create(
                    meeting=meeting,
                    number=number_on_agenda,
                    title=f"{code} {number} {level.label}",
                    level=level,
                    published_at=now,
                )
                if level == Level.RED and number == 90:
                    Recusal.objects.create(item=item, user=users["member"], reason="Demo")
    for level in Level:
        party = Party.objects.create(name=f"Party {level.label}", level=level)
        OldAssessment.objects.create(party=party, kind="vusa", level=level)
    return users


def _old_rule(apps):
    """(username, item id) of every item each user saw under the global clearance."""
    User = apps.get_model("classification", "User")
    Item = apps.get_model("meetings", "AgendaItem")
    Grant = apps.get_model("meetings", "MeetingUserObjectPermission")
    seen = set()
    for user in User.objects.all():
        attended = set(Grant.objects.filter(user=user).values_list("content_object_id", flat=True))
        recused = set(user.recusals.values_list("item_id", flat=True))
        for item in Item.objects.select_related("meeting"):
            if user.is_secretariat:
                seen.add((user.username, item.pk))
                continue
            if item.meeting.status == "draft" or item.published_at is None or item.pk in recused:
                continue
            if item.level <= min(user.clearance, Level.AMBER) or item.meeting_id in attended:
                seen.add((user.username, item.pk))
    return seen


def _old_register(apps):
    """(username, party name) of the register's parties each user saw: by level alone."""
    User = apps.get_model("classification", "User")
    Party = apps.get_model("assessments", "AssessedParty")
    return {
        (user.username, party.name)
        for user in User.objects.all()
        for party in Party.objects.all()
        if user.is_secretariat or party.level <= min(user.clearance, Level.AMBER)
    }


def test_every_user_sees_the_same_agenda_items_and_register_after_the_migration():
    executor = _migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        _old_world(apps)
        items_before, register_before = _old_rule(apps), _old_register(apps)
    finally:
        executor = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.all())
    items_after = {
        (user.username, pk)
        for user in users
        for pk in AgendaItem.objects.visible_to(user).values_list("pk", flat=True)
    }
    register_after = {
        (user.username, name)
        for user in users
        for name in Organisation.objects.visible_to(user).values_list("name", flat=True)
    }
    assert items_after == items_before
    assert register_after == register_before
    # The AMBER member really reads AMBER: the comparison is not of two empty sets.
    assert ("member2", AgendaItem.objects.get(title="TABASC 89 AMBER").pk) in items_after


def test_the_migration_makes_amber_holders_members_and_the_secretariat_of_every_committee():
    executor = _migrate(BEFORE)
    try:
        _old_world(executor.loader.project_state(BEFORE).apps)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    memberships = Membership.objects.values_list("user__username", "committee__code", "level")
    assert sorted(memberships) == sorted(
        (name, code, Level.AMBER)
        for name, clearance, _ in PEOPLE
        if clearance == Level.AMBER
        for code in ("SSC", "TABASC")
    )
    assert sorted(
        SecretariatAssignment.objects.values_list("user__username", "committee__code")
    ) == [("secretariat", "SSC"), ("secretariat", "TABASC")]
    # They hold today: from the earliest meeting, with no end.
    assert set(Membership.objects.values_list("starts", "ends")) == {
        (datetime.date(2019, 11, 13), None)
    }
    # Existing assessments belong to the first committee there was.
    assert set(Assessment.objects.values_list("committee__code", flat=True)) == {"SSC"}
