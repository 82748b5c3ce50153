"""Timeliness of proactive disclosure (主动公开时限), 条例第二十六条.

An item must be published within 20 working days of the day it was formed or
changed (成文日期). The days are counted by the working-day calendar.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .workdays import UnknownYearError, WorkdayCalendar

PUBLICATION_LIMIT_WORKDAYS = 20


@dataclass(frozen=True)
class Timeliness:
    """时效状态 of one item on a given day."""

    due: dt.date | None          # last day to publish; None if the calendar lacks a year
    overdue: bool                # past due and not published, or published late
    days_late: int               # working days past due (0 if on time)
    unknown_year: int | None = None
    published: bool = False

    @property
    def label(self) -> str:
        if self.unknown_year:
            return f"{self.unknown_year}年节假日安排未录入，无法计算时限"
        if self.overdue:
            return f"超期{self.days_late}个工作日"
        return "按时发布" if self.published else "未超期"


def publication_due(cal: WorkdayCalendar, written: dt.date) -> dt.date:
    """Last day on which an item formed on ``written`` may be published."""
    return cal.add(written, PUBLICATION_LIMIT_WORKDAYS)


def timeliness(cal: WorkdayCalendar, written: dt.date | None, published: dt.date | None,
               today: dt.date) -> Timeliness:
    if written is None:
        return Timeliness(None, False, 0, published=published is not None)
    try:
        due = publication_due(cal, written)
        end = published or today
        late = cal.between(due, end) if end > due else 0
    except UnknownYearError as exc:
        return Timeliness(None, False, 0, exc.year, published is not None)
    return Timeliness(due, late > 0, late, published=published is not None)
