from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = "主动公开目录"

    def ready(self):
        from gongkai.workdays.signals import schedule_changed

        schedule_changed.connect(_recompute, dispatch_uid="catalog.recompute_due_dates")


def _recompute(sender, **kwargs):
    from .services import recompute_due_dates

    recompute_due_dates()
