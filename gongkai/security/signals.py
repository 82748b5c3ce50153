"""Wires the 身份鉴别 receivers (called from SecurityConfig.ready)."""
from __future__ import annotations


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_login_failed
    from django.db.models.signals import pre_save

    from gongkai.units.models import ACTION_LABELS, User

    from . import accounts, checks, lockout, middleware  # noqa: F401 - checks registers itself

    user_login_failed.connect(lockout.on_login_failed, dispatch_uid="gongkai.security.login_failed")
    user_locked_out.connect(lockout.on_locked_out, dispatch_uid="gongkai.security.locked_out")
    user_logged_in.connect(middleware.mark_login, dispatch_uid="gongkai.security.mark_login")
    pre_save.connect(accounts.guard_username, sender=User, dispatch_uid="gongkai.security.username")
    from django.db.models.signals import post_delete

    post_delete.connect(accounts.on_user_deleted, sender=User, dispatch_uid="gongkai.security.username_retired")
    accounts.install_field_validator()
    ACTION_LABELS.update(AUTH_ACTION_LABELS)
    _otp_admin_site()
    from . import otp_sealing

    otp_sealing.connect()  # ident: TOTP keys encrypted, backup codes hashed


def _otp_admin_site() -> None:
    """The admin site asks for the second factor too (django-otp's documented switch)."""
    from django.contrib import admin
    from django_otp.admin import OTPAdminSite

    admin.site.__class__ = OTPAdminSite


AUTH_ACTION_LABELS = {
    "auth.login": "口令验证通过（登录第一步）", "auth.login_failed": "登录失败", "auth.lockout": "登录失败次数过多，锁定", "auth.unlock": "解锁账户",
    "auth.session_expired": "会话超时退出", "auth.password_change": "修改口令",
    "auth.otp_enrolled": "绑定动态口令", "auth.otp_verified": "动态口令验证通过", "auth.otp_failed": "动态口令验证失败",
    "auth.otp_backup_codes": "重新生成备用验证码", "auth.otp_reset": "重置动态口令", "security.policy": "修改安全策略",
    "pii.export_requested": "申请导出完整个人信息", "pii.export_approved": "批准导出完整个人信息",
    "pii.export_downloaded": "下载完整个人信息导出", "pii.export_refused": "拒绝完整个人信息导出操作",
}
