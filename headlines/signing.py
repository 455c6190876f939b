"""The portal's PAdES signature on published Headlines PDFs (pyHanko).

The key and certificate are PEM files named by the settings (HEADLINES_SIGNING_KEY,
HEADLINES_SIGNING_CERT, HEADLINES_SIGNING_KEY_PASSPHRASE). They are read for each render, so a
renewed certificate is used from the next render on, without restarting the workers. A key
that is missing, unreadable, locked by another passphrase, or that does not match an
unexpired certificate raises `SigningUnavailable`: the render stops before anything is
published, and the secretariat sees the reason.
"""

import datetime
import io
import os
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

SIGNATURE_REASON = "Headlines approved by the chair of the meeting, published by the portal"


class SigningUnavailable(Exception):
    """The portal cannot sign: its key or certificate is not configured, unreadable or wrong."""


def _unavailable(reason: str) -> SigningUnavailable:
    return SigningUnavailable(f"Not published: the PDF could not be signed: {reason}")


def _configured(name: str) -> Path:
    value = getattr(settings, name, "")
    if not value:
        raise _unavailable(
            f"{name} is not set. Set HEADLINES_SIGNING_KEY and HEADLINES_SIGNING_CERT to the "
            "portal's signing key and certificate (PEM files), then retry the render."
        )
    return Path(value)


def _read(name: str, what: str) -> bytes:
    path = _configured(name)
    try:
        return path.read_bytes()
    except OSError as error:
        raise _unavailable(
            f"the {what} {path} ({name}) cannot be read: {error.strerror or error}."
        ) from error


def signing_certificate() -> x509.Certificate:
    """The configured certificate, as published at /headlines/signing-certificate.pem."""
    pem = _read("HEADLINES_SIGNING_CERT", "certificate")
    try:
        return x509.load_pem_x509_certificate(pem)
    except ValueError as error:
        raise _unavailable(
            f"{settings.HEADLINES_SIGNING_CERT} (HEADLINES_SIGNING_CERT) is not a PEM certificate."
        ) from error


def certificate_fingerprint(cert: x509.Certificate) -> str:
    """The SHA-256 fingerprint of `cert`, in hex: what `pyhanko sign validate` prints."""
    return cert.fingerprint(hashes.SHA256()).hex()


def _private_key():
    pem = _read("HEADLINES_SIGNING_KEY", "signing key")
    passphrase = settings.HEADLINES_SIGNING_KEY_PASSPHRASE.encode() or None
    try:
        return serialization.load_pem_private_key(pem, password=passphrase)
    except TypeError as error:  # encrypted without a passphrase, or a passphrase for a clear key
        raise _unavailable(
            f"the signing key {settings.HEADLINES_SIGNING_KEY} and "
            f"HEADLINES_SIGNING_KEY_PASSPHRASE do not go together ({error})."
        ) from error
    except ValueError as error:  # not a PEM key, or the wrong passphrase
        raise _unavailable(
            f"the signing key {settings.HEADLINES_SIGNING_KEY} cannot be opened: it is not a "
            "PEM private key, or HEADLINES_SIGNING_KEY_PASSPHRASE is not its passphrase."
        ) from error


def _public_der(public_key) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def portal_signer() -> signers.SimpleSigner:
    """The portal's signer, checked: the key opens, and the certificate is its own and current.

    A certificate of another key or out of its validity would give a signature that no
    verifier accepts, so it is refused here rather than published.
    """
    key = _private_key()
    cert = signing_certificate()
    if _public_der(key.public_key()) != _public_der(cert.public_key()):
        raise _unavailable(
            f"{settings.HEADLINES_SIGNING_CERT} (HEADLINES_SIGNING_CERT) is not the "
            f"certificate of the signing key {settings.HEADLINES_SIGNING_KEY}."
        )
    now = datetime.datetime.now(datetime.UTC)
    if now > cert.not_valid_after_utc:
        raise _unavailable(
            f"the signing certificate expired on {cert.not_valid_after_utc:%Y-%m-%d %H:%M} UTC."
        )
    if now < cert.not_valid_before_utc:
        raise _unavailable(
            f"the signing certificate is valid only from "
            f"{cert.not_valid_before_utc:%Y-%m-%d %H:%M} UTC."
        )
    signing_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    return signers.SimpleSigner(
        signing_cert=signing_cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs([signing_cert]),
    )


def sign_pdf(pdf: bytes, *, signer: signers.SimpleSigner) -> bytes:
    """`pdf` with an invisible PAdES (B-B) signature appended as an incremental update.

    The rendered bytes are kept as they are, in front: the signature only adds a revision.
    The signature carries the time of signing, as the signer's own claim (no timestamp
    authority is consulted).
    """
    metadata = signers.PdfSignatureMetadata(
        field_name="HeadlinesSignature",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=SIGNATURE_REASON,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    return signers.PdfSigner(metadata, signer=signer).sign_pdf(writer).getvalue()


def make_signing_key(
    *, key_path: Path, cert_path: Path, common_name: str, days: int = 1825, passphrase: str = ""
) -> str:
    """Write a new key and a self-signed certificate for it; the certificate's fingerprint.

    For development and trials: a production portal's certificate is better issued by a
    certification authority that readers already trust. The key file is readable by its
    owner only, and encrypted when `passphrase` is given. The key is ECDSA on P-256, which
    PDF readers verify, and which is quick to open and use: an RSA key is checked whole each
    time it is loaded, and pyHanko loads it twice for every signature.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        # A little in the past: a clock a few minutes behind still accepts the certificate.
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    key_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    # Created readable by its owner only, never world-readable for a moment.
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as key_file:
        key_file.write(key_pem)
    os.chmod(key_path, 0o600)  # an existing file keeps its mode through O_TRUNC
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return certificate_fingerprint(cert)
