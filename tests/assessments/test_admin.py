"""The admin of an organisation lists the people who work for it, to the secretariat only."""

import pytest

from classification.levels import Level
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_organisations_admin_page_lists_the_people_who_work_for_it(client):
    acme = OrganisationFactory(name="Acme Energy", level=Level.GREEN)
    UserFactory(username="morgan", organisation=acme)
    UserFactory(username="elsewhere", organisation=OrganisationFactory(name="Other Ltd"))
    client.force_login(
        UserFactory(username="sec", is_secretariat=True, is_staff=True, is_superuser=True)
    )
    page = client.get(f"/admin/assessments/organisation/{acme.pk}/change/").content.decode()
    assert "people who work for it" in page.lower()
    assert "morgan" in page
    assert "elsewhere" not in page
    assert 'name="people-0-username"' not in page  # read-only: set on the person's account
