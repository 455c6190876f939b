from django.apps import AppConfig


class InterestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interests"
    verbose_name = "Declarations of interest"
