from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.security.labels.services import register_labelled
        from gongkai.workdays.signals import schedule_changed

        from .models import Application

        register_labelled("application", "依申请公开申请", Application)  # 安全标记 console

        schedule_changed.connect(_recompute, dispatch_uid="applications.recompute_due_dates")


def _recompute(sender, **kwargs):
    """A holiday schedule changed: recompute every open due date and tell the handlers what moved."""
    from .handling.reminders import notify_due_changes
    from .handling.services import recompute_due_dates

    notify_due_changes(recompute_due_dates())
