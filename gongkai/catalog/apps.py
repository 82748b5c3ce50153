from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = "主动公开目录"

    def ready(self):
        from gongkai.security.labels.services import register_labelled
        from gongkai.workdays.signals import schedule_changed

        from .models import Item

        register_labelled("item", "主动公开信息", Item)  # 安全标记 console

        schedule_changed.connect(_recompute, dispatch_uid="catalog.recompute_due_dates")


def _recompute(sender, **kwargs):
    from .services import recompute_due_dates

    recompute_due_dates()
