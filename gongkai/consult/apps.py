from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "gongkai.consult"
    label = "consult"
    verbose_name = "政务咨询"
