from django.apps import AppConfig


class SitereportsConfig(AppConfig):
    name = "gongkai.sitereports"
    verbose_name = "政府网站工作年度报表"
