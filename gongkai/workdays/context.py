"""The calendar warning on every staff page, computed only when a page shows it."""
from __future__ import annotations

from gongkai.units.models import Role, User

from . import readiness

SHOWN_TO = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN, Role.SUPERVISOR, Role.SYSADMIN)


def calendar_warning(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role not in SHOWN_TO:
        return {}

    def warning():
        state = readiness.current()
        if not state.warn:
            return None
        admins = User.objects.filter(role=Role.SYSADMIN, is_active=True).values_list("full_name", flat=True)
        return {"state": state, "can_enter": user.role == Role.SYSADMIN, "url": readiness.calendar_url(),
                "admins": "、".join(name for name in admins if name) or "系统管理员"}
    return {"calendar_warning": warning}
