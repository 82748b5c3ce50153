"""The 审计管理员's saved reports (GB/T 22239-2019 8.1.5.2 b)): which events each shows; no Django.

A report is a filter on event codes plus, for off-hours work, a test on the local time.
Working hours are 08:00–18:00 on working days; administrator work outside them is listed.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

ADMIN_ROLES = ("sysadmin", "secadmin", "auditadmin")
WORK_START, WORK_END = dt.time(8, 0), dt.time(18, 0)


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    actions: tuple[str, ...] = ()
    action_prefixes: tuple[str, ...] = ()
    off_hours: bool = False


REPORTS = {r.key: r for r in (
    Report("failed_logins", "登录失败与锁定", ("auth.login_failed", "auth.lockout", "auth.otp_failed")),
    Report("pii_reveals", "查看完整个人信息（按人员）", ("pii.reveal",)),
    Report("off_hours_admin", "非工作时间的管理操作",
           action_prefixes=("account.", "role.", "security.", "system.", "audit.", "auth.unlock", "auth.otp_reset"),
           off_hours=True),
)}


def is_off_hours(local: dt.datetime, is_workday: Callable[[dt.date], bool]) -> bool:
    """Outside 08:00–18:00, or on a day that is not a working day (``is_workday(date)``)."""
    if not is_workday(local.date()):
        return True
    return not (WORK_START <= local.time() < WORK_END)
