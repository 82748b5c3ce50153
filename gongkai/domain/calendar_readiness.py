"""Is the working-day calendar ready for the clocks that run from today? (节假日安排是否已录入)

Every statutory clock counts working days, and a year with no entered holiday
schedule is never guessed. So in the last weeks of a year the clocks started
today begin to reach into a year nobody has entered yet. This module says, for a
given day, which clocks still fit inside the known calendar and which are
blocked, and from which day the office must be warned: the day the longest clock
first reaches into the unknown year.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .application_clock import CONSULTATION_WORKDAYS, MAX_EXTENSION_WORKDAYS, REPLY_WORKDAYS
from .publication import PUBLICATION_LIMIT_WORKDAYS
from .workdays import UnknownYearError, WorkdayCalendar


@dataclass(frozen=True)
class Clock:
    """One statutory clock that a clerk starts from today (时限)."""

    label: str
    workdays: int


# The clocks a unit starts in its daily work, longest last.
CLOCKS = (
    Clock("第三方征求意见（15个工作日）", CONSULTATION_WORKDAYS),
    Clock("新收申请的答复期限（20个工作日）", REPLY_WORKDAYS),
    Clock("缴纳信息处理费期限（20个工作日）", 20),
    Clock("主动公开信息的发布期限（20个工作日）", PUBLICATION_LIMIT_WORKDAYS),
    Clock("补正期限（最长30个工作日）", 30),
    Clock("延期答复后的答复期限（20+20个工作日）", REPLY_WORKDAYS + MAX_EXTENSION_WORKDAYS),
)
LONGEST_WORKDAYS = max(c.workdays for c in CLOCKS)


@dataclass(frozen=True)
class Readiness:
    """What the calendar can and cannot count from ``today``."""

    today: dt.date
    missing_year: int | None      # the first year without a schedule that a clock reaches into
    workdays_left: int            # working days after today that the known calendar covers
    blocked: tuple[Clock, ...]    # clocks started today that cannot be computed

    @property
    def warn(self) -> bool:
        """From the day the longest clock first reaches into the missing year."""
        return self.missing_year is not None

    @property
    def urgent(self) -> bool:
        """An ordinary answer deadline started today can no longer be computed."""
        return any(c.workdays <= REPLY_WORKDAYS for c in self.blocked)


def readiness(calendar: WorkdayCalendar, today: dt.date) -> Readiness:
    left = _workdays_left(calendar, today, LONGEST_WORKDAYS)
    if left >= LONGEST_WORKDAYS:
        return Readiness(today, None, left, ())
    missing = _first_unknown_year(calendar, today)
    blocked = tuple(c for c in CLOCKS if c.workdays > left)
    return Readiness(today, missing, left, blocked)


def _workdays_left(calendar: WorkdayCalendar, today: dt.date, enough: int) -> int:
    """Working days after ``today`` the calendar can count, up to ``enough``."""
    count, day = 0, today
    try:
        while count < enough:
            day += dt.timedelta(days=1)
            if calendar.is_workday(day):
                count += 1
    except UnknownYearError:
        pass
    return count


def _first_unknown_year(calendar: WorkdayCalendar, today: dt.date) -> int:
    year = today.year
    while year in calendar.known_years:
        year += 1
    return year


def unknown_year_message(year: int, blocked_action: str) -> str:
    """The one sentence every refusal uses: what is blocked, who fixes it, where."""
    return (f"{year}年的节假日安排尚未录入，{blocked_action}。"
            f"请系统管理员在“工作日历 → 节假日安排”页面录入或导入{year}年的安排（国务院办公厅通知发布后即可录入）；"
            f"录入后期限会自动计算。")
