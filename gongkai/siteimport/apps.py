from django.apps import AppConfig


class SiteImportConfig(AppConfig):
    name = "gongkai.siteimport"
    verbose_name = "站点导入"

    def ready(self):
        from gongkai.watch import baselines

        from .services import approved_texts

        if approved_texts not in baselines.APPROVED_TEXT_SOURCES:
            baselines.APPROVED_TEXT_SOURCES.append(approved_texts)  # imported pages: the tamper baseline
