"""System checks of the 等保 controls.

- ``no_superuser_in_production`` (三员分立, security.md §2): a production server (DEBUG=False) does
  not start while an active superuser exists; ``run_startup_checks`` runs it from gongkai.wsgi.
- ``no_empty_passwords`` (8.1.4.1 a 测评: 不存在空口令用户), tagged ``database``: run with
  ``gongkai manage check --database default``.
"""
from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.management.base import SystemCheckError
from django.db import DatabaseError


@register(Tags.security)
def no_superuser_in_production(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    from gongkai.units.models import User

    try:
        names = list(User.objects.filter(is_superuser=True, is_active=True)
                     .order_by("username").values_list("username", flat=True)[:20])
    except DatabaseError:  # no tables yet (before the first migrate)
        return []
    if not names:
        return []
    return [Error(f"生产环境（DEBUG=False）不允许存在启用的超级用户：{', '.join(names)}",
                  hint="用 `gongkai bootstrap-admins` 建立三员账户，并停用超级用户。", id="gongkai.E001")]


def run_startup_checks() -> None:
    """Refuse to serve while a check above fails (called when the WSGI application loads)."""
    try:
        errors = no_superuser_in_production()
    except RuntimeError:  # the database may not be touched at import (pytest-django blocks it there)
        return
    if errors:
        raise SystemCheckError("\n".join(f"{e.id}: {e.msg} {e.hint}" for e in errors))


@register(Tags.database)
def no_empty_passwords(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    from gongkai.units.models import User

    bad = list(User.objects.filter(is_active=True, password="").values_list("username", flat=True))
    bad += list(User.objects.filter(is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)
                .values_list("username", flat=True))
    if not bad:
        return []
    return [Error(f"启用的账户没有可用口令：{', '.join(sorted(bad)[:20])}",
                  hint="为这些账户设置口令（下次登录须修改），或停用它们。", id="gongkai.security.E001")]
