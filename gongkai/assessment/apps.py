from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "gongkai.assessment"
    verbose_name = "考核"
    default_auto_field = "django.db.models.BigAutoField"
