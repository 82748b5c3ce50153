"""Accounts and role grants under 三员分立 (GB/T 22239-2019 8.1.4.2 a–d, 8.1.5): one service.

- 系统管理员 (sysadmin) creates, disables, re-enables accounts and resets passwords; never grants a role.
- 单位管理员 (unit admin) creates and disables 经办人/审核人 accounts of its own unit only.
- 安全管理员 (secadmin) grants and revokes roles, and only they, never to themselves.
- One person holds one role: the role field is one value, and a grant that would combine duties is
  refused — an account that has acted as a 三员 never becomes a business account or another 三员
  (nor back; only a never-used new account may be given a 三员 role), and no other active account of
  the same person (same phone number) may hold another role.
- Reserved usernames (admin, root, …) are refused; new and reset passwords are random, shown
  once, and must be changed at first log-in.

Every action is appended to the audit log (``gongkai.units.audit.record``).
"""
from __future__ import annotations

import datetime as dt
import secrets
import string
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.security.accounts import check_username
from gongkai.units import audit
from gongkai.units.models import ADMINISTRATOR_ROLES, BUSINESS_ROLES, Role, User, staff_flag

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from gongkai.units.models import Unit

UNIT_MANAGED_ROLES = (Role.CLERK, Role.REVIEWER)
IDLE_DAYS = 90


class AccountError(Exception):
    """Refused; the message is for the user (Chinese)."""


def one_time_password(length: int = 16) -> str:
    """A random password meeting the 三员 policy (4 classes), to be changed at first log-in."""
    alphabet = string.ascii_letters + string.digits + "!@#%*-_=+"
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(length))
        if (any(c.isupper() for c in pw) and any(c.islower() for c in pw) and any(c.isdigit() for c in pw)
                and any(not c.isalnum() for c in pw)):
            return pw


# ---------------------------------------------------------------- the conflict matrix

def role_family(role: str) -> str:
    return "business" if role in BUSINESS_ROLES else role


def conflicts(current: str, wanted: str) -> bool:
    """True when one person may not move from ``current`` to ``wanted`` (or hold both):
    business roles change among themselves; each 三员 role stands alone."""
    return role_family(current) != role_family(wanted)


def fresh_account(user: User) -> bool:
    """A new 经办人 account that has never logged in may still be given any one role, a 三员 role
    included; once an account has acted under one duty it never takes another."""
    return user.role == Role.CLERK and user.last_login is None


def _same_person(user):
    if not user.phone.strip():
        return User.objects.none()
    return User.objects.filter(phone=user.phone.strip(), is_active=True).exclude(pk=user.pk)


def check_grant(actor: User, user: User, *, role: str) -> None:
    if actor.role != Role.SECADMIN or not actor.is_active:
        raise AccountError("只有安全管理员可以授予或撤销角色")
    if role not in Role.values:
        raise AccountError("未知的角色")
    if user.pk == actor.pk:
        raise AccountError("不能给自己授予或变更角色")
    if user.is_superuser:
        raise AccountError("超级用户账号不允许使用，请停用后按三员分立重新建立账号")
    if user.role == role:
        raise AccountError(f"该账号已是“{Role(role).label}”")
    if conflicts(user.role, role) and not fresh_account(user):
        raise AccountError(f"角色冲突：一人只能担任一种角色，“{Role(user.role).label}”账号不能再授予"
                           f"“{Role(role).label}”（三员与业务角色互斥，三员之间互斥）；请另建账号")
    if role in BUSINESS_ROLES and role != Role.SUPERVISOR and user.unit_id is None:
        raise AccountError("业务角色须先由系统管理员为账号指定所属单位")
    for other in _same_person(user):
        if other.role != role or role in ADMINISTRATOR_ROLES:
            raise AccountError(f"角色冲突：同一人（手机号相同）的账号“{other.username}”担任"
                               f"“{Role(other.role).label}”，不能再授予“{Role(role).label}”")


@transaction.atomic
def grant_role(actor: User, user: User, *, role: str) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    check_grant(actor, user, role=role)
    before = user.role
    user.role = role
    user.is_staff = staff_flag(role)
    if role in ADMINISTRATOR_ROLES:
        user.unit = None  # the 三员 belong to no unit and see no business data
    user.save(update_fields=["role", "is_staff", "unit"])
    audit.record("role.grant", user, user=actor, unit=user.unit,
                 detail={"username": user.username, "from": before, "to": role})
    return user


