"""May this user do this in the watchdog (网站守护) now? — one answer per action.

Each ``check_*`` raises :class:`WatchError` with the reason the user reads (Chinese), or returns.
The services (``registration``, ``checks``, ``tasks.request_check``, ``lifecycle.mark_fixed``) call
them first (on the locked row where they lock); the pages ask :func:`allowed_actions` /
:func:`finding_actions`, which run the very same checks, so a button is shown exactly when the
service would accept the action (with valid input)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from gongkai.units import permissions as units_permissions
from gongkai.units.models import Role
from gongkai.units.permissions import ActionSet, can_act

from .errors import WatchError
from .models import ACTIVE_STATUSES, Finding, Site

__all__ = ["ADMIN_ROLES", "STAFF_ROLES", "AllowedActions", "FindingActions", "allowed_actions", "allows",
           "check_edit_site", "check_mark_fixed", "check_register_site", "check_request_check", "finding_actions",
           "may_register_site"]

STAFF_ROLES = units_permissions.STAFF_ROLES
ADMIN_ROLES = (Role.UNIT_ADMIN,)

#: True when ``check(*args)`` passes (the page's question, asked of the service's check).
allows = partial(units_permissions.allows, WatchError)


def check_register_site(user, unit) -> None:
    """登记守护网站: only the unit's own unit admins register or change its watched sites."""
    if unit is None or not can_act(user, unit, ADMIN_ROLES):
        raise WatchError("只有本单位的单位管理员可以登记或修改守护网站")


def check_edit_site(user, site: Site) -> None:
    """修改网站设置: as :func:`check_register_site`, for the site's unit."""
    check_register_site(user, site.unit)


def check_request_check(user, site: Site) -> None:
    """立即检查: the site's own staff, or a supervisor above it (checking changes no record of the
    unit's; it only looks, which is what supervising is)."""
    if can_act(user, site.unit, STAFF_ROLES):
        return
    if (user.is_authenticated and user.role == Role.SUPERVISOR and user.unit_id is not None
            and site.unit.path.startswith(user.unit.path)):
        return
    raise WatchError("您无权检查其他单位的网站")


def check_mark_fixed(user, finding: Finding) -> None:
    """标记已整改: the site's unit's staff, while the finding is open (待处理, 已分派, 复核未通过)."""
    if not can_act(user, finding.site.unit, STAFF_ROLES):
        raise WatchError("您无权处理其他单位的问题")
    if finding.status not in ACTIVE_STATUSES:
        raise WatchError(f"当前状态为“{finding.get_status_display()}”，不能标记已整改")


def may_register_site(user) -> bool:
    """The dashboard's 登记网站 button."""
    return allows(check_register_site, user, getattr(user, "unit", None))


@dataclass(frozen=True)
class AllowedActions(ActionSet):
    """What ``user`` may do to one site now; ``fix`` holds the ids of the listed findings they may mark fixed."""

    edit: bool = False
    check: bool = False
    fix: frozenset[int] = field(default_factory=frozenset)


def allowed_actions(user, site: Site, findings=()) -> AllowedActions:
    """Every ``check_*`` above asked for ``site`` (and each of ``findings``, a list of its findings)."""
    fix = set()
    for finding in findings:
        finding.site = site  # the page's findings are the site's: no query per row for its unit
        if allows(check_mark_fixed, user, finding):
            fix.add(finding.pk)
    return AllowedActions(edit=allows(check_edit_site, user, site), check=allows(check_request_check, user, site),
                          fix=frozenset(fix))


@dataclass(frozen=True)
class FindingActions:
    """What ``user`` may do to one finding now."""

    fix: bool = False


def finding_actions(user, finding: Finding) -> FindingActions:
    return FindingActions(fix=allows(check_mark_fixed, user, finding))
