from django.apps import AppConfig


class WatchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.watch"
    verbose_name = "网站守护"
