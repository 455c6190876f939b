"""What the generator and the runner share: the bench database, its media and Django's setup.

The bench never touches the development database or media: it has its own PostgreSQL
database (created and dropped by the generator) and its own media folder under bench/.
"""

import os
import sys
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
MEDIA_ROOT = BENCH_DIR / "media"
# The bench publishes Headlines, which are signed: with a key of its own, made on first use.
SIGNING_KEY = BENCH_DIR / "signing" / "key.pem"
SIGNING_CERT = BENCH_DIR / "signing" / "cert.pem"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sscportal_bench"
# Signs the bench's sessions; the gunicorn under test is started with the same key.
SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789"

# The fixed accounts and meeting the measurements use (the rest is random, seeded).
MEMBER = "bench-member"
SECRETARIAT = "bench-secretariat"
BIG_MEETING_COMMITTEE = "SSC"
BIG_MEETING_ITEMS = 200


def database_url(cli_value: str | None = None) -> str:
    return cli_value or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL


def database_name(url: str) -> str:
    return conninfo_to_dict(url)["dbname"]


def maintenance_connection(url: str) -> psycopg.Connection:
    """A connection to the server's `postgres` database, to create or drop the bench one."""
    return psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True)


def database_exists(url: str) -> bool:
    with maintenance_connection(url) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]
        ).fetchone()
    return found is not None


def recreate_database(url: str) -> None:
    name = sql.Identifier(database_name(url))
    with maintenance_connection(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def bench_environment(url: str, static_root: str | None = None) -> dict[str, str]:
    """The environment the portal runs with against the bench database (DEBUG off)."""
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "DEBUG": "0",
        "MEDIA_ROOT": str(MEDIA_ROOT),
        "HEADLINES_SIGNING_KEY": str(SIGNING_KEY),
        "HEADLINES_SIGNING_CERT": str(SIGNING_CERT),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Plain HTTP on 127.0.0.1: no Secure cookies, no redirect to https (as a TLS proxy
        # would have done it before the request reached gunicorn).
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "sscportal.settings",
    }
    if static_root:
        env["STATIC_ROOT"] = static_root
    return env


def setup_django(url: str, static_root: str | None = None) -> None:
    """Configure Django for the bench database, in this process."""
    os.environ.update(bench_environment(url, static_root))
    # No broker in the bench: the Headlines render runs in-process.
    os.environ.pop("REDIS_URL", None)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if not SIGNING_KEY.exists():
        from headlines.signing import make_signing_key

        make_signing_key(key_path=SIGNING_KEY, cert_path=SIGNING_CERT, common_name="SSC bench")


def session_for(user) -> "SessionBase":  # noqa: F821 - Django is set up by then
    """A signed-in session for `user`, verified by a second factor where the portal has one.

    The portal asks RED business to come with a session verified by django-otp; the bench
    member is measured as a member who did so (a confirmed TOTP device, as in production).
    """
    from django.apps import apps
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session
