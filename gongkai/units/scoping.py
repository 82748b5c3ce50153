"""Who may see and change what: every view and API call goes through here.

A business user (clerk, reviewer, unit admin) sees their own unit; a supervisor also sees
every unit below it. Nobody sees a sibling unit's records. The 三员 (系统管理员、安全管理员、
审计管理员, GB/T 22239-2019 8.1.5) see no business data at all, and ``is_superuser`` grants
nothing here: there is no god mode (security.md §2).
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.domain import security_labels

from . import audit
from .models import ADMINISTRATOR_ROLES, BUSINESS_ROLES, Role, Unit


class LabelDenied(PermissionDenied):
    """安全标记 (8.1.4.2 g): the user's clearance is below the record's label."""


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


def clearance(user) -> security_labels.Level:
    if not user.is_authenticated:
        return security_labels.Level.PUBLIC
    return user.effective_clearance


def scope(queryset, user, field: str = "unit", *, labels: bool = True):
    """Restrict ``queryset`` to records of the units ``user`` may see and, for a model that
    carries a 安全标记 (``label_filter``), to those within the user's clearance."""
    queryset = queryset.filter(**{f"{field}__in": visible_units(user)})
    label_filter = getattr(queryset.model, "label_filter", None)
    if labels and label_filter is not None:
        queryset = queryset.filter(label_filter(clearance(user)))
    return queryset


def require_clearance(user, obj, label=None) -> None:
    """Refuse (audited, 403 with the reason in Chinese) when ``obj``'s label is above the clearance."""
    label = obj.label if label is None else label
    have = clearance(user)
    if security_labels.may_access(have, label):
        return
    message = security_labels.refusal(have, label)
    audit.record_failure("security.label_denied", obj, user=user, subject=f"{obj._meta.label_lower}:{obj.pk}",
                         reason="安全许可级别低于安全标记", detail={"label": int(label), "clearance": int(have)})
    raise LabelDenied(message)


def get_or_refuse(queryset, user, field: str = "unit", **lookup):
    """One record of the user's units: 404 when it is not theirs (its existence is not confirmed),
    403 (audited) when it is theirs but labelled above their clearance."""
    obj = scope(queryset, user, field, labels=False).filter(**lookup).first()
    if obj is None:
        raise Http404("记录不存在")
    require_clearance(user, obj)
    return obj


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
