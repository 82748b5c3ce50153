"""System check: no active account without a usable password (8.1.4.1 a 测评: 不存在空口令用户).

Tagged ``database``: run with ``gongkai manage check --database default``.
"""
from __future__ import annotations

from django.core.checks import Error, Tags, register


@register(Tags.database)
def no_empty_passwords(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    from gongkai.units.models import User

    bad = list(User.objects.filter(is_active=True).filter(password__in=["", None]).values_list("username", flat=True))
    bad += list(User.objects.filter(is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)
                .values_list("username", flat=True))
    if not bad:
        return []
    return [Error(f"启用的账户没有可用口令：{', '.join(sorted(bad)[:20])}",
                  hint="为这些账户设置口令（下次登录须修改），或停用它们。", id="gongkai.security.E001")]
