"""Each committee's secretariat reads the audit events of its own committee's records only.

Events about an account (a sign-in, a second factor) belong to no committee: every
secretariat reads those.
"""

import csv
import io

import pytest

from assessments.models import Organisation
from audit.models import AuditEvent
from audit.services import audit_record
from classification.levels import Level
from reviews.models import LevelChange
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    DecisionFactory,
    OrganisationFactory,
    PaperFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tabasc():
    return CommitteeFactory(code="TABASC", name="TABASC")


@pytest.fixture
def tabasc_secretariat(tabasc):
    return UserFactory(username="tabsec", secretariat_of=tabasc, is_staff=True, is_superuser=True)


@pytest.fixture
def ssc_paper_opened():
    paper = PaperFactory(title="Vulnerability in the SSC's head-end", level=Level.AMBER)
    return audit_record(kind=AuditEvent.Kind.PAPER_OPENED, user=UserFactory(), obj=paper)


def _exported(client, user) -> list[dict]:
    client.force_login(user)
    response = client.get("/audit/export.csv")
    return list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))


def test_an_event_about_a_paper_names_the_papers_committee(ssc_paper_opened):
    assert ssc_paper_opened.committee.code == "SSC"


def test_an_event_about_an_account_names_no_committee():
    event = audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=UserFactory())

    assert event.committee is None


def test_another_committees_secretariat_does_not_export_the_event_of_an_ssc_paper(
    client, tabasc_secretariat, ssc_paper_opened
):
    rows = _exported(client, tabasc_secretariat)

    assert ssc_paper_opened.object_repr not in {row["object_repr"] for row in rows}


def test_the_papers_own_secretariat_exports_its_event(client, secretariat, ssc_paper_opened):
    rows = _exported(client, secretariat)

    assert ssc_paper_opened.object_repr in {row["object_repr"] for row in rows}


def test_every_secretariat_exports_the_events_of_accounts(client, tabasc_secretariat):
    signed_in = audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=UserFactory(username="someone"))

    rows = _exported(client, tabasc_secretariat)

    assert str(signed_in.pk) in {row["id"] for row in rows}


def test_another_committees_secretariat_does_not_list_the_event_in_the_admin(
    client, tabasc_secretariat, ssc_paper_opened
):
    client.force_login(tabasc_secretariat)

    response = client.get("/admin/audit/auditevent/")

    assert response.status_code == 200
    assert ssc_paper_opened.object_repr not in response.content.decode()


def test_another_committees_secretariat_cannot_open_the_event_in_the_admin(
    client, tabasc_secretariat, ssc_paper_opened
):
    client.force_login(tabasc_secretariat)

    response = client.get(f"/admin/audit/auditevent/{ssc_paper_opened.pk}/change/")

    assert response.status_code == 302  # the admin's "does not exist" answer: back to the list


def test_another_committees_secretariat_does_not_list_an_ssc_level_change(
    client, tabasc_secretariat
):
    paper = PaperFactory(title="Lowered paper", level=Level.AMBER)
    LevelChange.objects.create(
        record=paper,
        record_repr="Lowered paper",
        committee=paper.item.meeting.committee,
        from_level=Level.RED,
        to_level=Level.AMBER,
        reason="Public now",
    )
    client.force_login(tabasc_secretariat)

    response = client.get("/admin/reviews/levelchange/")

    assert "Lowered paper" not in response.content.decode()


def test_another_committees_secretariat_does_not_list_ssc_memberships_in_the_admin(
    client, tabasc_secretariat
):
    UserFactory(username="ssc_only_member", member_of=CommitteeFactory())
    client.force_login(tabasc_secretariat)

    response = client.get("/admin/committees/membership/")

    assert "ssc_only_member" not in response.content.decode()


def test_a_secretariat_may_file_a_membership_under_its_own_committees_only(
    client, tabasc_secretariat
):
    CommitteeFactory()
    client.force_login(tabasc_secretariat)

    response = client.get("/admin/committees/membership/add/")

    choices = response.context["adminform"].form.fields["committee"].queryset
    assert [committee.code for committee in choices] == ["TABASC"]


def test_another_committees_secretariat_cannot_make_itself_the_ssc_secretariat_in_the_admin(
    client, tabasc_secretariat
):
    ssc = CommitteeFactory()
    client.force_login(tabasc_secretariat)

    response = client.post(
        "/admin/committees/secretariatassignment/add/",
        {"user": tabasc_secretariat.pk, "committee": ssc.pk, "starts": "2026-01-01"},
    )

    assert response.status_code == 200  # the form again, with its error
    assert not tabasc_secretariat.secretariat_assignments.filter(committee=ssc).exists()


def test_another_committees_secretariat_does_not_read_a_red_party_of_an_ssc_decision(
    tabasc_secretariat,
):
    party = OrganisationFactory(name="Red Party plc", level=Level.RED)
    DecisionFactory(item=AgendaItemFactory(level=Level.RED), party=party, level=Level.RED)

    assert not Organisation.objects.visible_to(tabasc_secretariat).filter(pk=party.pk).exists()


def test_the_ssc_secretariat_reads_the_red_party_of_its_decision(secretariat):
    party = OrganisationFactory(name="Red Party plc", level=Level.RED)
    DecisionFactory(item=AgendaItemFactory(level=Level.RED), party=party, level=Level.RED)

    assert Organisation.objects.visible_to(secretariat).filter(pk=party.pk).exists()


def test_every_secretariat_reads_an_amber_organisation_no_committee_names(tabasc_secretariat):
    employer = OrganisationFactory(name="Consultancy Ltd", level=Level.AMBER)

    assert Organisation.objects.visible_to(tabasc_secretariat).filter(pk=employer.pk).exists()
