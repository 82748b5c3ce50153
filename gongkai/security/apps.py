from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "gongkai.security"
    label = "security"
    verbose_name = "安全管理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
        from . import checks  # noqa: F401  roles: the no-superuser system check
        from . import tasks  # noqa: F401  the hourly 可信验证
        from .system import tasks as system_tasks  # noqa: F401  roles: the daily account-expiry job
        from .roles.services import ACTION_LABELS as ROLE_ACTION_LABELS
        from gongkai.units.models import ACTION_LABELS

        ACTION_LABELS.update(ROLE_ACTION_LABELS)
        from .labels.services import ACTION_LABELS as LABEL_ACTION_LABELS

        ACTION_LABELS.update(LABEL_ACTION_LABELS)
        from .upload_scan import ACTION_LABELS as SCAN_ACTION_LABELS

        ACTION_LABELS.update(SCAN_ACTION_LABELS)
