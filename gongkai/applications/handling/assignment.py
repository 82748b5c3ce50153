"""Who handles an application (承办人): the "mine" queue, assignment by a reviewer or unit admin,
and a clerk taking an unassigned one (我来办理).

A counter registration is assigned to the registering clerk; an on-line one starts unassigned.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet

from gongkai.units import audit
from gongkai.units.models import User
from gongkai.units.permissions import can_act

from ..models import OPEN_STATUSES, Application
from .services import APPROVER_ROLES, STAFF_ROLES, ApplicationError


def mine(applications, user):
    """Open applications assigned to ``user``."""
    return applications.filter(status__in=OPEN_STATUSES, assigned_to=user)


def assignable_staff(unit):
    """Active clerks, reviewers and admins of ``unit``: the people who may handle its applications."""
    return (get_user_model().objects.filter(unit=unit, is_active=True, role__in=STAFF_ROLES)
            .order_by("role", "full_name", "username"))


def can_assign(user, unit) -> bool:
    return unit is not None and can_act(user, unit, APPROVER_ROLES)


def can_take(user, app: Application) -> bool:
    return app.is_open and app.assigned_to_id is None and can_act(user, app.unit, STAFF_ROLES)


def _check_assignee(app: Application, assignee) -> None:
    if assignee is None or not assignable_staff(app.unit).filter(pk=assignee.pk).exists():
        raise ApplicationError("承办人须为受理单位在职的工作人员")


def _save(user, app: Application, assignee, action: str) -> Application:
    before = app.assigned_to_id
    app.assigned_to = assignee
    app.save(update_fields=["assigned_to", "updated_at"])
    audit.record(action, app, user=user, unit=app.unit, detail={"from": before, "to": assignee.pk})
    return app


@transaction.atomic
def assign(user: User, app: Application, *, assignee: User | None) -> Application:
    """A reviewer or admin of the handling unit gives the application to one of the unit's staff;
    a clerk may only take an unassigned one themselves."""
    app = Application.objects.select_for_update().select_related("unit").get(pk=app.pk)
    if not app.is_open:
        raise ApplicationError("该申请已答复，不能再分配承办人")
    if not can_assign(user, app.unit):
        if assignee is not None and assignee.pk == user.pk and can_act(user, app.unit, STAFF_ROLES):
            return take(user, app)
        raise ApplicationError("您无权分配承办人（仅限受理单位的审核人或单位管理员）")
    _check_assignee(app, assignee)
    if app.assigned_to_id == assignee.pk:
        return app
    return _save(user, app, assignee, "application.assign")


@transaction.atomic
def take(user: User, app: Application) -> Application:
    """我来办理: a member of the handling unit's staff takes an unassigned application."""
    app = Application.objects.select_for_update().select_related("unit").get(pk=app.pk)
    if not can_act(user, app.unit, STAFF_ROLES):
        raise ApplicationError("您无权办理该申请（仅限受理单位工作人员）")
    if not app.is_open:
        raise ApplicationError("该申请已答复")
    if app.assigned_to_id == user.pk:
        return app
    if app.assigned_to_id is not None:
        raise ApplicationError("该申请已有承办人，如需调整请联系审核人或单位管理员")
    _check_assignee(app, user)
    return _save(user, app, user, "application.take")


@transaction.atomic
def bulk_assign(user: User, applications: QuerySet[Application], *, ids: Iterable[int],
                assignee: User | None) -> int:
    """Assign the selected applications of ``user``'s unit to ``assignee``; all or nothing.
    Ids of other units' applications (or unknown ones) are ignored. Returns how many changed."""
    unit = user.unit
    if not can_assign(user, unit):
        raise ApplicationError("您无权分配承办人（仅限本单位的审核人或单位管理员）")
    if assignee is None or not assignable_staff(unit).filter(pk=assignee.pk).exists():
        raise ApplicationError("承办人须为本单位在职的工作人员")
    chosen = list(applications.filter(pk__in=ids, unit=unit).select_for_update(of=("self",)).order_by("pk"))
    if not chosen:
        raise ApplicationError("请先选择本单位的申请")
    closed = [a.number for a in chosen if not a.is_open]
    if closed:
        raise ApplicationError(f"已答复的申请不能再分配承办人：{'、'.join(closed)}")
    changed = 0
    for app in chosen:
        if app.assigned_to_id != assignee.pk:
            _save(user, app, assignee, "application.assign")
            changed += 1
    return changed
