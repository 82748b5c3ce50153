"""Reads of the working-day calendar's screen (工作日历 → 节假日安排): the entered years and days.
The schedule is the platform's, not a unit's: the screen is the 系统管理员's (its view's decorator)."""
from __future__ import annotations

from django.db.models import QuerySet

from .models import ScheduleDay, ScheduleYear

__all__ = ["entered_years", "latest_schedule_days"]


def entered_years() -> QuerySet[ScheduleYear]:
    """Every year whose 节假日安排 has been entered or imported."""
    return ScheduleYear.objects.all()


def latest_schedule_days(limit: int = 60) -> QuerySet[ScheduleDay]:
    """The entered schedule days, latest date first."""
    return ScheduleDay.objects.order_by("-date")[:limit]
