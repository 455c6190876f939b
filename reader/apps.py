from django.apps import AppConfig


class ReaderConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reader"
    verbose_name = "Paper reader and private notes"

    def ready(self):
        from . import signals  # noqa: F401
