"""Reads of the 三员 consoles (/manage/…): accounts and units as the 系统管理员 and the 安全管理员
see them (the whole platform — the consoles' decorators admit only those roles), and a 单位管理员's
own unit. The 审计管理员's log search is ``auditlog/selectors.py``."""
from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.units.models import Unit, User

__all__ = ["account_search", "accounts_by_unit", "cleared_accounts", "confirmed_totp_devices",
           "disabled_accounts", "own_unit", "stale_accounts_with_unit", "unit_accounts", "units_by_path",
           "usernames_containing"]


def account_search(query: str, limit: int = 200) -> QuerySet[User]:
    """Accounts whose username or full name contains ``query`` (all when empty), by username, unit joined."""
    users = User.objects.select_related("unit").order_by("username")
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    return users[:limit]


def accounts_by_unit(query: str, limit: int = 200) -> QuerySet[User]:
    """The 系统管理员's account list: username, full name or unit name containing ``query`` (all when
    empty), by unit then username."""
    users = User.objects.select_related("unit").order_by("unit__path", "username")
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query) | Q(unit__name__icontains=query))
    return users[:limit]


def disabled_accounts(limit: int = 100) -> QuerySet[User]:
    """Disabled accounts by username, unit joined."""
    return User.objects.filter(is_active=False).select_related("unit").order_by("username")[:limit]


def stale_accounts_with_unit(stale: QuerySet[User], limit: int = 100) -> QuerySet[User]:
    """The idle accounts ``stale`` (from the roles services) for the page, unit joined."""
    return stale.select_related("unit")[:limit]


def units_by_path() -> QuerySet[Unit]:
    """The unit tree in path order, each unit's parent joined."""
    return Unit.objects.select_related("parent").order_by("path")


def unit_accounts(user: User) -> QuerySet[User]:
    """The other accounts of the 单位管理员 ``user``'s own unit, by username."""
    return User.objects.filter(unit=user.unit).exclude(pk=user.pk).order_by("username")


def own_unit(user: User) -> QuerySet[Unit]:
    """``user``'s own unit, as the only choice of an account form."""
    return Unit.objects.filter(pk=user.unit_id)


def cleared_accounts(limit: int = 200) -> QuerySet[User]:
    """Accounts given a 安全许可级别, by username, unit joined."""
    return User.objects.filter(clearance__isnull=False).select_related("unit").order_by("username")[:limit]


def usernames_containing(query: str, limit: int = 20) -> list[User] | QuerySet[User]:
    """Accounts whose username contains ``query`` (none when empty), by username."""
    return User.objects.filter(username__icontains=query).order_by("username")[:limit] if query else []


def confirmed_totp_devices(users: Iterable[User]) -> QuerySet[TOTPDevice]:
    """The confirmed TOTP devices of ``users``."""
    return TOTPDevice.objects.filter(user__in=list(users), confirmed=True)
