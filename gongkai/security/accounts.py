"""身份标识唯一 (GB/T 22239-2019 8.1.4.1 a): usernames unique case-insensitively, reserved names refused.

``check_username`` is for forms (a clear Chinese message); ``guard_username`` is the pre_save
backstop so that no code path creates ``Admin`` beside ``admin`` or an account named ``root``.
A unique index on LOWER(username) (migration 0002) holds even against raw SQL.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError

RETIRED_MESSAGE = "该用户名曾属于已删除或已改名的账户，不能再分配给新账户（用户名不得重复使用）。"

RESERVED_USERNAMES = frozenset({"admin", "administrator", "root", "test", "guest", "sa", "system"})


def check_username(username: str, exclude_pk=None, reserved: bool = True) -> None:
    from gongkai.units.models import User

    name = (username or "").strip()
    if reserved and name.lower() in RESERVED_USERNAMES:
        raise ValidationError(f"“{name}”是保留用户名，不能使用。", code="reserved_username")
    if is_retired(name):
        raise ValidationError(RETIRED_MESSAGE, code="retired_username")
    clash = User.objects.filter(username__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError("该用户名已被使用（不区分大小写）。", code="duplicate_username")


def guard_username(sender, instance, raw=False, **kwargs):
    """pre_save receiver on the user model: checked when an account is created or renamed."""
    if raw:
        return
    if instance.pk is not None:
        old = type(instance).objects.filter(pk=instance.pk).values_list("username", flat=True).first()
        if old == instance.username:
            return
        if old:
            retire(old, "renamed")
    # The demo's superuser ``admin`` predates this rule; superusers themselves are refused in
    # production by the 三员 work (security.md §2), so they are not refused twice here.
    check_username(instance.username, exclude_pk=instance.pk, reserved=not instance.is_superuser)


def validate_username_field(value: str) -> None:
    """Model-field validator (forms, admin): a clear message instead of the pre_save refusal."""
    from gongkai.units.models import User

    if (value or "").strip().lower() in RESERVED_USERNAMES:
        raise ValidationError(f"“{value}”是保留用户名，不能使用。", code="reserved_username")
    if is_retired(value) and not User.objects.filter(username=value).exists():
        raise ValidationError(RETIRED_MESSAGE, code="retired_username")
    if User.objects.filter(username__iexact=value).exclude(username=value).exists():
        raise ValidationError("该用户名已被使用（不区分大小写）。", code="duplicate_username")


def install_field_validator() -> None:
    from gongkai.units.models import User

    validators = User._meta.get_field("username").validators
    if validate_username_field not in validators:
        validators.append(validate_username_field)


def is_retired(username: str) -> bool:
    from .models import RetiredUsername

    return RetiredUsername.objects.filter(username=(username or "").strip().lower()).exists()


def retire(username: str, reason: str) -> None:
    """A username that leaves an account is never handed out again (tombstone, lower case)."""
    from .models import RetiredUsername

    RetiredUsername.objects.get_or_create(username=username.strip().lower(), defaults={"reason": reason})


def on_user_deleted(sender, instance, **kwargs):
    """post_delete receiver on the user model."""
    retire(instance.username, "deleted")
