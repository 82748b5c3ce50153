"""May this user change this unit's duties, duty log or training records now? — one answer per action.

Each ``check_*`` raises :class:`DutyError` with the reason the user reads (Chinese), or returns. The
services call them first (on the locked row where they lock); the unit pages ask
:func:`allowed_actions`, which runs the very same checks, so a button is shown exactly when the
service would accept the action (with valid input)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from gongkai.units import permissions as units_permissions
from gongkai.units.models import Role, Unit
from gongkai.units.permissions import ActionSet

STAFF_ROLES = units_permissions.STAFF_ROLES
MANAGE_ROLES = units_permissions.SIGNER_ROLES


class DutyError(Exception):
    """Refused; the message is for the user (Chinese)."""


#: True when ``check(*args)`` passes (the page's question, asked of the service's check).
allows = partial(units_permissions.allows, DutyError)


_require = partial(units_permissions.require, DutyError)


def check_transfer(user, unit: Unit) -> None:
    """人员调动: the unit's reviewers and unit admins."""
    _require(user, unit, MANAGE_ROLES, "调整本单位职责分工")


def check_group(user, unit: Unit) -> None:
    """领导小组 members in and out: the unit's reviewers and unit admins."""
    _require(user, unit, MANAGE_ROLES, "调整本单位领导小组")


def check_end_group_member(user, member) -> None:
    check_group(user, member.unit)
    if member.end_on is not None:
        raise DutyError("该成员已离开领导小组")


def check_sign_off(user, unit: Unit) -> None:
    _require(user, unit, STAFF_ROLES, "为本单位值守记录签字")


def check_add_session(user, unit: Unit) -> None:
    _require(user, unit, STAFF_ROLES, "登记本单位培训")


def check_add_reserve(user, unit: Unit) -> None:
    _require(user, unit, MANAGE_ROLES, "登记本单位后备人员")


def check_remove_reserve(user, person) -> None:
    _require(user, person.unit, MANAGE_ROLES, "调整本单位后备人员")
    if not person.is_active:
        raise DutyError("该人员已不在后备人员名单中")


def may_see_all_units(user) -> bool:
    """全部单位 (the duties overview of every unit below): supervisors."""
    return user.is_authenticated and user.role == Role.SUPERVISOR


@dataclass(frozen=True)
class AllowedActions(ActionSet):
    """What ``user`` may do on one unit's duties pages now."""

    transfer: bool = False
    group: bool = False
    sign: bool = False
    train: bool = False
    reserve: bool = False
    all_units: bool = False
    end_member: frozenset[int] = field(default_factory=frozenset)


def allowed_actions(user, unit: Unit, members=()) -> AllowedActions:
    """Every ``check_*`` above asked for ``unit``; ``end_member`` holds the ids of ``members`` (the
    page's leading-group rows) the user may mark as leaving. The page lists active reserve staff
    only, so 移出 is offered with ``reserve``."""
    return AllowedActions(
        end_member=frozenset(m.pk for m in members if allows(check_end_group_member, user, m)),
        transfer=allows(check_transfer, user, unit), group=allows(check_group, user, unit),
        sign=allows(check_sign_off, user, unit), train=allows(check_add_session, user, unit),
        reserve=allows(check_add_reserve, user, unit), all_units=may_see_all_units(user))
