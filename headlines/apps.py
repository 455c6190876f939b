from django.apps import AppConfig
from django.conf import settings
from django.core import checks


def signing_key_check(app_configs, **kwargs):
    """Warn, without stopping the portal, when published Headlines could not be signed.

    The portal serves everything else without its signing key; only publishing waits for it,
    and each render that cannot sign fails with the same reason for the secretariat to see.
    With DEBUG, `make run` makes the development key, so there is nothing to warn about.
    """
    if settings.DEBUG:
        return []
    from .signing import SigningUnavailable, portal_signer

    try:
        portal_signer()
    except SigningUnavailable as error:
        return [
            checks.Warning(
                str(error),
                hint="Headlines cannot be published until the signing key is usable "
                "(README.md, “Signed Headlines”).",
                id="headlines.W001",
            )
        ]
    return []


class HeadlinesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "headlines"

    def ready(self):
        checks.register(signing_key_check)
