"""Published Headlines PDFs carry the portal's PAdES signature; nothing unsigned is published."""

import datetime
import hashlib
import io
import os
import secrets
import stat
import subprocess
import sys

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.core.management import call_command
from django.core.management.base import CommandError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from headlines import services, tasks
from headlines.apps import signing_key_check
from headlines.composer import HeadlinesDocument
from headlines.models import HeadlinesRequest, HeadlinesVersion
from headlines.rendering import headlines_pdf
from headlines.signing import SigningUnavailable
from tests import ROOT

pytestmark = pytest.mark.django_db


def _approve(meeting, secretariat, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.headlines_submit(meeting=meeting, by=secretariat)
        services.headlines_approve(request=request, by=chair)
    request.refresh_from_db()
    return request


def _pdf(version: HeadlinesVersion) -> bytes:
    with version.pdf.open("rb") as pdf:
        return pdf.read()


def _trusting(cert_pem: bytes) -> ValidationContext:
    """A verifier that trusts this certificate alone (nothing from the system's store)."""
    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    return ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)])


def _signature_status(pdf: bytes, cert_pem: bytes):
    (signature,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    return signature, validate_pdf_signature(signature, _trusting(cert_pem))


def _other_certificate(path) -> bytes:
    """A self-signed certificate of another key, written to `path`; its PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Someone else")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    path.write_bytes(pem)
    return pem


def _expired_certificate(key_path, path) -> None:
    """A certificate of the configured key that expired yesterday, written to `path`."""
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Expired")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=30))
        .not_valid_after(now - datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


# The signature


def test_the_signature_of_a_published_pdf_verifies_with_pyhanko_against_the_configured_certificate(
    held_meeting, secretariat, chair, headlines_signing_key, django_capture_on_commit_callbacks
):
    _key, cert = headlines_signing_key
    request = _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    assert request.status == HeadlinesRequest.Status.PUBLISHED

    signature, status = _signature_status(_pdf(request.version), cert.read_bytes())
    assert status.bottom_line, status.pretty_print_details()
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES


def test_the_signature_does_not_verify_against_another_certificate(
    held_meeting, secretariat, tmp_path
):
    version = services.headlines_publish_now(meeting=held_meeting, by=secretariat)
    other = _other_certificate(tmp_path / "other.pem")
    _signature, status = _signature_status(_pdf(version), other)
    assert not status.trusted
    assert not status.bottom_line


def test_the_signed_pdf_is_the_reproducible_rendering_with_a_signature_appended(
    held_meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    request = _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    rendering = headlines_pdf(
        HeadlinesDocument.from_dict(request.document), approved_at=request.decided_at
    )
    signed = _pdf(request.version)
    assert signed.startswith(rendering)
    assert len(signed) > len(rendering)


# A signature that cannot be made: nothing is published, and the page says why


@pytest.fixture
def broken(settings, headlines_signing_key, tmp_path):
    """Break the configured signing key or certificate in one named way."""
    key, cert = headlines_signing_key

    def breaking(how: str):
        if how == "not configured":
            settings.HEADLINES_SIGNING_KEY = ""
        elif how == "missing key file":
            settings.HEADLINES_SIGNING_KEY = str(tmp_path / "nowhere" / "key.pem")
        elif how == "unreadable certificate":
            (tmp_path / "cert.pem").write_text("not a certificate")
            settings.HEADLINES_SIGNING_CERT = str(tmp_path / "cert.pem")
        elif how == "wrong passphrase":
            encrypted = serialization.load_pem_private_key(
                key.read_bytes(), password=None
            ).private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(b"the right passphrase"),
            )
            (tmp_path / "key.pem").write_bytes(encrypted)
            settings.HEADLINES_SIGNING_KEY = str(tmp_path / "key.pem")
            settings.HEADLINES_SIGNING_KEY_PASSPHRASE = "a wrong passphrase"
        elif how == "certificate of another key":
            _other_certificate(tmp_path / "other.pem")
            settings.HEADLINES_SIGNING_CERT = str(tmp_path / "other.pem")
        elif how == "expired certificate":
            _expired_certificate(key, tmp_path / "expired.pem")
            settings.HEADLINES_SIGNING_CERT = str(tmp_path / "expired.pem")
        else:
            raise AssertionError(how)

    return breaking


SIGNING_FAILURES = {
    "not configured": "HEADLINES_SIGNING_KEY",
    "missing key file": "nowhere/key.pem",
    "unreadable certificate": "is not a PEM certificate",
    "wrong passphrase": "HEADLINES_SIGNING_KEY_PASSPHRASE",
    "certificate of another key": "not the certificate of the signing key",
    "expired certificate": "expired",
}


@pytest.mark.parametrize("how", SIGNING_FAILURES)
def test_a_signature_that_cannot_be_made_publishes_nothing_and_records_why(
    how, broken, held_meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    broken(how)
    request = _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    assert request.status == HeadlinesRequest.Status.FAILED
    assert request.error.startswith("Not published: the PDF could not be signed")
    assert SIGNING_FAILURES[how] in request.error
    assert not HeadlinesVersion.objects.exists()
    held_meeting.refresh_from_db()
    assert held_meeting.status == "held"


def test_nothing_unsigned_is_written_to_storage(
    broken, held_meeting, secretariat, chair, media_root, django_capture_on_commit_callbacks
):
    broken("missing key file")
    _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    assert not list(media_root.rglob("*.pdf"))


def test_the_progress_page_shows_the_secretariat_why_the_headlines_were_not_signed(
    client, broken, held_meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    broken("not configured")
    request = _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    client.force_login(secretariat)
    html = client.get(f"/headlines/requests/{request.pk}/progress/").content.decode()
    assert "Not published: the PDF could not be signed" in html
    assert "HEADLINES_SIGNING_KEY" in html
    assert "Retry the render" in html


def test_once_the_key_is_configured_a_retry_publishes_the_signed_headlines(
    settings,
    broken,
    headlines_signing_key,
    held_meeting,
    secretariat,
    chair,
    django_capture_on_commit_callbacks,
):
    broken("not configured")
    request = _approve(held_meeting, secretariat, chair, django_capture_on_commit_callbacks)
    settings.HEADLINES_SIGNING_KEY = str(headlines_signing_key[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.headlines_retry(request=request, by=secretariat)
    request.refresh_from_db()
    assert request.status == HeadlinesRequest.Status.PUBLISHED
    assert request.error == ""
    _signature, status = _signature_status(
        _pdf(request.version), headlines_signing_key[1].read_bytes()
    )
    assert status.bottom_line


def test_a_signing_failure_is_recorded_at_once_not_retried_by_the_worker(
    broken, held_meeting, secretariat, chair, monkeypatch
):
    """A key that is missing or wrong stays so until someone mends it: no retries to wait for."""

    broken("missing key file")
    request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    HeadlinesRequest.objects.filter(pk=request.pk).update(
        status="approved", decided_by=chair, decided_at=datetime.datetime.now(datetime.UTC)
    )
    task = tasks.headlines_render_task
    retried = []
    monkeypatch.setattr(task, "retry", lambda **kwargs: retried.append(kwargs))
    task.push_request(retries=0, is_eager=False)  # as in a worker, on the first attempt
    try:
        with pytest.raises(SigningUnavailable):
            task.run(request.pk)
    finally:
        task.pop_request()
    assert retried == []
    request.refresh_from_db()
    assert request.status == HeadlinesRequest.Status.FAILED


# The public page: the PDF's SHA-256, the certificate, how to verify


@pytest.fixture
def published(held_meeting, secretariat):
    return services.headlines_publish_now(meeting=held_meeting, by=secretariat)


def test_the_public_page_shows_the_sha256_of_the_pdf_it_serves(client, published):
    served = b"".join(client.get("/headlines/SSC/89/v1.pdf").streaming_content)
    html = client.get("/headlines/SSC/89/").content.decode()
    assert hashlib.sha256(served).hexdigest() in html


def test_the_public_page_says_how_to_check_the_file_it_serves(client, published):
    download = client.get("/headlines/SSC/89/v1.pdf?download=1")
    name = download["Content-Disposition"].split('filename="')[1].rstrip('"')
    html = client.get("/headlines/SSC/89/").content.decode()
    assert 'href="/headlines/signing-certificate.pem"' in html
    assert f"--trust signing-certificate.pem {name}</code>" in html
    assert "pyhanko sign validate --pretty-print --trust-replace" in html
    assert f"sha256sum {name}</code>" in html


def test_the_public_page_shows_the_fingerprint_of_the_signing_certificate(
    client, published, headlines_signing_key
):
    cert = x509.load_pem_x509_certificate(headlines_signing_key[1].read_bytes())
    html = client.get("/headlines/SSC/89/").content.decode()
    assert cert.fingerprint(hashes.SHA256()).hex() in html


def test_the_signing_certificate_is_published_for_anyone(client, headlines_signing_key):
    response = client.get("/headlines/signing-certificate.pem")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-pem-file"
    assert response.content == headlines_signing_key[1].read_bytes()


def test_without_a_configured_certificate_none_is_published(client, settings):
    settings.HEADLINES_SIGNING_CERT = ""
    assert client.get("/headlines/signing-certificate.pem").status_code == 404


# Configuration: the portal starts without a key, and says so


def test_the_portal_warns_when_debug_is_off_and_no_signing_key_is_set(settings):
    settings.DEBUG = False
    settings.HEADLINES_SIGNING_KEY = ""
    (warning,) = signing_key_check(app_configs=None)
    assert warning.id == "headlines.W001"
    assert "HEADLINES_SIGNING_KEY" in warning.msg


def test_the_portal_does_not_warn_when_a_signing_key_is_set(settings):
    settings.DEBUG = False
    assert signing_key_check(app_configs=None) == []


# make_signing_key: the development (or trial) key and self-signed certificate


def test_make_signing_key_writes_a_key_only_its_owner_can_read_and_a_certificate_that_verifies(
    settings, tmp_path, held_meeting, secretariat
):
    key, cert = tmp_path / "signing" / "key.pem", tmp_path / "signing" / "cert.pem"
    settings.HEADLINES_SIGNING_KEY, settings.HEADLINES_SIGNING_CERT = str(key), str(cert)
    call_command("make_signing_key", stdout=io.StringIO())
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    version = services.headlines_publish_now(meeting=held_meeting, by=secretariat)
    _signature, status = _signature_status(_pdf(version), cert.read_bytes())
    assert status.bottom_line


def test_make_signing_key_leaves_an_existing_key_and_certificate_alone(
    settings, headlines_signing_key
):
    key, cert = headlines_signing_key
    before = key.read_bytes(), cert.read_bytes()
    out = io.StringIO()
    call_command("make_signing_key", stdout=out)
    assert (key.read_bytes(), cert.read_bytes()) == before
    assert "already" in out.getvalue()


def test_make_signing_key_encrypts_the_key_with_the_configured_passphrase(settings, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    settings.HEADLINES_SIGNING_KEY, settings.HEADLINES_SIGNING_CERT = str(key), str(cert)
    settings.HEADLINES_SIGNING_KEY_PASSPHRASE = "correct horse battery staple"
    call_command("make_signing_key", stdout=io.StringIO())
    with pytest.raises(TypeError):
        serialization.load_pem_private_key(key.read_bytes(), password=None)
    serialization.load_pem_private_key(key.read_bytes(), password=b"correct horse battery staple")


def test_make_signing_key_without_a_configured_path_says_what_to_set(settings):

    settings.HEADLINES_SIGNING_KEY = ""
    with pytest.raises(CommandError, match="HEADLINES_SIGNING_KEY"):
        call_command("make_signing_key", stdout=io.StringIO())


def test_publish_headlines_without_a_signing_key_fails_saying_why(
    broken, held_meeting, secretariat
):

    broken("not configured")
    with pytest.raises(CommandError, match="could not be signed"):
        call_command("publish_headlines", held_meeting.reference, stdout=io.StringIO())
    assert not HeadlinesVersion.objects.exists()
    assert not HeadlinesRequest.objects.exists()


def test_an_rsa_key_signs_as_well(settings, tmp_path, held_meeting, secretariat):
    """`make_signing_key` makes ECDSA keys; a certificate bought for the portal is often RSA."""

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "SSC Portal (RSA)")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            # "BEGIN RSA PRIVATE KEY", as older openssl writes it
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    (tmp_path / "cert.pem").write_bytes(cert_pem)
    settings.HEADLINES_SIGNING_KEY = str(tmp_path / "key.pem")
    settings.HEADLINES_SIGNING_CERT = str(tmp_path / "cert.pem")

    version = services.headlines_publish_now(meeting=held_meeting, by=secretariat)
    _signature, status = _signature_status(_pdf(version), cert_pem)
    assert status.bottom_line


def test_check_deploy_fails_at_warning_level_under_production_settings_without_a_signing_key(
    tmp_path,
):

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"} and not key.startswith("HEADLINES_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sscportal.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="ssc.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "headlines.W001" in result.stdout + result.stderr
