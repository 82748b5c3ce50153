from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "gongkai.duties"
    verbose_name = "工作职责、值守日志和培训"