@transaction.atomic
def revoke_role(actor: User, user: User) -> User:
    """Business roles fall back to 经办人 (the least); a 三员 role is revoked by disabling the account."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor.role != Role.SECADMIN or not actor.is_active:
        raise AccountError("只有安全管理员可以授予或撤销角色")
    if user.pk == actor.pk:
        raise AccountError("不能撤销自己的角色")
    before = user.role
    if user.role in ADMINISTRATOR_ROLES:
        user.is_active = False
    elif user.role == Role.CLERK:
        raise AccountError("经办人是最基本的业务角色，无可撤销；不再需要的账号请由系统管理员停用")
    else:
        user.role = Role.CLERK
    user.is_staff = staff_flag(user.role) and user.is_active
    user.save(update_fields=["role", "is_active", "is_staff"])
    audit.record("role.revoke", user, user=actor, unit=user.unit,
                 detail={"username": user.username, "from": before, "to": user.role, "active": user.is_active})
    return user


# ---------------------------------------------------------------- accounts

def may_manage_account(actor: User, unit: Unit | None, *, role: str) -> bool:
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.role == Role.SYSADMIN:
        return role in BUSINESS_ROLES
    if actor.role == Role.UNIT_ADMIN:
        return unit is not None and unit.pk == actor.unit_id and role in UNIT_MANAGED_ROLES
    return False


def _check_new_username(username: str) -> str:
    try:
        check_username(username)
    except ValidationError as exc:
        raise AccountError(exc.messages[0]) from exc
    if not username or len(username) > 150:
        raise AccountError("用户名不能为空，且不超过150个字符")
    return username


@transaction.atomic
def create_account(actor: User, *, username: str, full_name: str, unit: Unit | None, role: str = Role.CLERK,
                   phone: str = "", email: str = "", expires_at: dt.datetime | None = None) -> tuple[User, str]:
    """A new account with a one-time random password (shown once) that must be changed at first log-in.

    The 系统管理员 may create business accounts of any unit (the role then is 经办人 until 安全管理员
    grants another); a 单位管理员 creates 经办人/审核人 accounts of its own unit.
    """
    username = _check_new_username((username or "").strip())
    if actor.role == Role.SYSADMIN:
        role = Role.CLERK
    if not may_manage_account(actor, unit, role=role):
        raise AccountError("无权建立该账号：单位管理员只能为本单位建立经办人、审核人账号")
    if unit is None:
        raise AccountError("请选择所属单位")
    password = one_time_password()
    user = User(username=username, full_name=full_name.strip(), unit=unit, role=role, phone=phone.strip(),
                email=email.strip(), expires_at=expires_at, must_change_password=True,
                is_staff=staff_flag(role))
    user.set_password(password)
    user.save()
    audit.record("account.create", user, user=actor, unit=unit,
                 detail={"username": username, "role": role, "expires_at": expires_at.isoformat() if expires_at else None})
    return user, password


def _check_manage(actor, user) -> None:
    if user.pk == actor.pk:
        raise AccountError("不能对自己的账号进行此操作")
    if actor.role == Role.SYSADMIN:
        return
    if not may_manage_account(actor, user.unit, role=user.role):
        raise AccountError("无权管理该账号")


@transaction.atomic
def set_active(actor: User, user: User, *, active: bool, reason: str = "") -> User:
    _check_manage(actor, user)
    if user.is_active == active:
        return user
    user.is_active = active
    if active:
        user.last_login = timezone.now()  # re-enabled: the idle clock starts again
    user.save(update_fields=["is_active", "last_login"])
    audit.record("account.enable" if active else "account.disable", user, user=actor, unit=user.unit,
                 detail={"username": user.username, "reason": reason[:200]})
    return user


@transaction.atomic
def reset_password(actor: User, user: User) -> str:
    """A new one-time random password (shown once); the user must change it at next log-in."""
    if actor.role != Role.SYSADMIN:
        raise AccountError("只有系统管理员可以重置口令")
    _check_manage(actor, user)
    password = one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save()
    audit.record("account.password_reset", user, user=actor, unit=user.unit, detail={"username": user.username})
    return password


# ---------------------------------------------------------------- expiry (8.1.4.2 c)

def stale_accounts(now: dt.datetime, idle_days: int = IDLE_DAYS) -> QuerySet[User]:
    """Active accounts past ``expires_at`` or idle longer than ``idle_days`` (never-used accounts
    count from their creation)."""
    from django.db.models import Q
    from django.db.models.functions import Coalesce

    cutoff = now - dt.timedelta(days=idle_days)
    return (User.objects.filter(is_active=True)
            .annotate(seen=Coalesce("last_login", "date_joined"))
            .filter(Q(expires_at__lte=now) | Q(seen__lt=cutoff)))


def disable_stale_accounts(now: dt.datetime | None = None, idle_days: int = IDLE_DAYS) -> list[str]:
    """Disable (never delete) expired and long-idle accounts, one audit entry each."""
    now = now or timezone.now()
    done = []
    for user in stale_accounts(now, idle_days):
        with transaction.atomic():
            reason = "expired" if user.expires_at and user.expires_at <= now else "idle"
            User.objects.filter(pk=user.pk).update(is_active=False)
            audit.record("account.disable", user, user=None, unit=user.unit,
                         detail={"username": user.username, "reason": reason, "idle_days": idle_days})
            done.append(user.username)
    return done


ACTION_LABELS = {
    "role.grant": "授予角色", "role.revoke": "撤销角色", "account.create": "建立账号", "account.disable": "停用账号",
    "account.enable": "启用账号", "account.password_reset": "重置口令", "account.bootstrap": "建立三员账号",
    "security.admin_network_denied": "管理地址范围外访问被拒绝", "security.console_denied": "越权访问管理控制台被拒绝",
}
