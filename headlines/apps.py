from django.apps import AppConfig
from django.conf import settings
from django.core import checks


def signing_key_check(app_configs, **kwargs):
    """Warn, without stopping the portal, when no signing key is configured.

    The portal serves everything else without one; only publishing waits for it, and each
    render that cannot sign fails with its reason for the secretariat to see. Whether the
    files can be read is the workers' business: in production the web servers, which run
    this check, are not given the key at all (README.md, "Signed Headlines").
    """
    if settings.DEBUG:
        return []  # `make run` makes the development key
    unset = [
        name
        for name in ("HEADLINES_SIGNING_KEY", "HEADLINES_SIGNING_CERT")
        if not getattr(settings, name)
    ]
    if not unset:
        return []
    return [
        checks.Warning(
            f"{' and '.join(unset)} not set: Headlines cannot be published, "
            "since they are never published unsigned.",
            hint="Set both to PEM files: the portal's signing key and its certificate "
            "(README.md, “Signed Headlines”).",
            id="headlines.W001",
        )
    ]


class HeadlinesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "headlines"

    def ready(self):
        checks.register(signing_key_check)
