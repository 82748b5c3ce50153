"""Warn the office before the calendar runs out: who is told, what is blocked, where it is fixed.

The rule (which clocks are blocked from which day) is ``gongkai.domain.calendar_readiness``;
this module adds the records that wait meanwhile and the one notice per year and stage.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.domain.calendar_readiness import Readiness, readiness
from gongkai.units.audit import record
from gongkai.units.models import Role, User

from .models import CalendarNotice
from .services import get_calendar

# Who can enter a year, and who must know it is missing.
NOTIFIED_ROLES = (Role.SYSADMIN, Role.UNIT_ADMIN, Role.REVIEWER)


@dataclass(frozen=True)
class Waiting:
    """Records whose deadline cannot be computed until the year is entered."""

    applications: int
    items: int


def current(today: dt.date | None = None) -> Readiness:
    return readiness(get_calendar(), today or timezone.localdate())


def waiting(units=None) -> Waiting:
    """Open applications on the clock and unpublished items that have no deadline yet."""
    from gongkai.applications.models import ON_CLOCK_STATUSES, Application
    from gongkai.catalog.models import UNPUBLISHED_STATUSES, Item

    apps = Application.objects.filter(status__in=ON_CLOCK_STATUSES, due_on__isnull=True)
    items = Item.objects.filter(status__in=UNPUBLISHED_STATUSES, publish_due__isnull=True,
                                written_date__isnull=False)
    if units is not None:
        apps, items = apps.filter(unit__in=units), items.filter(unit__in=units)
    return Waiting(apps.count(), items.count())


def calendar_url() -> str:
    return reverse("workdays:calendar")


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
