from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "gongkai.consult"
    label = "consult"
    verbose_name = "政务咨询"

    def ready(self):
        from gongkai.workdays.signals import schedule_changed

        schedule_changed.connect(_recompute, dispatch_uid="consult.recompute_due_dates")


def _recompute(sender, **kwargs):
    """A holiday schedule changed: the promise dates of open messages follow it."""
    from .services import recompute_due_dates

    recompute_due_dates()
