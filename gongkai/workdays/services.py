"""The working-day calendar as the platform sees it: package schedule + admin entries."""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Max

from gongkai.domain.workdays import DayOverride, WorkdayCalendar, parse_schedule

from .models import ScheduleDay, ScheduleYear
from .signals import schedule_changed

if TYPE_CHECKING:
    import datetime as dt

_lock = threading.Lock()
_cache: dict = {"stamp": None, "calendar": None}


def _stamp():
    days = ScheduleDay.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    years = ScheduleYear.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    return (days["n"], days["t"], years["n"], years["t"])


def get_calendar() -> WorkdayCalendar:
    """The current calendar; rebuilt only when an admin changed a schedule."""
    stamp = _stamp()
    with _lock:
        if _cache["stamp"] != stamp:
            extra = [DayOverride(d.date, d.kind, d.note) for d in ScheduleDay.objects.all()]
            years = ScheduleYear.objects.values_list("year", flat=True)
            _cache["calendar"] = WorkdayCalendar.official(extra, years)
            _cache["stamp"] = stamp
        return _cache["calendar"]


@transaction.atomic
def load_schedule(text: str, source: str = "") -> tuple[int, list[int]]:
    """Store a schedule file's days (replacing those years' entries). All or nothing."""
    overrides, years = parse_schedule(text)
    for year in years:
        ScheduleDay.objects.filter(date__year=year).delete()
        ScheduleYear.objects.update_or_create(year=year, defaults={"source": source[:200]})
    ScheduleDay.objects.bulk_create(ScheduleDay(date=o.date, kind=o.kind, note=o.note) for o in overrides)
    transaction.on_commit(lambda: schedule_changed.send(sender=ScheduleDay, years=sorted(years)))
    return len(overrides), sorted(years)


def reminder_horizon(today: dt.date, workdays: int) -> dt.date:
    """The last day a reminder looks ahead to: ``workdays`` working days after ``today``; with no
    schedule for that year, as many calendar days (that only widens the window, never skips)."""
    import datetime as dt

    from gongkai.domain.workdays import UnknownYearError

    try:
        return get_calendar().add(today, workdays)
    except UnknownYearError:
        return today + dt.timedelta(days=workdays)
