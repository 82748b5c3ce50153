"""The calendar notice: the records that wait for a missing year, and the one mail per year and
stage to the people who must act (the rule: ``gongkai.domain.calendar_readiness``; the state:
``gongkai.workdays.readiness``). It counts applications and items, so it lives above both apps.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from gongkai.applications.models import ON_CLOCK_STATUSES, Application
from gongkai.catalog.models import UNPUBLISHED_STATUSES, Item
from gongkai.domain.calendar_readiness import Readiness
from gongkai.units.audit import record
from gongkai.units.models import Role, User
from gongkai.workdays.models import CalendarNotice
from gongkai.workdays.readiness import calendar_url, current

# Who can enter a year, and who must know it is missing.
NOTIFIED_ROLES = (Role.SYSADMIN, Role.UNIT_ADMIN, Role.REVIEWER)


@dataclass(frozen=True)
class Waiting:
    """Records whose deadline cannot be computed until the year is entered."""

    applications: int
    items: int


def waiting(units=None) -> Waiting:
    """Open applications on the clock and unpublished items that have no deadline yet."""
    apps = Application.objects.filter(status__in=ON_CLOCK_STATUSES, due_on__isnull=True)
    items = Item.objects.filter(status__in=UNPUBLISHED_STATUSES, publish_due__isnull=True,
                                written_date__isnull=False)
    if units is not None:
        apps, items = apps.filter(unit__in=units), items.filter(unit__in=units)
    return Waiting(apps.count(), items.count())


def notify(today: dt.date | None = None) -> int:
    """Mail the people who must act, once per missing year and stage (warning, then urgent)."""
    state = current(today)
    if not state.warn:
        return 0
    stage = CalendarNotice.URGENT if state.urgent else CalendarNotice.WARNING
    try:
        with transaction.atomic():
            CalendarNotice.objects.create(year=state.missing_year, stage=stage)
    except IntegrityError:
        return 0  # told already
    people = User.objects.filter(is_active=True, role__in=NOTIFIED_ROLES).exclude(email="")
    subject, body = _mail(state)
    for person in people:
        send_mail(subject, body, None, [person.email])
    record("workdays.calendar_notice", detail={"year": state.missing_year, "stage": stage,
                                               "recipients": people.count()},
           target_repr=f"{state.missing_year}年节假日安排")
    return people.count()


def _mail(state: Readiness) -> tuple[str, str]:
    year = state.missing_year
    subject = f"【政务公开平台】请尽快录入{year}年节假日安排"
    lines = [f"{year}年的节假日安排尚未录入。从今天（{state.today:%Y年%m月%d日}）起，下列期限已不能计算：", ""]
    lines += [f"  · {clock.label}" for clock in state.blocked]
    now = waiting()
    lines += ["", f"目前有 {now.applications} 件依申请公开和 {now.items} 条主动公开信息的期限等待计算。",
              "录入前平台不会猜测期限；录入后所有期限自动重新计算并通知承办人。", "",
              f"系统管理员请在“工作日历 → 节假日安排”页面录入或导入：{_site()}{calendar_url()}"]
    return subject, "\n".join(lines)


def _site() -> str:
    return getattr(settings, "GONGKAI_BASE_URL", "").rstrip("/")
