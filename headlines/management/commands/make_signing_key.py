from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from headlines.signing import make_signing_key


class Command(BaseCommand):
    help = (
        "Make the portal's Headlines signing key and a self-signed certificate, where "
        "HEADLINES_SIGNING_KEY and HEADLINES_SIGNING_CERT say (for development and trials). "
        "An existing pair is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--common-name",
            default="SSC Portal Headlines",
            help="the certificate's subject, shown by PDF readers as the signer",
        )
        parser.add_argument("--days", type=int, default=1825, help="how long it is valid")
        parser.add_argument(
            "--force", action="store_true", help="replace an existing key and certificate"
        )

    def handle(self, *args, common_name, days, force, **options):
        if not settings.HEADLINES_SIGNING_KEY or not settings.HEADLINES_SIGNING_CERT:
            raise CommandError(
                "Set HEADLINES_SIGNING_KEY and HEADLINES_SIGNING_CERT to where the key and "
                "certificate are to be written."
            )
        key = Path(settings.HEADLINES_SIGNING_KEY)
        cert = Path(settings.HEADLINES_SIGNING_CERT)
        if not force and (key.exists() or cert.exists()):
            if not (key.exists() and cert.exists()):
                raise CommandError(
                    f"Only one of {key} and {cert} exists: --force replaces both with a new pair."
                )
            self.stdout.write(f"The signing key {key} and certificate {cert} already exist.")
            return
        fingerprint = make_signing_key(
            key_path=key,
            cert_path=cert,
            common_name=common_name,
            days=days,
            passphrase=settings.HEADLINES_SIGNING_KEY_PASSPHRASE,
        )
        self.stdout.write(
            f"Wrote the signing key {key} and its self-signed certificate {cert} "
            f"(SHA-256 fingerprint {fingerprint})."
        )
