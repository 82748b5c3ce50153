from django.apps import AppConfig


class OpsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.ops"
    verbose_name = "运维"

    def ready(self):
        from . import queue_hooks

        queue_hooks.install()
