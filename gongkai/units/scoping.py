"""Who may see and change what: every view and API call goes through here.

A business user (clerk, reviewer, unit admin) sees their own unit; a supervisor also sees
every unit below it. Nobody sees a sibling unit's records. The 三员 (系统管理员、安全管理员、
审计管理员, GB/T 22239-2019 8.1.5) see no business data at all, and ``is_superuser`` grants
nothing here: there is no god mode (security.md §2).
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import ADMINISTRATOR_ROLES, BUSINESS_ROLES, Role, Unit


def is_business_user(user) -> bool:
    """Logged in, active, holding a business role and attached to a unit."""
    return bool(user.is_authenticated and user.is_active and user.role in BUSINESS_ROLES and user.unit_id)


def is_administrator(user) -> bool:
    """One of the 三员."""
    return bool(user.is_authenticated and user.role in ADMINISTRATOR_ROLES)


def visible_units(user):
    if not is_business_user(user):
        return Unit.objects.none()
    if user.role == Role.SUPERVISOR:
        return user.unit.subtree()
    return Unit.objects.filter(pk=user.unit_id)


def scope(queryset, user, field: str = "unit"):
    """Restrict ``queryset`` to records of the units ``user`` may see."""
    return queryset.filter(**{f"{field}__in": visible_units(user)})


def can_see_unit(user, unit) -> bool:
    return unit is not None and visible_units(user).filter(pk=unit.pk).exists()


def require_unit(user, unit) -> None:
    if not can_see_unit(user, unit):
        raise PermissionDenied("无权访问其他单位的数据")


def has_role(user, *roles: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def require_role(user, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied("当前角色无权进行此操作")
