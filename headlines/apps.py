from django.apps import AppConfig


class HeadlinesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "headlines"
