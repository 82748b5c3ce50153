"""Django-admin model rights by role, defined in code (security.md §2): no per-user permissions,
no superuser. ``ModelBackend`` still answers for Django's own permission tables, which no role uses.

The 系统管理员 keeps the system's resources (8.1.5.1 b): the working-day calendar and the
watched websites with their schedules. Units and accounts are scoped in ``gongkai.units.admin``.
"""
from __future__ import annotations

from gongkai.units.models import Role

_CRUD = ("view", "add", "change")

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SYSADMIN: frozenset(
        [f"workdays.{a}_scheduleyear" for a in _CRUD] + [f"workdays.{a}_scheduleday" for a in (*_CRUD, "delete")]
        + [f"watch.{a}_site" for a in _CRUD]),
}


class RolePermissionBackend:
    """Grants the permissions of ``ROLE_PERMISSIONS[user.role]`` to active users; authenticates nobody."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def _perms(self, user) -> frozenset[str]:
        if not user.is_active or not getattr(user, "is_authenticated", False):
            return frozenset()
        return ROLE_PERMISSIONS.get(getattr(user, "role", None), frozenset())

    def get_all_permissions(self, user, obj=None):
        return set(self._perms(user))

    def has_perm(self, user, perm, obj=None):
        return perm in self._perms(user)

    def has_module_perms(self, user, app_label):
        return any(p.startswith(app_label + ".") for p in self._perms(user))
