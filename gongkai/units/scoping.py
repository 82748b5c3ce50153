"""Who may see and change what: every view and API call goes through here.

A user sees their own unit; a supervisor also sees every unit below it.
Nobody sees a sibling unit's records.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import Role, Unit


def visible_units(user):
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    if user.unit_id is None:
        return Unit.objects.none()
    if user.role == Role.SUPERVISOR:
        return user.unit.subtree()
    return Unit.objects.filter(pk=user.unit_id)


def scope(queryset, user, field: str = "unit"):
    """Restrict ``queryset`` to records of the units ``user`` may see."""
    if user.is_authenticated and user.is_superuser:
        return queryset
    return queryset.filter(**{f"{field}__in": visible_units(user)})


def can_see_unit(user, unit) -> bool:
    return unit is not None and visible_units(user).filter(pk=unit.pk).exists()


def require_unit(user, unit) -> None:
    if not can_see_unit(user, unit):
        raise PermissionDenied("无权访问其他单位的数据")


def has_role(user, *roles: str) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in roles)


def require_role(user, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied("当前角色无权进行此操作")
