"""Two-factor authentication: the secretariat's powers and RED business need it."""

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from classification.levels import Level
from tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory
from tests.sessions import authenticator, authenticator_code, enrolment_link, enter_code, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_required")]


def test_the_secretariat_without_a_second_factor_gets_404_on_its_tools(client, secretariat):
    client.force_login(secretariat)
    meeting = MeetingFactory(status="draft")
    assert client.get(f"/meetings/SSC/{meeting.number}/agenda/").status_code == 404


def test_the_secretariat_verified_by_a_second_factor_reaches_its_tools(client, secretariat):
    device = authenticator(secretariat)
    meeting = MeetingFactory(status="draft")
    sign_in(client, secretariat)
    enter_code(client, device)
    assert client.get(f"/meetings/SSC/{meeting.number}/agenda/").status_code == 200


def test_an_attendee_sees_red_business_only_after_the_second_factor(client, member):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, user=member)
    AgendaItemFactory(meeting=meeting, level=Level.RED, title="SMETS1 enrolment")
    device = authenticator(member)
    sign_in(client, member)
    page = f"/meetings/SSC/{meeting.number}/"
    assert "SMETS1 enrolment" not in client.get(page).content.decode()
    enter_code(client, device)
    assert "SMETS1 enrolment" in client.get(page).content.decode()


def test_signing_in_with_an_app_registered_asks_for_the_code(client, member):
    authenticator(member)
    response = sign_in(client, member)
    assert response["Location"].startswith("/accounts/two-factor/?next=")


def test_a_secretariat_account_without_an_app_is_told_to_ask_for_an_enrolment_link(
    client, secretariat
):
    response = sign_in(client, secretariat)
    assert response["Location"] == "/"
    page = client.get("/").content.decode()
    assert "ask the secretariat for an enrolment link" in page
    assert "/accounts/two-factor/setup/" not in page


def test_a_password_only_session_of_an_enrolled_account_is_offered_no_setup_link(client, member):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, user=member)
    authenticator(member)
    sign_in(client, member)
    page = client.get("/").content.decode()
    assert "/accounts/two-factor/?next=/" in page
    assert "/accounts/two-factor/setup/" not in page


def test_a_registered_user_with_nothing_to_protect_signs_in_directly(client, registered):
    assert sign_in(client, registered)["Location"] == "/"


def test_a_wrong_code_is_refused_and_recorded(client, member):
    authenticator(member)
    sign_in(client, member)
    response = client.post("/accounts/two-factor/", {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SECOND_FACTOR_FAILED).exists()


def test_setting_up_an_app_gives_ten_recovery_codes(client, secretariat):
    link = enrolment_link(secretariat)
    sign_in(client, secretariat)
    client.get(link)
    device = TOTPDevice.objects.get(user=secretariat, confirmed=False)
    response = client.post(link, {"code": authenticator_code(device)})
    assert "Your recovery codes" in response.content.decode()
    assert StaticDevice.objects.get(user=secretariat).token_set.count() == 10
    device.refresh_from_db()
    assert device.confirmed


def test_setting_up_an_app_verifies_the_session(client, member):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, user=member)
    AgendaItemFactory(meeting=meeting, level=Level.RED, title="SMETS1 enrolment")
    link = enrolment_link(member)
    sign_in(client, member)
    client.get(link)
    new = TOTPDevice.objects.get(user=member, confirmed=False)
    client.post(link, {"code": authenticator_code(new)})
    assert "SMETS1 enrolment" in client.get(f"/meetings/SSC/{meeting.number}/").content.decode()


def test_a_session_verified_by_its_app_may_replace_the_app(client, member):
    old = authenticator(member)
    sign_in(client, member)
    enter_code(client, old)
    assert client.get("/accounts/two-factor/setup/").status_code == 200
    new = TOTPDevice.objects.get(user=member, confirmed=False)
    response = client.post("/accounts/two-factor/setup/", {"code": authenticator_code(new)})
    assert "Your recovery codes" in response.content.decode()
    assert list(TOTPDevice.objects.filter(user=member)) == [new]


def test_a_session_verified_by_a_recovery_code_may_replace_a_lost_app(client, member):
    authenticator(member)
    recovery = StaticDevice.objects.create(user=member, name="Recovery codes")
    recovery.token_set.create(token="recover1")
    sign_in(client, member)
    client.post("/accounts/two-factor/", {"code": "recover1"})
    assert client.get("/accounts/two-factor/setup/").status_code == 200


def test_a_wrong_code_at_setup_confirms_nothing(client, member):
    authenticator(member)
    link = enrolment_link(member)
    sign_in(client, member)
    client.get(link)
    response = client.post(link, {"code": "000000"})
    assert "That code does not match" in response.content.decode()
    assert TOTPDevice.objects.filter(user=member, confirmed=False).exists()
    assert client.get(link).status_code == 200


def test_a_recovery_code_signs_in_once(client, member):
    authenticator(member)
    recovery = StaticDevice.objects.create(user=member, name="Recovery codes")
    recovery.token_set.create(token="recover1")
    sign_in(client, member)
    assert client.post("/accounts/two-factor/", {"code": "recover1"}).status_code == 302
    client.logout()
    sign_in(client, member)
    response = client.post("/accounts/two-factor/", {"code": "recover1"})
    assert "That code is not right" in response.content.decode()


def test_the_page_says_when_a_second_factor_would_unlock_more(client, secretariat):
    client.force_login(secretariat)
    assert "need a second factor in this session" in client.get("/").content.decode()


def test_verifying_never_redirects_off_site(client, member):
    device = authenticator(member)
    sign_in(client, member)
    response = client.post(
        "/accounts/two-factor/",
        {"code": authenticator_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_a_password_only_session_of_an_enrolled_account_cannot_add_an_authenticator(client, member):
    authenticator(member)
    sign_in(client, member)
    assert client.get("/accounts/two-factor/setup/").status_code == 403
    assert client.post("/accounts/two-factor/setup/", {"code": "123456"}).status_code == 403
    assert list(TOTPDevice.objects.filter(user=member).values_list("name", flat=True)) == ["app"]


def test_an_account_that_needs_a_second_factor_cannot_enrol_without_an_enrolment_link(
    client, secretariat
):
    sign_in(client, secretariat)
    assert client.get("/accounts/two-factor/setup/").status_code == 403
    assert not TOTPDevice.objects.filter(user=secretariat).exists()
