from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.workdays.signals import schedule_changed

        schedule_changed.connect(_recompute, dispatch_uid="applications.recompute_due_dates")


def _recompute(sender, **kwargs):
    from .services import recompute_due_dates

    recompute_due_dates()
