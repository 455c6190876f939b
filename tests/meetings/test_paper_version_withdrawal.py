"""Withdrawing one wrongly uploaded version of a paper (issue 11, finding 5).

From the withdrawal on, the version answers 404 to everyone but the secretariat, who are told
who withdrew it, when and why; its file is removed from storage; the audit log keeps the
fact and the reason.
"""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from pypdf import PdfReader

from audit.models import AuditEvent
from classification.levels import Level
from meetings import services
from meetings.demo import text_pdf
from meetings.models import PaperVersion
from tests.factories import AgendaItemFactory, PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(db):
    """A published AMBER paper with two versions, whose PDFs read "Version 1" and "Version 2"."""
    paper = PaperFactory(
        item=AgendaItemFactory(level=Level.AMBER), title="Options", with_file=False
    )
    for number in (1, 2):
        content = text_pdf([f"Version {number}"])
        version = PaperVersion(paper=paper, number=number, size=len(content))
        version.file.save("upload.pdf", ContentFile(content), save=True)
    return paper


def _version(paper, number) -> PaperVersion:
    return paper.versions.get(number=number)


def _withdraw(paper, number, by, reason="The wrong file was uploaded."):
    return services.paper_version_withdraw(version=_version(paper, number), by=by, reason=reason)


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_withdrawn_version_answers_404_to_a_member(client, paper, secretariat, member):
    _withdraw(paper, 1, secretariat)
    client.force_login(member)
    assert client.get(f"/papers/{paper.pk}/v1/").status_code == 404


def test_the_other_versions_are_still_served(client, paper, secretariat, member):
    _withdraw(paper, 1, secretariat)
    client.force_login(member)
    assert "Version 2" in _text(client.get(f"/papers/{paper.pk}/v2/"))


def test_withdrawing_the_current_version_serves_the_newest_left(client, paper, secretariat, member):
    _withdraw(paper, 2, secretariat)
    client.force_login(member)
    assert "Version 1" in _text(client.get(f"/papers/{paper.pk}/"))


def test_the_meeting_page_names_the_newest_version_left(client, paper, secretariat, member):
    _withdraw(paper, 2, secretariat)
    client.force_login(member)
    meeting = paper.item.meeting
    page = client.get(f"/meetings/{meeting.committee.code}/{meeting.number}/").content.decode()
    assert "Options (version 1," in page


def test_the_last_version_still_served_cannot_be_withdrawn(paper, secretariat):
    _withdraw(paper, 2, secretariat)
    with pytest.raises(ValidationError, match="only version of “Options” still served"):
        _withdraw(paper, 1, secretariat)
    assert _version(paper, 1).withdrawn_at is None


def test_a_version_is_withdrawn_once(paper, secretariat):
    _withdraw(paper, 1, secretariat)
    with pytest.raises(ValidationError, match="already withdrawn"):
        _withdraw(paper, 1, secretariat)


def test_the_withdrawn_versions_file_is_removed_from_storage_on_commit(
    paper, secretariat, django_capture_on_commit_callbacks
):
    stored = _version(paper, 1).file
    with django_capture_on_commit_callbacks() as on_commit:
        _withdraw(paper, 1, secretariat)
        assert stored.storage.exists(stored.name), "removed before the withdrawal committed"
    for callback in on_commit:
        callback()
    assert not stored.storage.exists(stored.name)
    assert _version(paper, 2).file.storage.exists(_version(paper, 2).file.name)


def test_the_withdrawal_and_its_reason_are_recorded_in_the_audit(paper, secretariat):
    _withdraw(paper, 1, secretariat, reason="Uploaded the TABASC paper by mistake.")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PAPER_VERSION_WITHDRAWN)
    assert (event.user, event.object_id, event.version, event.level) == (
        secretariat,
        str(paper.pk),
        1,
        Level.AMBER,
    )
    assert event.detail["reason"] == "Uploaded the TABASC paper by mistake."
    assert event.detail["sha256"] == _version(paper, 1).sha256


def test_a_withdrawal_without_a_reason_is_refused_saying_so(paper, secretariat):
    with pytest.raises(ValidationError) as refused:
        _withdraw(paper, 1, secretariat, reason="   ")
    assert "say why" in refused.value.message_dict["reason"][0].lower()
    assert _version(paper, 1).withdrawn_at is None


