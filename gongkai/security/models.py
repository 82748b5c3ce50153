"""Security records of 身份鉴别 (GB/T 22239-2019 8.1.4.1): the policy, password history, account holds."""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gongkai.crypto.fields import EncryptedTextField


def _bounded(low: int, high: int):
    return [MinValueValidator(low), MaxValueValidator(high)]


class SecurityPolicy(models.Model):
    """安全策略: the parameters of 身份鉴别, edited only by 安全管理员 (one row).

    The defaults meet 第三级 as the spec reads it (security.md §3.1): 8 characters of 3
    classes (12 of 4 for the 三员), 5 remembered passwords, 90 days, lock after 5 failures
    for 30 minutes, 30 idle minutes (15 for the 三员), 8 hours at most per log-in.
    """

    min_length = models.PositiveSmallIntegerField("口令最小长度", default=8, validators=_bounded(8, 64))
    admin_min_length = models.PositiveSmallIntegerField("三员口令最小长度", default=12, validators=_bounded(8, 64))
    min_classes = models.PositiveSmallIntegerField(
        "口令至少包含的字符类别数", default=3, validators=_bounded(3, 4),
        help_text="大写字母、小写字母、数字、符号四类中至少几类")
    admin_min_classes = models.PositiveSmallIntegerField("三员口令至少包含的字符类别数", default=4,
                                                         validators=_bounded(3, 4))
    history_count = models.PositiveSmallIntegerField("不得与最近几次口令相同", default=5, validators=_bounded(1, 24))
    max_age_days = models.PositiveSmallIntegerField("口令有效期（天）", default=90, validators=_bounded(1, 180))
    lockout_failures = models.PositiveSmallIntegerField("连续登录失败几次锁定", default=5, validators=_bounded(3, 10))
    lockout_minutes = models.PositiveSmallIntegerField("锁定时长（分钟）", default=30, validators=_bounded(10, 1440),
                                                       help_text="三员账户锁定后须由安全管理员解锁")
    idle_minutes = models.PositiveSmallIntegerField("无操作自动退出（分钟）", default=30, validators=_bounded(5, 30))
    admin_idle_minutes = models.PositiveSmallIntegerField("三员无操作自动退出（分钟）", default=15,
                                                          validators=_bounded(5, 30))
    session_hours = models.PositiveSmallIntegerField("单次登录最长时间（小时）", default=8, validators=_bounded(1, 12))
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    mac = models.CharField("完整性校验值（HMAC-SM3）", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "安全策略"

    def __str__(self):
        return "身份鉴别安全策略"

    def save(self, *args, **kwargs):
        from . import policy_mac

        if self.pk is None:
            self.pk = 1
        self.mac = policy_mac.compute(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "mac"}
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> SecurityPolicy:
        """The policy in force; a row whose HMAC fails is not applied (safe defaults instead, alerted)."""
        from . import policy_mac

        policy, _ = cls.objects.get_or_create(pk=1)
        if policy_mac.valid(policy):
            return policy
        policy_mac.report_tampered(policy)
        return cls(pk=policy.pk)


class PasswordHistory(models.Model):
    """A password hash a user once had: the last ``history_count`` may not be chosen again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("口令散列", max_length=128)
    changed_at = models.DateTimeField("修改时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "历史口令"
        ordering = ["-changed_at", "-id"]


class AccountHold(models.Model):
    """A 三员 account locked after repeated failures: it stays locked until 安全管理员 releases it."""

    username = models.CharField("用户名", max_length=150, unique=True)
    locked_at = models.DateTimeField("锁定时间", auto_now_add=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "待解锁的三员账户"
        ordering = ["-locked_at"]

    def __str__(self):
        return self.username


class SealedOTPKey(models.Model):
    """The secret of a TOTP device, SM4-GCM encrypted (数据保密性 8.1.4.8 b, security.md §3.8).

    django-otp's own column ``otp_totp_totpdevice.key`` holds only the marker ``sealed``; the
    device gets its key back when loaded (gongkai/security/otp_sealing.py)."""

    device = models.OneToOneField("otp_totp.TOTPDevice", on_delete=models.CASCADE, primary_key=True,
                                  related_name="sealed_key", verbose_name="动态口令设备")
    key = EncryptedTextField("密钥（加密）", plain_max_length=80)

    class Meta:
        verbose_name = verbose_name_plural = "动态口令密钥（加密）"


class RetiredUsername(models.Model):
    """A username once held by an account that was deleted or renamed: never given out again
    (身份标识唯一 8.1.4.1 a, security.md §3.1). Kept in lower case."""

    username = models.CharField("用户名", max_length=150, unique=True)
    retired_at = models.DateTimeField("停用时间", auto_now_add=True)
    reason = models.CharField("原因", max_length=20, choices=[("deleted", "账户已删除"), ("renamed", "账户已改名")])

    class Meta:
        verbose_name = verbose_name_plural = "不可再用的用户名"
        ordering = ["username"]

    def __str__(self):
        return self.username


class FullExportRequest(models.Model):
    """A request for a bulk export of applicants' personal data in full (个人信息保护 8.1.4.11 b):
    approved by a reviewer of the unit who is not the requester, then downloadable once, within
    a limited time, by the requester (rules: gongkai/domain/export_approval.py)."""

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT,
                                  related_name="+")
    unit = models.ForeignKey("units.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("用途", max_length=200)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    downloaded_at = models.DateTimeField("下载时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "完整个人信息导出申请"
        ordering = ["-created_at", "-id"]
