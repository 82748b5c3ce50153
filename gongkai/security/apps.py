from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "gongkai.security"
    label = "security"
    verbose_name = "安全管理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
