from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "gongkai.monitoring"
    label = "monitoring"
    verbose_name = "安全监测"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from gongkai.units import audit
        from gongkai.units.models import ACTION_LABELS

        from . import failures, tasks  # noqa: F401  tasks: the nightly chain check, log shipping, summaries

        audit.use_failure_recorder(failures.record_failure)  # the base app's refusals count too

        for code, label in MONITORING_ACTION_LABELS.items():
            ACTION_LABELS.setdefault(code, label)


MONITORING_ACTION_LABELS = {
    "security.denied": "访问被拒绝", "security.csrf_failed": "CSRF 校验失败",
    "security.alert": "安全告警", "security.integrity_mismatch": "完整性校验不符",
    "audit.failures_suppressed": "同类失败事件合并记录", "audit.note": "添加审计跟进说明",
    "siem.ship_failed": "操作日志外送失败", "siem.ship_resumed": "操作日志外送恢复",
    "item.attachment.refused": "上传附件被拒绝",
}
