from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "公开专栏"

    def ready(self):
        from . import pagecache

        pagecache.connect()
