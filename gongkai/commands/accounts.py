"""bootstrap-admins: the three 三员 accounts (GB/T 22239-2019 8.1.5), with one-time passwords."""
from __future__ import annotations

from . import CommandError, setup_django

DEFAULT_NAMES = {"sysadmin": "sysadmin", "secadmin": "secadmin", "auditadmin": "auditadmin"}


def register(sub) -> None:
    p = sub.add_parser(
        "bootstrap-admins",
        help="create the 系统管理员, 安全管理员 and 审计管理员 accounts (one-time passwords, printed once)",
        description="Creates each of the three administrator accounts that does not exist yet, with a random "
                    "password that must be changed at first log-in. A role that already has an active account "
                    "is left alone. There is no superuser.")
    for role, default in DEFAULT_NAMES.items():
        p.add_argument(f"--{role}", default=default, metavar="USERNAME",
                       help=f"username of the {role} account (default %(default)s)")
    p.set_defaults(func=cmd_bootstrap_admins)


def bootstrap(usernames: dict[str, str]) -> list[tuple[str, str, str | None]]:
    """(role label, username, password or None when the role already had an account)."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from gongkai.security.accounts import check_username
    from gongkai.security.roles.services import one_time_password
    from gongkai.units import audit
    from gongkai.units.models import ADMINISTRATOR_ROLES, Role, User

    rows = []
    with transaction.atomic():
        for role in ADMINISTRATOR_ROLES:
            existing = User.objects.filter(role=role, is_active=True).order_by("pk").first()
            if existing:
                rows.append((Role(role).label, existing.username, None))
                continue
            username = usernames[role.value].strip()
            try:
                check_username(username)
            except ValidationError as exc:
                raise CommandError(f"{username!r}: {exc.messages[0]}") from None
            password = one_time_password()
            user = User(username=username, full_name=Role(role).label, role=role, must_change_password=True)
            user.set_password(password)
            user.save()
            audit.record("account.bootstrap", user, user=None, detail={"username": username, "role": role.value})
            rows.append((Role(role).label, username, password))
    return rows


def cmd_bootstrap_admins(args) -> int:
    setup_django()
    rows = bootstrap({role: getattr(args, role) for role in DEFAULT_NAMES})
    print("三员账号 / administrator accounts (passwords are shown once; change them at first log-in):")
    for label, username, password in rows:
        print(f"  {label:<8} {username:<16} {password if password else '(已存在，未改动 / exists, unchanged)'}")
    return 0
