"""The admin shows a committee's memberships and secretariat, current and past, read-only:
they change on the committee's members page, which audits every change."""

import datetime

import pytest

from classification.levels import Level
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    SecretariatAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(
        UserFactory(username="sec", is_secretariat=True, is_staff=True, is_superuser=True)
    )
    return client


def test_a_committees_admin_page_lists_its_memberships_with_their_history(admin_client):
    ssc = CommitteeFactory()
    MembershipFactory(committee=ssc, user=UserFactory(username="current_member"))
    MembershipFactory(
        committee=ssc,
        user=UserFactory(username="former_member"),
        ends=datetime.date(2020, 1, 1),
        level=Level.GREEN,
        role="observer",
    )
    SecretariatAssignmentFactory(committee=ssc, user=UserFactory(username="officer"))
    page = admin_client.get(f"/admin/committees/committee/{ssc.pk}/change/").content.decode()
    assert "memberships (current and past)" in page.lower()
    assert "current_member" in page and "former_member" in page and "officer" in page


def test_a_committees_memberships_are_not_changed_in_its_admin_page(admin_client):
    ssc = CommitteeFactory()
    MembershipFactory(committee=ssc, user=UserFactory(username="current_member"))
    page = admin_client.get(f"/admin/committees/committee/{ssc.pk}/change/").content.decode()
    assert 'name="memberships-0-role"' not in page
    assert "memberships-__prefix__" not in page