def test_the_form_without_a_reason_shows_the_error_and_withdraws_nothing(
    client, paper, secretariat
):
    client.force_login(secretariat)
    response = client.post(f"/papers/{paper.pk}/v1/withdraw/", {"reason": ""})
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    assert _version(paper, 1).withdrawn_at is None


def test_only_the_secretariat_withdraws_a_version(paper, member):
    with pytest.raises(PermissionDenied):
        _withdraw(paper, 1, member)
    assert _version(paper, 1).withdrawn_at is None


def test_the_withdrawal_form_answers_404_to_a_member(client, paper, member):
    client.force_login(member)
    assert client.get(f"/papers/{paper.pk}/v1/withdraw/").status_code == 404
    response = client.post(f"/papers/{paper.pk}/v1/withdraw/", {"reason": "Mine now."})
    assert response.status_code == 404
    assert _version(paper, 1).withdrawn_at is None


def test_the_secretariat_is_told_who_withdrew_a_version_when_and_why(client, paper, secretariat):
    _withdraw(paper, 1, secretariat, reason="Uploaded the TABASC paper by mistake.")
    client.force_login(secretariat)
    response = client.get(f"/papers/{paper.pk}/v1/")
    page = response.content.decode()
    assert response.status_code == 410
    assert "Version 1 of “Options” was withdrawn" in page
    assert str(secretariat) in page
    assert "Uploaded the TABASC paper by mistake." in page
    assert f"{_version(paper, 1).withdrawn_at:%Y}" in page


def test_the_builder_withdraws_a_version_with_its_reason(client, paper, secretariat):
    client.force_login(secretariat)
    response = client.post(
        f"/papers/{paper.pk}/v1/withdraw/", {"reason": "Wrong file."}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Options: version 1 withdrawn" in response.content.decode()
    assert _version(paper, 1).withdrawal_reason == "Wrong file."


def test_the_builder_offers_to_withdraw_each_version_still_served(client, paper, secretariat):
    meeting = paper.item.meeting
    client.force_login(secretariat)
    page = client.get(f"/meetings/{meeting.committee.code}/{meeting.number}/agenda/")
    html = page.content.decode()
    assert f"/papers/{paper.pk}/v1/withdraw/" in html
    assert f"/papers/{paper.pk}/v2/withdraw/" in html


def test_a_papers_pack_holding_the_withdrawn_version_is_deleted_with_its_file(
    client, paper, secretariat, member, django_capture_on_commit_callbacks
):
    from packs.models import Pack

    meeting = paper.item.meeting
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/meetings/{meeting.committee.code}/{meeting.number}/pack/")
    pack = Pack.objects.get(user=member)
    assert (pack.status, pack.contents) == ("ready", [[paper.pk, 2, Level.AMBER]])

    with django_capture_on_commit_callbacks(execute=True):
        _withdraw(paper, 2, secretariat)

    assert not Pack.objects.filter(pk=pack.pk).exists()
    assert not pack.file.storage.exists(pack.file.name)


def test_the_papers_pack_holds_the_newest_version_left(paper, secretariat, member):
    from packs.services import pack_contents

    _withdraw(paper, 2, secretariat)
    assert pack_contents(user=member, meeting=paper.item.meeting) == [[paper.pk, 1, Level.AMBER]]


def test_the_version_filter_hides_a_withdrawn_version_from_all_but_the_secretariat(
    paper, secretariat, member
):
    _withdraw(paper, 1, secretariat)
    assert list(PaperVersion.objects.visible_to(member).values_list("number", flat=True)) == [2]
    assert sorted(
        PaperVersion.objects.visible_to(secretariat).values_list("number", flat=True)
    ) == [
        1,
        2,
    ]


# The whole paper


def test_withdrawing_a_paper_is_recorded_in_the_audit_once(paper, secretariat):
    services.paper_withdraw(paper=paper, by=secretariat)
    services.paper_withdraw(paper=paper, by=secretariat)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PAPER_WITHDRAWN)
    assert (event.user, event.object_id, event.level) == (secretariat, str(paper.pk), Level.AMBER)


def test_a_paper_withdrawn_twice_keeps_its_first_withdrawal_time(paper, secretariat):
    first = services.paper_withdraw(paper=paper, by=secretariat).withdrawn_at
    again = services.paper_withdraw(paper=type(paper).objects.get(pk=paper.pk), by=secretariat)
    assert again.withdrawn_at == first
