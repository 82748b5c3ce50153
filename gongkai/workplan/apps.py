from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "gongkai.workplan"
    verbose_name = "政务公开工作要点"
