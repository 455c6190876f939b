"""Settings for SSC Portal, read from the environment (see the table in README.md)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


_YES = {"1", "true", "yes", "on"}
_NO = {"0", "false", "no", "off"}


def envbool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable: true, yes, on or 1; false, no, off or 0, in any
    case. Unset or empty, it is `default`.

    Anything else is refused rather than read as no: a typo must not turn the HTTPS redirect
    or the second factor off.
    """
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: "
        "use true, false, yes, no, on, off, 1 or 0."
    )


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envfloat(name: str, default: float) -> float:
    """Read a number from the environment; anything else stops the portal, naming `name`."""
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number.") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "sscportal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "classification",
    "committees",
    "meetings",
    "notifications",
    "assessments",
    "interests",
    "headlines",
    "members",
    "audit",
    "accounts",
    "packs",
    "reviews",
    "questions",
    "demo",
    "reader",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "sscportal.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session, CSRF and authentication middleware, so that it sees the Vary they
    # add; inside WhiteNoise, so that static files keep their caching headers.
    "sscportal.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sscportal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.second_factor_next_step",
                "accounts.context_processors.secretariat_navigation",
                "members.context_processors.my_work",
                "headlines.context_processors.headlines_work",
                "questions.context_processors.questions_work",
            ],
        },
    },
]

WSGI_APPLICATION = "sscportal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the visibility filter's plans for longer than they run
    # (docs/PERFORMANCE.md): 154 ms → 41 ms for a member's item count at large scale.
    # Reading a row at random costs about what reading the next one does on SSDs, or with
    # the data in memory; at PostgreSQL's default (4, for spinning disks) the planner read
    # every agenda item rather than the coming meetings' through their index (50 → 18 ms
    # for a member's My work count at large scale, docs/PERFORMANCE.md).
    random_page_cost = envfloat("DB_RANDOM_PAGE_COST", 1.1)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c jit=off -c random_page_cost={random_page_cost}"
    )
    if envbool("DB_PREPARED_STATEMENTS", True):
        # Parameters bound on the server, so that psycopg prepares a statement a connection
        # has run DB_PREPARE_THRESHOLD times: PostgreSQL then plans it once per connection
        # (the navigation's counts alone took milliseconds to plan on every page). Behind
        # PgBouncer in transaction mode this needs PgBouncer 1.21 or later with
        # max_prepared_statements set (docs/PERFORMANCE.md).
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = envint("DB_PREPARE_THRESHOLD", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "classification.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "meetings:home"
LOGOUT_REDIRECT_URL = "meetings:home"

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures for one account from
# one address, that pair is locked out for the cool-off; a successful sign-in resets it.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Two-factor authentication (TOTP, django-otp): the secretariat's powers and every meeting's
# RED business need a session verified with a second factor.
OTP_REQUIRED = envbool("OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "SSC Portal")

# Guardian: anonymous users never hold object permissions in this portal.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded papers and rendered PDFs live here, outside static/, and are only ever served
# through views that check visibility: MEDIA_URL is deliberately not routed.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
PAPER_MAX_BYTES = envint("PAPER_MAX_BYTES", 50 * 1024 * 1024)

# Published Headlines PDFs carry a PAdES signature made with this key and certificate (PEM
# files; the key may be encrypted with the passphrase). With DEBUG they default to the
# development pair that `make run` makes in .dev/signing/ (`manage.py make_signing_key`).
# Without DEBUG there is no default: the portal starts, warns (headlines.W001), and every
# render fails, saying why, until they are set. Nothing is ever published unsigned.
_DEV_SIGNING = BASE_DIR / ".dev" / "signing"
HEADLINES_SIGNING_KEY = os.environ.get(
    "HEADLINES_SIGNING_KEY", str(_DEV_SIGNING / "key.pem") if DEBUG else ""
)
HEADLINES_SIGNING_CERT = os.environ.get(
    "HEADLINES_SIGNING_CERT", str(_DEV_SIGNING / "cert.pem") if DEBUG else ""
)
HEADLINES_SIGNING_KEY_PASSPHRASE = os.environ.get("HEADLINES_SIGNING_KEY_PASSPHRASE", "")

# Caches live in each process's memory, never in Redis: the meeting pages' cache holds
# classified agendas, which must not leave the process that checked who may see them.
# "default" holds public, immutable lookups (published Headlines); "meeting_pages" each
# user's rendered agenda of a meeting, keyed by the meeting's revision (meetings/views/calendar.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "meeting_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "meeting-pages",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": envint("MEETING_PAGE_CACHE_ENTRIES", 500)},
    },
}

# Celery: without REDIS_URL, tasks run in-process as soon as they are sent.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Nothing reads a task's result (its outcome is written to the database), so none is kept:
# with a result backend, sending a task also subscribes to its result, and a Redis that is
# down then fails the send with a RuntimeError instead of a broker connection error.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A publish to a broker that is down fails within a few seconds; the request is kept in the
# database and sent again by the sweep below.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5}
# The beat schedule's hours are the committee's (Europe/London), clock changes included.
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "headlines-render-sweep": {
        "task": "headlines.tasks.headlines_render_sweep_task",
        "schedule": 60.0,
    },
    "notifications-sweep": {
        "task": "notifications.tasks.notifications_sweep_task",
        "schedule": 60.0,
    },
    # Reminders first, so that the morning's digest gathers them.
    "meeting-and-action-reminders": {
        "task": "meetings.tasks.reminders_task",
        "schedule": crontab(hour=6, minute=30),
    },
    "notifications-daily-digest": {
        "task": "notifications.tasks.notifications_digest_task",
        "schedule": crontab(hour=7, minute=0),
    },
    "pack-build-sweep": {"task": "packs.tasks.pack_build_sweep_task", "schedule": 60.0},
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ssc-portal@localhost")
# Seconds a mail server may take to answer: one that hangs fails the try (tried again later)
# instead of holding a worker for ever.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_SECURE = not DEBUG and envbool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# The container's healthcheck asks by plain http from inside (sscportal.views.health).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
if envbool("BEHIND_TLS_PROXY", False):
    # Only when the proxy always sets this header itself (never passes the client's on).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: scripts and styles from the portal's own static files only; no
# inline script, no eval (htmx runs with allowEval off), no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
