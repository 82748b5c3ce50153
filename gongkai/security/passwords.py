"""口令复杂度、历史与有效期 (GB/T 22239-2019 8.1.4.1 a): validators that read the SecurityPolicy.

Django calls ``validate`` on every password set through a form, and ``password_changed``
after every save of a new password: that is where the history and ``password_changed_at``
are kept, so no code path that sets a password can skip them.
"""
from __future__ import annotations

import datetime as dt
import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.units.models import ADMINISTRATOR_ROLES

CLASSES = (
    ("大写字母", set(string.ascii_uppercase)),
    ("小写字母", set(string.ascii_lowercase)),
    ("数字", set(string.digits)),
)


def _policy():
    from .models import SecurityPolicy

    return SecurityPolicy.current()


def is_administrator(user) -> bool:
    """One of the 三员 (系统管理员、安全管理员、审计管理员)."""
    return getattr(user, "role", None) in ADMINISTRATOR_ROLES


def char_classes(password: str) -> int:
    found = sum(1 for _, chars in CLASSES if any(c in chars for c in password))
    symbols = any(not c.isalnum() for c in password)
    return found + (1 if symbols else 0)


class RoleMinimumLengthValidator:
    """At least ``min_length`` characters, ``admin_min_length`` for the 三员."""

    def validate(self, password, user=None):
        policy = _policy()
        need = policy.admin_min_length if is_administrator(user) else policy.min_length
        if len(password) < need:
            raise ValidationError(f"口令太短，至少需要 {need} 个字符。", code="password_too_short")

    def get_help_text(self):
        policy = _policy()
        return f"口令至少 {policy.min_length} 个字符（三员至少 {policy.admin_min_length} 个）。"


class CharClassValidator:
    """At least ``min_classes`` of upper, lower, digit and symbol (``admin_min_classes`` for the 三员)."""

    def validate(self, password, user=None):
        policy = _policy()
        need = policy.admin_min_classes if is_administrator(user) else policy.min_classes
        if char_classes(password) < need:
            raise ValidationError(
                f"口令须至少包含大写字母、小写字母、数字、符号中的 {need} 类。", code="password_too_simple")

    def get_help_text(self):
        policy = _policy()
        return (f"口令须包含大写字母、小写字母、数字、符号中的至少 {policy.min_classes} 类"
                f"（三员须四类齐全）。")


class PasswordHistoryValidator:
    """Not one of the last ``history_count`` passwords; records each new one."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        count = _policy().history_count
        hashes = [user.password] if user.password else []
        hashes += list(user.password_history.values_list("password", flat=True)[:count])
        recent = list(dict.fromkeys(hashes))[:count]
        if any(check_password(password, h) for h in recent):
            raise ValidationError(f"不能使用最近 {count} 次用过的口令。", code="password_reused")

    def password_changed(self, password, user=None):
        from .models import PasswordHistory

        if user is None or user.pk is None:
            return
        now = timezone.now()
        PasswordHistory.objects.create(user=user, password=user.password)
        keep = max(_policy().history_count, 1)
        old = list(user.password_history.values_list("pk", flat=True)[keep:])
        if old:
            PasswordHistory.objects.filter(pk__in=old).delete()
        type(user).objects.filter(pk=user.pk).update(password_changed_at=now)
        user.password_changed_at = now

    def get_help_text(self):
        return f"不能使用最近 {_policy().history_count} 次用过的口令。"


def password_expired(user, now: dt.datetime | None = None) -> bool:
    """More than ``max_age_days`` since the password was last set."""
    changed = user.password_changed_at or user.date_joined
    if changed is None:
        return False
    now = now or timezone.now()
    return now - changed > dt.timedelta(days=_policy().max_age_days)


def must_change(user) -> str | None:
    """Why ``user`` has to change the password before working, or None."""
    if user.must_change_password:
        return "首次登录或口令被重置后，须先修改口令。"
    if password_expired(user):
        return f"口令已超过 {_policy().max_age_days} 天未修改，须先修改口令。"
    return None
