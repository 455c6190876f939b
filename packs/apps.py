from django.apps import AppConfig


class PacksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "packs"

    def ready(self):
        from . import signals  # noqa: F401
