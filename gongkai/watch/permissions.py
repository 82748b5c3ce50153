"""Who may do what in the watchdog (网站守护): register and edit a unit's sites, check a site, handle
its findings. One answer each, used by the services and by the views."""
from __future__ import annotations

from gongkai.units.models import Role
from gongkai.units.permissions import can_act

from .errors import WatchError
from .models import Site

__all__ = ["ADMIN_ROLES", "STAFF_ROLES", "may_request_check", "require_admin"]

STAFF_ROLES = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN)
ADMIN_ROLES = (Role.UNIT_ADMIN,)


def require_admin(user, unit) -> None:
    """Only the unit's own unit admins register or change its watched sites."""
    if not can_act(user, unit, ADMIN_ROLES):
        raise WatchError("只有本单位的单位管理员可以登记或修改守护网站")


def may_request_check(user, site: Site) -> bool:
    """立即检查: the site's own staff, or a supervisor above it (checking changes no record of the
    unit's; it only looks, which is what supervising is)."""
    if can_act(user, site.unit, STAFF_ROLES):
        return True
    return (user.is_authenticated and user.role == Role.SUPERVISOR and user.unit_id is not None
            and site.unit.path.startswith(user.unit.path))
