"""The assessment register: the list, a party's page, and the secretariat's forms."""

import datetime
import html
import re

import factory
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments.models import Assessment, Organisation, UserRole
from assessments.services import assessment_save, party_save
from classification.levels import Level
from classification.restrictions import default_review_on
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    DecisionFactory,
    MeetingFactory,
    OrganisationFactory,
    RecusalFactory,
    decision_kind,
    restriction,
)

pytestmark = pytest.mark.django_db


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    party = factory.SubFactory(OrganisationFactory)
    committee = factory.SubFactory(CommitteeFactory)
    kind = Assessment.Kind.FUSA
    level = factory.SelfAttribute("party.level")


def _decision(party, *, date=None, kind="ssa", outcome="Noted", level=Level.AMBER, **item):
    """A decision on `party` at an item of a meeting whose minutes are approved."""
    meeting = MeetingFactory(
        minutes_status="approved", **({"date": date} if date else {}), status="held"
    )
    return DecisionFactory(
        item=AgendaItemFactory(meeting=meeting, level=level, **item),
        kind=decision_kind(kind),
        party=party,
        outcome=outcome,
        level=level,
    )


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _text(response) -> str:
    """The page as text: tags removed, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", _page(response)).split()).replace(" :", ":")


def _row(page: str, text: str) -> str:
    """The table row of `page` that holds `text`."""
    return next(row for row in re.findall(r"<tr.*?</tr>", page, re.S) if text in row)


def _party_data(**changes):
    data = {
        "name": "Acme Energy Ltd",
        "sec_party_id": "SEC-0042",
        "user_roles": ["import_supplier", "gas_supplier"],
        "level": Level.RED,
        "restriction_reason": "Under security assessment",
        "review_on": default_review_on().isoformat(),
    }
    return {**data, **changes}


def _assessment_data(**changes):
    data = {
        "kind": "vusa",
        "user_roles": ["import_supplier"],
        "assessor": "User CIO",
        "fieldwork_start": "2024-03-04",
        "fieldwork_end": "2024-03-08",
        "report_received": "2024-04-01",
        "level": Level.RED,
        "restriction_reason": "Assessment findings",
        "review_on": default_review_on().isoformat(),
    }
    return {**data, **changes}


# The register list


def test_the_secretariat_sees_every_party_with_its_details(client, secretariat):
    OrganisationFactory(
        name="Acme Energy Ltd",
        sec_party_id="SEC-0042",
        user_roles=["import_supplier", "gas_supplier"],
        uses_shared_resource_provider=True,
    )
    OrganisationFactory(name="Beta Gas plc", level=Level.AMBER)
    client.force_login(secretariat)
    page = _page(client.get("/register/"))
    row = _row(page, "Acme Energy Ltd")
    assert "SEC-0042" in row
    assert "Import Supplier, Gas Supplier" in row
    assert "<td>Yes</td>" in row
    assert '<span class="tlp tlp-red"' in row
    assert "Beta Gas plc" in page


def test_a_member_sees_amber_parties_but_no_red_one(client, member):
    AssessmentFactory(party=OrganisationFactory(name="Visible Amber Ltd", level=Level.AMBER))
    AssessmentFactory(party=OrganisationFactory(name="Secret Red Ltd", level=Level.RED))
    client.force_login(member)
    page = _page(client.get("/register/"))
    assert "Visible Amber Ltd" in page
    assert "Secret Red Ltd" not in page


def test_a_member_sees_no_amber_party_that_no_record_of_its_committees_names(client, member):
    OrganisationFactory(name="Unrelated Amber Ltd", level=Level.AMBER)
    tabasc = CommitteeFactory(code="TABASC", name="TABASC")
    AssessmentFactory(
        party=OrganisationFactory(name="Other Committee Ltd", level=Level.AMBER), committee=tabasc
    )
    client.force_login(member)
    page = _page(client.get("/register/"))
    assert "Unrelated Amber Ltd" not in page
    assert "Other Committee Ltd" not in page


def test_a_member_sees_an_amber_party_named_by_a_decision_of_its_committee(client, member):
    _decision(OrganisationFactory(name="Decided Amber Ltd", level=Level.AMBER))
    client.force_login(member)
    assert "Decided Amber Ltd" in _page(client.get("/register/"))


def test_the_register_answers_404_to_an_anonymous_visitor(client):
    OrganisationFactory(name="Public White Ltd", level=Level.WHITE)
    assert client.get("/register/").status_code == 404


def test_a_party_page_answers_404_to_an_anonymous_visitor(client):
    party = OrganisationFactory(name="Public White Ltd", level=Level.WHITE)
    assert client.get(f"/register/{party.pk}/").status_code == 404


def test_a_registered_user_sees_white_and_green_parties_only(client, registered):
    OrganisationFactory(name="Public White Ltd", level=Level.WHITE)
    OrganisationFactory(name="Community Green Ltd", level=Level.GREEN)
    OrganisationFactory(name="Members Amber Ltd", level=Level.AMBER)
    client.force_login(registered)
    page = _page(client.get("/register/"))
    assert "Public White Ltd" in page
    assert "Community Green Ltd" in page
    assert "Members Amber Ltd" not in page


def test_the_register_finds_parties_by_part_of_their_name(client, secretariat):
    OrganisationFactory(name="Acme Energy Ltd")
    OrganisationFactory(name="Beta Gas plc")
    client.force_login(secretariat)
    page = _page(client.get("/register/", {"q": "energy"}))
    assert "Acme Energy Ltd" in page
    assert "Beta Gas plc" not in page


def test_a_members_search_never_finds_a_red_party(client, member):
    OrganisationFactory(name="Secret Red Ltd", level=Level.RED)
    client.force_login(member)
    page = _page(client.get("/register/", {"q": "Secret"}))
    assert "Secret Red Ltd" not in page
    assert "No party you may see matches this search." in page


def test_the_register_filters_parties_by_user_role(client, secretariat):
    OrganisationFactory(name="Gas Only Ltd", user_roles=["gas_supplier"])
    OrganisationFactory(name="Import Only Ltd", user_roles=["import_supplier"])
    OrganisationFactory(name="Both Ltd", user_roles=["import_supplier", "gas_supplier"])
    client.force_login(secretariat)
    page = _page(client.get("/register/", {"role": "gas_supplier"}))
    assert "Gas Only Ltd" in page
    assert "Both Ltd" in page
    assert "Import Only Ltd" not in page


def test_an_unknown_role_in_the_filter_is_named_in_an_error(client, secretariat):
    OrganisationFactory(name="Acme Energy Ltd")
    client.force_login(secretariat)
    page = _page(client.get("/register/", {"role": "wizard"}))
    assert "User role: Select a valid choice. wizard is not one of the available choices." in page
    assert "Acme Energy Ltd" in page


def test_the_register_shows_each_partys_latest_decision(client, secretariat):
    party = OrganisationFactory(name="Acme Energy Ltd")
    _decision(
        party, date=datetime.date(2020, 6, 3), kind="vusa_compliance_status", outcome="Compliant"
    )
    _decision(
        party,
        date=datetime.date(2019, 6, 5),
        kind="vusa_compliance_status",
        outcome="Non-compliant",
    )
    client.force_login(secretariat)
    row = _row(_page(client.get("/register/")), "Acme Energy Ltd")
    assert "VUSA Compliance Status: <strong>Compliant</strong>" in row
    assert "Non-compliant" not in row


def test_the_latest_decision_shown_is_the_latest_the_user_may_see(client, member):
    party = OrganisationFactory(name="Acme Energy Ltd", level=Level.AMBER)
    _decision(party, date=datetime.date(2019, 6, 5), kind="directors_letter", outcome="Approved")
    _decision(
        party,
        date=datetime.date(2020, 6, 3),
        kind="directors_letter",
        outcome="Not approved",
        level=Level.RED,
    )
    client.force_login(member)
    row = _row(_page(client.get("/register/")), "Acme Energy Ltd")
    assert "Director's Letter: <strong>Approved</strong>" in row
    assert "Not approved" not in row


@pytest.mark.parametrize("count", [3, 30])
def test_the_register_takes_the_same_number_of_queries_for_3_or_30_parties(
    client, member, django_assert_num_queries, count
):
    for n in range(count):
        party = OrganisationFactory(
            name=f"Party {n:02} Ltd", level=Level.AMBER, user_roles=["gas_supplier"]
        )
        _decision(party)
    client.force_login(member)
    client.get("/register/")  # fills the per-process content type cache
    # session, user, the user's memberships and work (for the navigation: one and three),
    # parties, latest decisions
    with django_assert_num_queries(8):
        response = client.get("/register/", {"role": "gas_supplier"})
    assert response.content.decode().count('<tr class="party">') == count


def test_the_register_link_is_shown_to_the_secretariat_only(client, secretariat, member):
    client.force_login(member)
    assert 'href="/register/"' not in client.get("/").content.decode()
    client.force_login(secretariat)
    assert 'href="/register/"' in client.get("/").content.decode()


# A party's page


def test_a_member_gets_404_for_a_red_party(client, member):
    party = OrganisationFactory(level=Level.RED)
    client.force_login(member)
    assert client.get(f"/register/{party.pk}/").status_code == 404


def test_the_public_gets_404_for_a_green_party(client):
    party = OrganisationFactory(level=Level.GREEN)
    assert client.get(f"/register/{party.pk}/").status_code == 404


def test_a_member_sees_an_amber_partys_page(client, member):
    party = OrganisationFactory(
        name="Acme Energy Ltd", level=Level.AMBER, user_roles=["other_user"]
    )
    AssessmentFactory(party=party)
    client.force_login(member)
    page = _page(client.get(f"/register/{party.pk}/"))
    assert "<h1>Acme Energy Ltd" in page
    assert "Other User" in page


def test_the_party_page_lists_its_assessments_with_dates_and_assessor(client, secretariat):
    party = OrganisationFactory(name="Acme Energy Ltd")
    AssessmentFactory(
        party=party,
        kind="vusa",
        user_roles=["gas_supplier"],
        assessor="Example CIO Services",
        fieldwork_start=datetime.date(2024, 3, 4),
        fieldwork_end=datetime.date(2024, 3, 8),
        report_received=datetime.date(2024, 4, 1),
    )
    client.force_login(secretariat)
    row = _row(_page(client.get(f"/register/{party.pk}/")), "Example CIO Services")
    assert "Verification User Security Assessment (VUSA)" in row
    assert "Gas Supplier" in row
    assert "4 Mar 2024 – 8 Mar 2024" in row
    assert "1 Apr 2024" in row


def test_an_assessment_above_the_users_clearance_is_absent_from_the_party_page(client, member):
    party = OrganisationFactory(level=Level.AMBER)
    AssessmentFactory(party=party, assessor="Amber Assessor", level=Level.AMBER)
    AssessmentFactory(party=party, assessor="Red Assessor", level=Level.RED)
    client.force_login(member)
    page = _page(client.get(f"/register/{party.pk}/"))
    assert "Amber Assessor" in page
    assert "Red Assessor" not in page


def test_the_party_page_lists_its_decisions_across_meetings_in_date_order(client, secretariat):
    party = OrganisationFactory()
    middle = _decision(party, date=datetime.date(2020, 3, 4), kind="remediation_plan_update")
    first = _decision(
        party,
        date=datetime.date(2019, 11, 13),
        kind="fusa_assurance_status",
        outcome="Deferred",
        number=6,
    )
    last = _decision(party, date=datetime.date(2021, 1, 6), kind="directors_letter")
    client.force_login(secretariat)
    page = _page(client.get(f"/register/{party.pk}/"))
    references = [d.item.meeting.reference for d in (first, middle, last)]
    positions = [page.index(f"SSC {reference}") for reference in references]
    assert positions == sorted(positions)
    row = _row(page, f"SSC {first.item.meeting.reference}")
    assert "13 Nov 2019" in row
    assert "<td>6</td>" in row
    assert "FUSA Assurance Status" in row
    assert "Deferred" in row


def test_a_recused_members_decision_is_absent_from_the_history(client, member):
    party = OrganisationFactory(level=Level.AMBER)
    seen = _decision(party, kind="ssa")
    recused = _decision(party, kind="directors_letter", outcome="Approved")
    RecusalFactory(item=recused.item, user=member)
    client.force_login(member)
    page = _page(client.get(f"/register/{party.pk}/"))
    assert f"SSC {seen.item.meeting.reference}" in page
    assert f"SSC {recused.item.meeting.reference}" not in page
    assert "Director's Letter" not in page


def test_a_decision_in_draft_minutes_is_absent_from_a_members_history(client, member):
    party = OrganisationFactory(level=Level.AMBER)
    decision = _decision(party)
    decision.item.meeting.minutes_status = "draft"
    decision.item.meeting.save()
    client.force_login(member)
    page = _page(client.get(f"/register/{party.pk}/"))
    assert "No decisions you may see." in page


def test_a_decision_note_is_rendered_as_markdown_without_raw_html(client, secretariat):
    party = OrganisationFactory()
    decision = _decision(party)
    decision.note = "Subject to **two conditions**. <script>alert('x')</script>"
    decision.save()
    client.force_login(secretariat)
    content = client.get(f"/register/{party.pk}/").content.decode()
    assert "<strong>two conditions</strong>" in content
    assert "<script>alert" not in content


# The secretariat's forms


@pytest.mark.parametrize("who", ["anonymous", "registered", "member"])
def test_only_the_secretariat_may_add_a_party(client, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get("/register/new/").status_code == 404
    assert client.post("/register/new/", _party_data()).status_code == 404
    assert not Organisation.objects.exists()


def test_only_the_secretariat_may_edit_a_party(client, member):
    party = OrganisationFactory(name="Acme Energy Ltd", level=Level.AMBER)
    client.force_login(member)
    response = client.post(f"/register/{party.pk}/edit/", _party_data(name="Renamed"))
    assert response.status_code == 404
    party.refresh_from_db()
    assert party.name == "Acme Energy Ltd"


def test_only_the_secretariat_may_add_an_assessment(client, member):
    party = OrganisationFactory(level=Level.AMBER)
    client.force_login(member)
    data = _assessment_data(level=Level.AMBER)
    assert client.post(f"/register/{party.pk}/assessments/new/", data).status_code == 404
    assert not Assessment.objects.exists()


def test_only_the_secretariat_may_edit_an_assessment(client, member):
    assessment = AssessmentFactory(party__level=Level.AMBER, assessor="Before")
    client.force_login(member)
    url = f"/register/{assessment.party_id}/assessments/{assessment.pk}/edit/"
    data = _assessment_data(assessor="After", level=Level.AMBER)
    assert client.post(url, data).status_code == 404
    assessment.refresh_from_db()
    assert assessment.assessor == "Before"


def test_a_new_party_is_red_unless_said_otherwise(client, secretariat):
    client.force_login(secretariat)
    form = client.get("/register/new/").context["form"]
    assert form["level"].value() == Level.RED


def test_the_secretariat_adds_a_party(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/register/new/", _party_data(uses_shared_resource_provider="on"))
    party = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/register/{party.pk}/"
    assert party.name == "Acme Energy Ltd"
    assert party.sec_party_id == "SEC-0042"
    assert party.user_roles == ["import_supplier", "gas_supplier"]
    assert party.uses_shared_resource_provider is True
    assert party.level == Level.RED


def test_the_secretariat_edits_a_party(client, secretariat):
    party = OrganisationFactory(
        name="Acme Energy Ltd", user_roles=["gas_supplier"], level=Level.AMBER
    )
    client.force_login(secretariat)
    form = client.get(f"/register/{party.pk}/edit/").context["form"]
    assert form["user_roles"].value() == ["gas_supplier"]
    data = _party_data(name="Acme Energy plc", user_roles=["other_user"], level=Level.RED)
    response = client.post(f"/register/{party.pk}/edit/", data)
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.name, party.user_roles, party.level) == (
        "Acme Energy plc",
        ["other_user"],
        Level.RED,
    )


def test_the_secretariat_adds_an_assessment_to_a_party(client, secretariat):
    party = OrganisationFactory()
    client.force_login(secretariat)
    response = client.post(f"/register/{party.pk}/assessments/new/", _assessment_data())
    assert response.status_code == 302
    assert response["Location"] == f"/register/{party.pk}/"
    assessment = Assessment.objects.get()
    assert assessment.party == party
    assert assessment.kind == "vusa"
    assert assessment.user_roles == ["import_supplier"]
    assert assessment.fieldwork_start == datetime.date(2024, 3, 4)
    assert assessment.fieldwork_end == datetime.date(2024, 3, 8)
    assert assessment.report_received == datetime.date(2024, 4, 1)


def test_the_secretariat_edits_an_assessment(client, secretariat):
    assessment = AssessmentFactory(assessor="Before")
    client.force_login(secretariat)
    url = f"/register/{assessment.party_id}/assessments/{assessment.pk}/edit/"
    assert client.post(url, _assessment_data(assessor="After")).status_code == 302
    assessment.refresh_from_db()
    assert assessment.assessor == "After"


def test_an_assessment_is_edited_only_under_its_own_party(client, secretariat):
    assessment = AssessmentFactory()
    other = OrganisationFactory()
    client.force_login(secretariat)
    url = f"/register/{other.pk}/assessments/{assessment.pk}/edit/"
    assert client.get(url).status_code == 404


# Bad input: a clear message naming the field, and nothing saved


def test_fieldwork_ending_before_it_starts_is_refused(client, secretariat):
    party = OrganisationFactory()
    client.force_login(secretariat)
    data = _assessment_data(fieldwork_start="2024-03-08", fieldwork_end="2024-03-04")
    response = client.post(f"/register/{party.pk}/assessments/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "fieldwork_end": ["Fieldwork cannot end before it starts."]
    }
    assert "Fieldwork end: Fieldwork cannot end before it starts." in _text(response)
    assert not Assessment.objects.exists()


def test_an_assessment_below_its_partys_level_is_refused(client, secretariat):
    party = OrganisationFactory(level=Level.RED)
    client.force_login(secretariat)
    data = _assessment_data(level=Level.AMBER)
    response = client.post(f"/register/{party.pk}/assessments/new/", data)
    message = (
        "AMBER is below its organisation's level RED: "
        "a record may not be more visible than the record it belongs to."
    )
    assert response.context["form"].errors == {"level": [message]}
    assert f"Classification: {message}" in _text(response)
    assert not Assessment.objects.exists()


def test_an_unknown_user_role_is_refused(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/register/new/", _party_data(user_roles=["gas_supplier", "wizard"]))
    message = "Select a valid choice. wizard is not one of the available choices."
    assert response.context["form"].errors == {"user_roles": [message]}
    assert f"User roles: {message}" in _text(response)
    assert not Organisation.objects.exists()


def test_a_duplicate_party_name_is_refused(client, secretariat):
    OrganisationFactory(name="Acme Energy Ltd", sec_party_id="SEC-0001")
    client.force_login(secretariat)
    response = client.post("/register/new/", _party_data(name="Acme Energy Ltd"))
    message = "There is already a party of this name in the register."
    assert response.context["form"].errors == {"name": [message]}
    assert f"Name: {message}" in _text(response)
    assert Organisation.objects.get().sec_party_id == "SEC-0001"


def test_raising_a_party_above_its_assessments_is_refused(client, secretariat):
    party = OrganisationFactory(name="Acme Energy Ltd", level=Level.AMBER)
    AssessmentFactory(party=party, kind="ssa", level=Level.AMBER)
    client.force_login(secretariat)
    response = client.post(f"/register/{party.pk}/edit/", _party_data(level=Level.RED))
    message = (
        "assessment “Security Self-Assessment (SSA) of Acme Energy Ltd” would be more visible "
        "than the organisation at RED: raise their level first."
    )
    assert response.context["form"].errors == {"level": [message]}
    assert "<h1>Edit Acme Energy Ltd</h1>" in _page(response)
    party.refresh_from_db()
    assert (party.name, party.level) == ("Acme Energy Ltd", Level.AMBER)


# The services


def test_party_save_refuses_anyone_but_the_secretariat(member):
    with pytest.raises(PermissionDenied):
        party_save(party=Organisation(name="Acme Energy Ltd"), by=member)
    assert not Organisation.objects.exists()


def test_assessment_save_checks_the_partys_current_level(secretariat):
    party = OrganisationFactory(level=Level.AMBER)
    assessment = Assessment(party=party, kind="fusa", level=Level.AMBER, **restriction(Level.AMBER))
    Organisation.objects.filter(pk=party.pk).update(level=Level.RED)
    with pytest.raises(ValidationError) as error:
        assessment_save(assessment=assessment, by=secretariat)
    assert list(error.value.message_dict) == ["level"]
    assert not Assessment.objects.exists()


def test_every_user_role_is_offered_on_the_party_form(client, secretariat):
    client.force_login(secretariat)
    page = _page(client.get("/register/new/"))
    for label in UserRole.labels:
        assert label in page
