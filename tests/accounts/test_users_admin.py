"""The users admin says what each account is to the committees today: member of which, at
which level, and secretariat of which (the secretariat's powers are per committee)."""

import datetime
from html import unescape

import pytest

from classification.levels import Level
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrganisationFactory,
    SecretariatAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

USERS = "/admin/classification/user/"


@pytest.fixture
def committees():
    return CommitteeFactory(code="SSC"), CommitteeFactory(code="TABASC", name="TABASC")


@pytest.fixture
def admin_client(client, committees):
    ssc, _ = committees
    client.force_login(
        UserFactory(username="admin", secretariat_of=ssc, is_staff=True, is_superuser=True)
    )
    return client


def _row(page: str, username: str) -> str:
    start = page.index(f">{username}</a>")
    return page[start : page.index("</tr>", start)]


def test_the_users_list_names_each_accounts_standing_in_the_admins_committees_today(
    admin_client, committees
):
    ssc, tabasc = committees
    officer = UserFactory(username="officer")
    SecretariatAssignmentFactory(user=officer, committee=ssc)
    morgan = UserFactory(username="morgan")
    MembershipFactory(user=morgan, committee=ssc, role="chair")
    MembershipFactory(user=morgan, committee=tabasc, ends=datetime.date(2020, 1, 1))
    page = unescape(admin_client.get(USERS).content.decode())
    assert "SSC" in _row(page, "officer")
    assert "SSC chair at AMBER" in _row(page, "morgan")
    assert "TABASC" not in _row(page, "morgan")  # ended


def test_another_committees_people_are_not_shown_to_the_admins_secretariat(
    admin_client, committees
):
    _, tabasc = committees
    morgan = UserFactory(username="morgan", member_of=tabasc)
    SecretariatAssignmentFactory(user=morgan, committee=tabasc)
    page = unescape(admin_client.get(USERS).content.decode())
    assert "TABASC" not in _row(page, "morgan")
    page = admin_client.get(f"{USERS}{morgan.pk}/change/").content.decode()
    assert "TABASC" not in page


def test_the_users_list_filters_the_secretariat_of_any_committee(admin_client, committees):
    _, tabasc = committees
    SecretariatAssignmentFactory(user=UserFactory(username="officer"), committee=tabasc)
    UserFactory(username="member", member_of=tabasc)
    page = admin_client.get(f"{USERS}?secretariat=yes").content.decode()
    assert ">officer</a>" in page and ">member</a>" not in page
    page = admin_client.get(f"{USERS}?secretariat=no").content.decode()
    assert ">officer</a>" not in page and ">member</a>" in page


def test_a_users_page_shows_their_memberships_read_only(admin_client, committees):
    ssc, _ = committees
    morgan = UserFactory(username="morgan", member_of=ssc)
    page = admin_client.get(f"{USERS}{morgan.pk}/change/").content.decode()
    assert "committee memberships (current and past)" in page.lower()
    assert 'name="memberships-0-role"' not in page


def test_the_users_list_shows_an_organisations_name_only_to_whoever_may_see_it(client):
    party = OrganisationFactory(name="Party Under Assessment Ltd", level=Level.RED)
    UserFactory(username="employee", organisation=party)
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True)  # no secretariat
    client.force_login(staff)
    page = client.get(USERS).content.decode()
    assert "Party Under Assessment Ltd" not in page
    assert "(restricted)" in _row(page, "employee")
