from django.apps import AppConfig


class WatchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.watch"
    verbose_name = "网站守护"

    def ready(self):
        from gongkai.ops import metrics

        from . import scrape

        metrics.add_scrape_source(scrape.families)  # last success per site, open findings (/metrics)
