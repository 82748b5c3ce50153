"""Helpers of the alert tests (tag: alerts)."""
from __future__ import annotations

import time

from gongkai.units.models import Role, User
from tests.conftest import PASSWORD


def fresh_minute(budget_seconds: int = 20) -> None:
    """Counting windows are calendar minutes: start a burst early enough in one to finish in it."""
    if time.time() % 60 > 60 - budget_seconds:
        time.sleep(60 - time.time() % 60 + 0.2)


def officer(role, username, email):
    return User.objects.create_user(username=username, password=PASSWORD, role=role, full_name=username,
                                    email=email)


def officers():
    return (officer(Role.SECADMIN, "sec_officer", "sec@qinghe.example"),
            officer(Role.AUDITADMIN, "audit_officer", "audit@qinghe.example"))
