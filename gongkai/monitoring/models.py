"""Records of 安全监测: failure counters, alerts, follow-up notes, the shipping cursor."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class FailureCounter(models.Model):
    """How many failure events of one kind a minute has seen (gongkai/domain/failure_events.py):
    identical, per source, per action, per burst rule. Kept a day, then pruned (not audit data:
    the events themselves, or their summary rows, are in the audit log)."""

    window = models.DateTimeField("时间窗口（分钟）")
    key = models.CharField("计数键", max_length=255)
    count = models.PositiveIntegerField("次数", default=0)
    suppressed = models.PositiveIntegerField("合并未单独记录的次数", default=0)
    samples = models.JSONField("示例", default=list, blank=True)
    summarised_at = models.DateTimeField("已写合并记录", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "失败事件计数"
        constraints = [models.UniqueConstraint(fields=["window", "key"], name="monitoring_counter_window_key")]
        indexes = [models.Index(fields=["summarised_at", "window"], name="monitoring_counter_open")]


class Severity(models.TextChoices):
    CRITICAL = "critical", "严重"
    HIGH = "high", "高"
    MEDIUM = "medium", "中"


class Alert(models.Model):
    """A security alert (gongkai/domain/security_alerts.py): stored, shown in the security and
    audit consoles, mailed to 安全管理员 and 审计管理员, written to the audit log (and so shipped
    to the collector). A repeat within the quiet period adds to ``repeats`` instead of mailing."""

    kind = models.CharField("类型", max_length=30, db_index=True)
    key = models.CharField("告警对象", max_length=255)
    severity = models.CharField("级别", max_length=10, choices=Severity.choices, default=Severity.HIGH)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    raised_at = models.DateTimeField("告警时间", default=timezone.now, db_index=True)
    last_seen_at = models.DateTimeField("最近一次", default=timezone.now)
    repeats = models.PositiveIntegerField("期间重复次数", default=0)
    mailed = models.PositiveSmallIntegerField("已发邮件数", default=0)
    audit_entry_id = models.BigIntegerField("操作日志记录", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "安全告警"
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["kind", "key", "raised_at"], name="monitoring_alert_dedupe")]

    def __str__(self):
        return self.title

    @property
    def kind_label(self) -> str:
        from gongkai.domain.security_alerts import KIND_LABELS

        return KIND_LABELS.get(self.kind, self.kind)


class AuditNote(models.Model):
    """审计管理员's follow-up note on an audit event (8.1.5.2 b): stored beside the event, never
    editing it. Append-only like the log itself (ORM and database triggers refuse changes), and
    each note's text is also in its ``audit.note`` event, so the chain protects it."""

    entry = models.ForeignKey("units.AuditEntry", verbose_name="操作日志记录", on_delete=models.DO_NOTHING,
                              related_name="notes", db_constraint=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审计管理员", null=True,
                               on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    author_name = models.CharField("审计管理员姓名", max_length=150)
    at = models.DateTimeField("时间", default=timezone.now)
    text = models.TextField("跟进说明")

    class Meta:
        verbose_name = verbose_name_plural = "审计跟进说明"
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计跟进说明只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计跟进说明只能追加，不能删除")


class ShipState(models.Model):
    """Where shipping to the log collector stands (one row): the last event id the collector has,
    the last success and the current failure, shown in the system console."""

    last_id = models.BigIntegerField("已送出的最后一条记录", default=0)
    shipped_total = models.PositiveBigIntegerField("累计送出", default=0)
    last_success_at = models.DateTimeField("最近成功", null=True, blank=True)
    failing_since = models.DateTimeField("失败开始于", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    last_error_at = models.DateTimeField("最近错误时间", null=True, blank=True)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    lease_until = models.DateTimeField("发送中（租约到期）", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "日志外送状态"

    @classmethod
    def current(cls) -> ShipState:
        state, _ = cls.objects.get_or_create(pk=1)
        return state
